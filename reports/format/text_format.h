// Tables, CSV records and number formatting shared by the report renderers; the escaping they
// use is harness/base/text_escape.h, shared with every other writer.
//
// Contract: every function is pure and locale-independent (fmt, never iostreams or printf with a
// locale), so a report renders byte-for-byte the same anywhere. Missing values (empty optionals)
// render as "" in CSV and as an em dash in Markdown/HTML. CSV numbers use the shortest text that
// parses back to the same double, so a CSV read back equals the database exactly.
#ifndef MNISTBENCH_REPORTS_FORMAT_TEXT_FORMAT_H_
#define MNISTBENCH_REPORTS_FORMAT_TEXT_FORMAT_H_

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace mnb {

// A whole Markdown table; cells are escaped here (MarkdownCell). `right` marks right-aligned
// columns.
std::string MarkdownTable(const std::vector<std::string>& header, const std::vector<bool>& right,
                          const std::vector<std::vector<std::string>>& rows);

// Appends one record (fields already formatted, escaped here with CsvField) ending in CRLF, as
// RFC 4180 says.
void AppendCsvRecord(std::string* out, const std::vector<std::string>& fields);

extern const char* const kMissing;  // shown for a missing value in Markdown and HTML

std::string Exact(double value);                    // shortest round-trip text, e.g. 0.9812
std::string Exact(const std::optional<double>& value);
std::string Exact(const std::optional<int64_t>& value);
std::string Percent(const std::optional<double>& fraction, int decimals = 2);  // 0.98123 -> 98.12
std::string Fixed(const std::optional<double>& value, int decimals);
std::string PValue(double p);                       // "0.041", "<0.001"
std::string PText(double p);                        // "p=0.041", "p<0.001"
std::string Grouped(int64_t value);                 // 61706 -> 61,706 (display only, never CSV)

// Display width of UTF-8 text in terminal columns (code points; all ours are narrow).
size_t DisplayWidth(const std::string& text);
// `text` if it is at most `chars` code points (chars >= 1), else its first chars - 1 code points
// and an ellipsis: a label cut to fit beside a plot, never inside a UTF-8 sequence.
std::string Truncated(const std::string& text, size_t chars);

}  // namespace mnb

#endif  // MNISTBENCH_REPORTS_FORMAT_TEXT_FORMAT_H_
