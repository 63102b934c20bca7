// `compare` as an HTML page (`serve`'s /compare): the same tables as the Markdown renderer
// (compare.h), in the report's frame (html_page.h).
//
// Contract: pure formatting of a CompareData; well-formed, no script, every string escaped.
#ifndef MNISTBENCH_REPORTS_RENDER_COMPARE_HTML_H_
#define MNISTBENCH_REPORTS_RENDER_COMPARE_HTML_H_

#include <string>

#include "reports/tables/compare.h"

namespace mnb {

std::string RenderCompareHtml(const CompareData& data);

}  // namespace mnb

#endif  // MNISTBENCH_REPORTS_RENDER_COMPARE_HTML_H_
