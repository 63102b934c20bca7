// The report's selections over loaded results (report_data.h): each step reads what LoadReport
// has filled in so far and adds one part of ReportData.
//
// Contract: all indices refer to ReportData::leaderboard and ReportData::runs; "best run" is the
// completed run with the highest final test accuracy, the earliest by id on ties. SelectBestRuns
// and SelectCurves read more (confusion, epochs) through `results`, inside LoadReport's snapshot.
#ifndef MNISTBENCH_REPORTS_DATA_REPORT_SELECT_H_
#define MNISTBENCH_REPORTS_DATA_REPORT_SELECT_H_

#include <string>

#include "reports/data/report_data.h"

namespace mnb {

// Per (experiment, model): its top-ranked variant.
void SelectBestConfigs(ReportData& data);
// Per (experiment, model): its best run with confusion matrix and per-class metrics, in
// leaderboard order.
void SelectBestRuns(StoreReader& results, ReportData& data);
// Per epoch, each metric's mean, min-max and count over the seeds (one epoch list per run)
// that recorded it; the mean adds seeds in the order given.
std::vector<VariantEpoch> SeedCurves(const std::vector<std::vector<EpochRow>>& seeds);
// The learning curves of the best run of each of the `top_runs` top-ranked variants per
// experiment, and with two or more completed seeds the variant's mean and min-max band over
// them per epoch.
void SelectCurves(StoreReader& results, int top_runs, ReportData& data);
// Every variant of an experiment against `baseline` (a variant label, else a model name: its
// first variant); without one, each model's variants against its first, each with its Welch
// test against the baseline (none below two seeds on either side). An unknown baseline throws
// a bad-input Error listing the labels.
void SelectComparisons(const std::string& baseline, ReportData& data);
// Per experiment: the expected best validation accuracy of k runs drawn from its completed runs,
// k = 1..N, each run's best-epoch validation accuracy (its best test accuracy when no run of the
// experiment has a validation split).
void SelectBudgetCurves(ReportData& data);

}  // namespace mnb

#endif  // MNISTBENCH_REPORTS_DATA_REPORT_SELECT_H_
