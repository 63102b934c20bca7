// Fidelity, the table: every seed model's variants against the accuracy its project published, for
// `report --fidelity` and the fidelity section of the Markdown, HTML and CSV reports.
//
// Contract: SelectFidelity adds a FidelityRow for each leaderboard variant whose model has a
// published recipe (models/recipe.h) and that trained on the recipe's dataset; other variants
// (mnb-vgg, layer lists, a seed model on Fashion-MNIST) have no published figure to meet.
// A row's recipe deviations say whether it trained the published recipe (none) or what it
// changed (an ablation); ours is the Student-t summary (harness/stats/summary.h, 95%) of the
// variant's completed seeds' final test accuracies (fractions, as stored; the interval clipped
// to [0, 1]), and its verdict is stats::JudgeFidelity's against the published figure. Rows go by experiment, then in the zoo's recipe order, the published
// recipe first, then by leaderboard rank. FidelityTable is the display text both Markdown and
// HTML render; FidelityCsv the raw values (fractions, as every report CSV).
#ifndef MNISTBENCH_REPORTS_TABLES_FIDELITY_TABLE_H_
#define MNISTBENCH_REPORTS_TABLES_FIDELITY_TABLE_H_

#include <string>

#include "reports/data/report_data.h"
#include "reports/tables/tables.h"

namespace mnb {

TextTable FidelityTable(const ReportData& data);
std::string FidelityCsv(const ReportData& data);

// One paragraph on how to read the table (the verdicts, the interval, what "recipe" means).
extern const char* const kFidelityNote;

}  // namespace mnb

#endif  // MNISTBENCH_REPORTS_TABLES_FIDELITY_TABLE_H_
