#include "reports/tables/search_yield.h"

#include <fmt/format.h>

#include "reports/format/text_format.h"

namespace mnb {

const char* const kSearchYieldNote =
    "Pruned runs stopped early at a rung their pruner judged (the table rungs says why, run by "
    "run); epochs trained count every recorded epoch, the budget every planned one. Best found: "
    "the completed run with the highest final test accuracy.";

std::vector<SearchYield> SearchYields(const ReportData& data) {
  std::vector<SearchYield> yields;
  for (const std::string& experiment : data.experiments) {
    SearchYield y;
    y.experiment = experiment;
    for (size_t i = 0; i < data.runs.size(); ++i) {
      const RunSummaryRow& run = data.runs[i];
      if (run.experiment != experiment) continue;
      ++y.runs;
      y.completed += run.completed() ? 1 : 0;
      y.pruned += run.status == "pruned" ? 1 : 0;
      y.epochs_trained += run.epochs_done;
      y.epochs_budget += run.epochs;
      if (run.completed() && run.test_accuracy &&
          (!y.best_run || *run.test_accuracy > *data.runs[*y.best_run].test_accuracy)) {
        y.best_run = i;
      }
    }
    if (y.pruned > 0) yields.push_back(y);
  }
  return yields;
}

TextTable SearchYieldTable(const ReportData& data, const std::vector<SearchYield>& yields) {
  TextTable t;
  t.header = {"experiment", "runs", "completed", "pruned", "epochs trained", "full budget",
              "spent", "best found", "test acc %"};
  t.right = {false, true, true, true, true, true, true, false, true};
  for (const SearchYield& y : yields) {
    const double spent = y.epochs_budget > 0
                             ? static_cast<double>(y.epochs_trained) / y.epochs_budget
                             : 0.0;
    std::string best = "—", accuracy = "—";
    if (y.best_run) {
      const RunSummaryRow& run = data.runs[*y.best_run];
      best = fmt::format("run {}: {} (seed {})", run.run_id, run.label, run.seed);
      accuracy = Percent(run.test_accuracy);
    }
    t.rows.push_back({y.experiment, std::to_string(y.runs),
                      std::to_string(y.completed), std::to_string(y.pruned),
                      Grouped(y.epochs_trained), Grouped(y.epochs_budget),
                      fmt::format("{:.0f}%", 100 * spent), best, accuracy});
  }
  return t;
}

}  // namespace mnb
