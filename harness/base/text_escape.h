// Text escaping for every writer: HTML, XML (JUnit), Markdown and CSV.
//
// Contract: one function per target, each pure and byte-oriented (UTF-8 passes through
// untouched), so the same text escapes the same way in `report`, `check`, `models` and `query`.
// Escaping makes text show as written; it never truncates or reorders. HtmlEscape and XmlEscape
// differ only in the apostrophe (&#39; for HTML 4 readers, &apos; as XML defines it).
#ifndef MNISTBENCH_HARNESS_BASE_TEXT_ESCAPE_H_
#define MNISTBENCH_HARNESS_BASE_TEXT_ESCAPE_H_

#include <string>

namespace mnb {

// Element text and double- or single-quoted attribute values.
std::string HtmlEscape(const std::string& text);
std::string XmlEscape(const std::string& text);

// One GitHub-flavoured Markdown table cell: '|' and '\' escaped, newlines and tabs folded to
// spaces, HTML specials as entities (GitHub would otherwise swallow "<name>" as a tag), leading
// and trailing blanks trimmed.
std::string MarkdownCell(const std::string& text);

// Running Markdown text (headings, paragraphs, list items): newlines folded, punctuation
// Markdown would act on backslash-escaped, HTML specials as entities, so a name like "a_b|<c>"
// shows as written.
std::string MarkdownText(const std::string& text);

// One RFC 4180 field: quoted when it holds a comma, quote, CR or LF; quotes doubled.
std::string CsvField(const std::string& text);

}  // namespace mnb

#endif  // MNISTBENCH_HARNESS_BASE_TEXT_ESCAPE_H_
