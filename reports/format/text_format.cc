#include "reports/format/text_format.h"

#include <fmt/format.h>

#include <cmath>

#include "harness/base/text_escape.h"

namespace mnb {

const char* const kMissing = "\xE2\x80\x94";  // em dash

std::string MarkdownTable(const std::vector<std::string>& header, const std::vector<bool>& right,
                          const std::vector<std::vector<std::string>>& rows) {
  std::string out = "|";
  for (const std::string& h : header) out += " " + MarkdownCell(h) + " |";
  out += "\n|";
  for (size_t c = 0; c < header.size(); ++c) {
    out += c < right.size() && right[c] ? " ---: |" : " --- |";
  }
  out += "\n";
  for (const auto& row : rows) {
    out += "|";
    for (size_t c = 0; c < header.size(); ++c) {
      out += " " + (c < row.size() ? MarkdownCell(row[c]) : std::string()) + " |";
    }
    out += "\n";
  }
  return out;
}

void AppendCsvRecord(std::string* out, const std::vector<std::string>& fields) {
  for (size_t i = 0; i < fields.size(); ++i) {
    if (i > 0) *out += ',';
    *out += CsvField(fields[i]);
  }
  *out += "\r\n";
}

std::string Exact(double value) {
  if (!std::isfinite(value)) return "";  // SQLite stores no NaN; nothing else to say in CSV
  return fmt::format("{}", value);
}
std::string Exact(const std::optional<double>& value) { return value ? Exact(*value) : ""; }
std::string Exact(const std::optional<int64_t>& value) {
  return value ? fmt::format("{}", *value) : "";
}

std::string Percent(const std::optional<double>& fraction, int decimals) {
  if (!fraction || !std::isfinite(*fraction)) return kMissing;
  return fmt::format("{:.{}f}", 100.0 * *fraction, decimals);
}

std::string Fixed(const std::optional<double>& value, int decimals) {
  if (!value || !std::isfinite(*value)) return kMissing;
  return fmt::format("{:.{}f}", *value, decimals);
}

std::string PValue(double p) { return p < 0.001 ? "<0.001" : fmt::format("{:.3f}", p); }
std::string PText(double p) { return p < 0.001 ? "p<0.001" : fmt::format("p={:.3f}", p); }

std::string Grouped(int64_t value) {
  std::string digits = fmt::format("{}", value < 0 ? -value : value);
  std::string out;
  for (size_t i = 0; i < digits.size(); ++i) {
    if (i > 0 && (digits.size() - i) % 3 == 0) out += ',';
    out += digits[i];
  }
  return value < 0 ? "-" + out : out;
}

size_t DisplayWidth(const std::string& text) {
  size_t width = 0;
  for (unsigned char c : text) width += (c & 0xC0) != 0x80;
  return width;
}

std::string Truncated(const std::string& text, size_t chars) {
  if (DisplayWidth(text) <= chars) return text;
  size_t seen = 0, at = 0;
  for (; at < text.size(); ++at) {
    if ((static_cast<unsigned char>(text[at]) & 0xC0) != 0x80 && ++seen > chars - 1) break;
  }
  return text.substr(0, at) + "\xE2\x80\xA6";
}

}  // namespace mnb
