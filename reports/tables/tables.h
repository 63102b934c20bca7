// The report's tables as display text, shared by the Markdown and HTML renderers so both show
// the same numbers the same way. (CSV has its own, raw-valued tables: csv_report.h.)
//
// Contract: cells are plain, unescaped text; each renderer escapes them for its format.
// Accuracies are percentages with two decimals, "mean ± std" over completed seeds; a missing
// value is kMissing (text_format.h).
#ifndef MNISTBENCH_REPORTS_TABLES_TABLES_H_
#define MNISTBENCH_REPORTS_TABLES_TABLES_H_

#include <string>
#include <vector>

#include "reports/data/report_data.h"

namespace mnb {

struct TextTable {
  std::vector<std::string> header;
  std::vector<bool> right;  // right-aligned (numeric) columns
  std::vector<std::vector<std::string>> rows;
};

TextTable SummaryTable(const ReportData& data);                 // DB, experiments, time, env
// An experiment's runs counted per status, "7 completed, 1 failed" (statuses alphabetical);
// empty when it has none. The report's summary and `serve`'s index say it the same way.
std::string StatusCounts(const std::vector<RunSummaryRow>& runs, const std::string& experiment);
TextTable LeaderboardTable(const ReportData& data, const std::string& experiment);
TextTable BestConfigTable(const ReportData& data);
TextTable ComparisonTable(const ReportData& data, const Comparison& comparison);
TextTable UnfinishedTable(const ReportData& data, int max_rows);  // at most max_rows rows
TextTable CurveTable(const LearningCurve& curve, const std::vector<std::string>& eval_sets);
TextTable ConfusionTable(const ModelBestRun& best);
// The expected best accuracy of k runs at k = 1..5, every fifth k up to 100, then 200, 500,
// 1000, 2000, ... (1-2-5 steps), and N.
TextTable BudgetTable(const BudgetCurve& curve);
std::string BudgetTitle(const BudgetCurve& curve);  // "quickstart: expected best validation accuracy"
extern const char* const kBudgetNote;
TextTable ClassTable(const ModelBestRun& best);

std::string CurveTitle(const LearningCurve& curve);   // "run 3: lenet5, seed 1 (quickstart)"
std::string BestRunTitle(const ModelBestRun& best);   // "lenet5 (quickstart): run 3, test 98.12%"
// How to read the accuracy columns and the vs-best mark: one sentence under each report's summary.
extern const char* const kAccuracyNote;

// "98.12 ± 0.10 [97.87, 98.37]" (mean ± sample std [95% Student-t interval]); "98.12" for n = 1.
std::string AccuracyMeanStd(const VariantRow& v);
// The leaderboard's mark against the best variant: "best", "≈ best (p=0.41)",
// "undecided (p=0.20, n=2, ~5 seeds each)", "below (p=0.003)" (Holm-adjusted two-sided Welch
// p), "too few seeds".
std::string VsBestText(const VariantRow& v);
std::vector<std::string> EvalSetsOf(const ReportData& data, const std::string& experiment);

}  // namespace mnb

#endif  // MNISTBENCH_REPORTS_TABLES_TABLES_H_
