#include "reports/text_format.h"

#include <fmt/format.h>

#include <cmath>
#include <string_view>

namespace mnb {

const char* const kMissing = "\xE2\x80\x94";  // em dash

std::string MarkdownCell(const std::string& text) {
  std::string out;
  out.reserve(text.size());
  for (size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    switch (c) {
      case '|': out += "\\|"; break;
      case '\\': out += "\\\\"; break;  // so a trailing backslash cannot escape our pipe
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '&': out += "&amp;"; break;
      case '\r': break;
      case '\n': out += ' '; break;
      case '\t': out += ' '; break;
      default: out += c;
    }
  }
  // Leading/trailing blanks are trimmed by Markdown anyway; keep cells tidy.
  const size_t first = out.find_first_not_of(' ');
  if (first == std::string::npos) return "";
  return out.substr(first, out.find_last_not_of(' ') - first + 1);
}

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

std::string MarkdownText(const std::string& text) {
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    if (c == '\n' || c == '\r') {
      out += ' ';
      continue;
    }
    // Entities for HTML specials: every renderer honours them, not all honour "\<".
    if (c == '<') {
      out += "&lt;";
    } else if (c == '>') {
      out += "&gt;";
    } else if (c == '&') {
      out += "&amp;";
    } else {
      if (std::string_view("\\`*_[]|#~!").find(c) != std::string_view::npos) out += '\\';
      out += c;
    }
  }
  return out;
}

std::string HtmlEscape(const std::string& text) {
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&#39;"; break;
      default: out += c;
    }
  }
  return out;
}

std::string CsvField(const std::string& text) {
  if (text.find_first_of(",\"\r\n") == std::string::npos) return text;
  std::string out = "\"";
  for (char c : text) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + "\"";
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

}  // namespace mnb
