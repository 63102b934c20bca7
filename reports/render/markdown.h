// The report as one GitHub-flavoured Markdown document.
//
// Contract: every table has the same number of cells in each row as in its header; user text
// (experiment names, labels, errors) is escaped so it can neither break a table nor become
// markup. The document opens with which database, experiments, when and on what it was made.
#ifndef MNISTBENCH_REPORTS_RENDER_MARKDOWN_H_
#define MNISTBENCH_REPORTS_RENDER_MARKDOWN_H_

#include <string>

#include "reports/data/report_data.h"

namespace mnb {

std::string RenderMarkdown(const ReportData& data, const ReportOptions& options);

// `report --fidelity`: the summary and the fidelity table alone (reports/tables/fidelity_table.h).
std::string RenderFidelityMarkdown(const ReportData& data);

}  // namespace mnb

#endif  // MNISTBENCH_REPORTS_RENDER_MARKDOWN_H_
