// One run as an HTML page (`serve`'s /runs/<id>): what it is (its status, configuration and where
// it ran), its epochs as a table and as learning curves, and its test confusion matrix.
//
// Contract: LoadRunPage reads one snapshot through the results reader and never writes; it
// returns std::nullopt when there is no run with that id. RenderRunHtml only formats, reusing the
// report's tables (tables.h) and charts (svg.h) so a run looks as it does in the report; the page
// is well-formed, has no script, and every string from the database is escaped.
#ifndef MNISTBENCH_REPORTS_RENDER_RUN_PAGE_H_
#define MNISTBENCH_REPORTS_RENDER_RUN_PAGE_H_

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "harness/results/result_set.h"

namespace mnb {

struct RunPageData {
  RunRow record;                       // configuration and environment as recorded
  RunRow run;                          // its summary row, with its variant's label
  std::vector<EpochResult> epochs;     // by epoch
  ConfusionResult confusion;           // test split, final epoch; empty when not recorded
  std::vector<std::string> eval_sets;  // the extra eval sets its epochs measured, sorted
};

std::optional<RunPageData> LoadRunPage(StoreReader& results, int64_t run_id);

std::string RenderRunHtml(const RunPageData& data, int refresh_seconds);

}  // namespace mnb

#endif  // MNISTBENCH_REPORTS_RENDER_RUN_PAGE_H_
