#include "reports/render/html_page.h"

#include <fmt/format.h>

#include <algorithm>

#include "harness/base/text_escape.h"

namespace mnb {

namespace {

// The one stylesheet of every page.
const char* kStyle = R"css(
body { font: 14px/1.45 system-ui, -apple-system, "Segoe UI", sans-serif; color: #1b1f24;
       margin: 24px auto; max-width: 1400px; padding: 0 16px; background: #fff; }
h1 { font-size: 24px; margin: 0 0 12px; }
h2 { font-size: 19px; margin: 28px 0 8px; border-bottom: 1px solid #d0d7de; padding-bottom: 4px; }
h3 { font-size: 15px; margin: 18px 0 6px; }
table { border-collapse: collapse; margin: 6px 0 14px; font-variant-numeric: tabular-nums; }
th, td { border: 1px solid #d0d7de; padding: 3px 8px; vertical-align: top; white-space: nowrap; }
td:last-child { white-space: normal; min-width: 160px; }
div.scroll { overflow-x: auto; max-width: 100%; }
th { background: #f3f5f7; text-align: left; }
td.num, th.num { text-align: right; white-space: nowrap; }
tr:nth-child(even) td { background: #fafbfc; }
table.summary th { width: 110px; }
p.note { color: #57606a; max-width: 900px; }
pre { background: #f6f8fa; padding: 8px; overflow-x: auto; }
.figures { display: flex; flex-wrap: wrap; gap: 12px; }
figure { margin: 0; }
svg { background: #fff; }
svg .plot { fill: #fcfcfd; stroke: #d0d7de; }
svg .grid { stroke: #eaeef2; }
svg .axis { font-size: 11px; fill: #57606a; }
svg .legend { font-size: 12px; fill: #1b1f24; }
svg .chart-title { font-size: 13px; font-weight: 600; fill: #1b1f24; }
svg .cell { stroke: #fff; }
svg .count { font-size: 11px; fill: #1b1f24; }
svg .count.light { fill: #fff; }
)css";

}  // namespace

std::string HtmlPageStart(const std::string& title, const std::string& heading,
                          int refresh_seconds) {
  const std::string refresh =
      refresh_seconds > 0
          ? fmt::format("<meta http-equiv=\"refresh\" content=\"{}\" />\n", refresh_seconds)
          : "";
  return fmt::format(
      "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\" />\n"
      "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\" />\n{}"
      "<title>{}</title>\n<style>{}</style>\n</head>\n<body>\n<h1>{}</h1>\n",
      refresh, HtmlEscape(title), kStyle, HtmlEscape(heading));
}

std::string HtmlPageStart(const std::string& title, int refresh_seconds) {
  return HtmlPageStart(title, title, refresh_seconds);
}

std::string HtmlPageEnd() { return "</body>\n</html>\n"; }

void AppendHtmlTable(std::string* out, const TextTable& t, const char* css_class) {
  *out += "<div class=\"scroll\">\n";
  *out += css_class != nullptr ? fmt::format("<table class=\"{}\">\n", css_class) : "<table>\n";
  const bool headless = std::all_of(t.header.begin(), t.header.end(),
                                    [](const std::string& h) { return h.empty(); });
  auto right = [&](size_t c) { return c < t.right.size() && t.right[c]; };
  if (!headless) {
    *out += "<thead><tr>";
    for (size_t c = 0; c < t.header.size(); ++c) {
      *out += fmt::format("<th{}>{}</th>", right(c) ? " class=\"num\"" : "",
                          HtmlEscape(t.header[c]));
    }
    *out += "</tr></thead>\n";
  }
  *out += "<tbody>\n";
  for (const auto& row : t.rows) {
    *out += "<tr>";
    for (size_t c = 0; c < t.header.size(); ++c) {
      const std::string cell = c < row.size() ? HtmlEscape(row[c]) : "";
      if (headless && c == 0) {
        *out += fmt::format("<th>{}</th>", cell);
      } else {
        *out += fmt::format("<td{}>{}</td>", right(c) ? " class=\"num\"" : "", cell);
      }
    }
    *out += "</tr>\n";
  }
  *out += "</tbody>\n</table>\n</div>\n";
}

}  // namespace mnb
