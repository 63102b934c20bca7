#include "harness/base/text_escape.h"

#include <string_view>

namespace mnb {

namespace {

// The five markup specials; only the apostrophe's entity differs between HTML and XML.
std::string EscapeMarkup(const std::string& text, const char* apostrophe) {
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += apostrophe; break;
      default: out += c;
    }
  }
  return out;
}

// Entities for the HTML specials in Markdown: every renderer honours them, not all honour "\<".
bool AppendMarkdownEntity(char c, std::string* out) {
  switch (c) {
    case '<': *out += "&lt;"; return true;
    case '>': *out += "&gt;"; return true;
    case '&': *out += "&amp;"; return true;
    default: return false;
  }
}

}  // namespace

std::string HtmlEscape(const std::string& text) { return EscapeMarkup(text, "&#39;"); }

std::string XmlEscape(const std::string& text) { return EscapeMarkup(text, "&apos;"); }

std::string MarkdownCell(const std::string& text) {
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    if (AppendMarkdownEntity(c, &out)) continue;
    switch (c) {
      case '|': out += "\\|"; break;
      case '\\': out += "\\\\"; break;  // so a trailing backslash cannot escape our pipe
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

std::string MarkdownText(const std::string& text) {
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    if (c == '\n' || c == '\r') {
      out += ' ';
    } else if (!AppendMarkdownEntity(c, &out)) {
      if (std::string_view("\\`*_[]|#~!").find(c) != std::string_view::npos) out += '\\';
      out += c;
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

}  // namespace mnb
