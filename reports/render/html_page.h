// The frame of every HTML page (the report, one run, a comparison, `serve`'s index): one
// look, a head that may make the page reload itself, and tables as markup.
//
// Contract: like html.h, a page is well-formed (XHTML-style), has no script and no external
// asset, and every title and table cell is HTML-escaped here; markup passed in is trusted as
// already escaped. The report (html.h) is drawn on this frame too: one stylesheet, so every
// page looks the same.
#ifndef MNISTBENCH_REPORTS_RENDER_HTML_PAGE_H_
#define MNISTBENCH_REPORTS_RENDER_HTML_PAGE_H_

#include <string>

#include "reports/tables/tables.h"

namespace mnb {

// "<!DOCTYPE html>" up to and including "<body>" and the page's <h1>`heading`</h1>, with
// <title>`title`</title>. `refresh_seconds` > 0 adds <meta http-equiv="refresh">.
std::string HtmlPageStart(const std::string& title, const std::string& heading,
                          int refresh_seconds);
// The same with the title as its heading.
std::string HtmlPageStart(const std::string& title, int refresh_seconds);
std::string HtmlPageEnd();  // "</body></html>"

// The table in a horizontally scrolling box; a table whose headers are all empty is a headless
// one, its first column shown as row headers (as the report's summary table).
void AppendHtmlTable(std::string* out, const TextTable& table, const char* css_class = nullptr);

}  // namespace mnb

#endif  // MNISTBENCH_REPORTS_RENDER_HTML_PAGE_H_
