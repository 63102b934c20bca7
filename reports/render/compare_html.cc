#include "reports/render/compare_html.h"

#include <fmt/format.h>

#include "harness/base/text_escape.h"
#include "reports/render/html_page.h"

namespace mnb {

std::string RenderCompareHtml(const CompareData& data) {
  std::string out = HtmlPageStart("mnistbench compare", 0);
  AppendHtmlTable(&out, CompareSidesTable(data));
  AppendHtmlTable(&out, CompareStatsTable(data));
  out += "<h2>McNemar per seed pair (test set)</h2>\n";
  if (data.mcnemar.empty()) {
    out += fmt::format("<p>None: {}.</p>\n", HtmlEscape(data.mcnemar_note));
  } else {
    AppendHtmlTable(&out, McNemarTable(data));
  }
  return out + HtmlPageEnd();
}

}  // namespace mnb
