// The yield of a pruned search, per experiment: what it trained against what a full run of every
// trial would have, and the best it found ([search] prune = ..., docs/search.md).
//
// Contract: SearchYields returns one row per experiment of the report that has at least one
// pruned run, in the report's experiment order: its runs (trials x seeds), completed and pruned
// counts, the epochs trained (each run's recorded epochs) against the full budget (each run's
// planned epochs, summed), and the completed run with the highest final test accuracy (none when
// no run completed). Experiments without pruned runs trained their full budget and get no row.
// SearchYieldTable formats the rows for Markdown and HTML; no torch, no SQL.
#ifndef MNISTBENCH_REPORTS_TABLES_SEARCH_YIELD_H_
#define MNISTBENCH_REPORTS_TABLES_SEARCH_YIELD_H_

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "reports/data/report_data.h"
#include "reports/tables/tables.h"

namespace mnb {

struct SearchYield {
  std::string experiment;
  int64_t runs = 0, completed = 0, pruned = 0;
  int64_t epochs_trained = 0, epochs_budget = 0;
  std::optional<size_t> best_run;  // index into ReportData::runs
};

std::vector<SearchYield> SearchYields(const ReportData& data);
TextTable SearchYieldTable(const ReportData& data, const std::vector<SearchYield>& yields);

extern const char* const kSearchYieldNote;

}  // namespace mnb

#endif  // MNISTBENCH_REPORTS_TABLES_SEARCH_YIELD_H_
