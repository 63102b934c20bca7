// The report as one self-contained HTML page: tables, inline SVG learning curves, comparison
// plots (html_plots.h: every variant's curves, hyper-parameter heat maps, Pareto fronts,
// parallel coordinates) and confusion heat maps, an embedded stylesheet; no script, no
// external asset, no network.
//
// Contract: the page is well-formed (XHTML-style: every element closed, attributes quoted) and
// every string that came from the user or the database is HTML-escaped.
#ifndef MNISTBENCH_REPORTS_RENDER_HTML_H_
#define MNISTBENCH_REPORTS_RENDER_HTML_H_

#include <string>

#include "reports/data/report_data.h"

namespace mnb {

std::string RenderHtml(const ReportData& data, const ReportOptions& options);

// `report --fidelity --format html`: the summary and the fidelity section alone.
std::string RenderFidelityHtml(const ReportData& data);

}  // namespace mnb

#endif  // MNISTBENCH_REPORTS_RENDER_HTML_H_
