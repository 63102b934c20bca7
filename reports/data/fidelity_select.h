// Fidelity, the data: every seed model's variants against the accuracy its project published, for
// `report --fidelity` and the fidelity section of the Markdown, HTML and CSV reports.
//
// Contract: SelectFidelity adds a FidelityRow for each leaderboard variant whose model has a
// published recipe (models/recipe.h) and that trained on the recipe's dataset; other variants
// (mnb-vgg, layer lists, a seed model on Fashion-MNIST) have no published figure to meet.
// A row's recipe deviations say whether it trained the published recipe (none) or what it
// changed (an ablation); ours is the Student-t summary (harness/stats/summary.h, 95%) of the
// variant's completed seeds' final test accuracies (fractions, as stored; the interval clipped
// to [0, 1]), and its verdict is stats::JudgeFidelity's against the published figure. Rows go by experiment, then in the zoo's recipe order, the published
// recipe first, then by leaderboard rank.
#ifndef MNISTBENCH_REPORTS_DATA_FIDELITY_SELECT_H_
#define MNISTBENCH_REPORTS_DATA_FIDELITY_SELECT_H_

#include "reports/data/report_data.h"

namespace mnb {

void SelectFidelity(ReportData& data);

// 97.31 -> 0.9731, the double nearest that decimal (published figures have two decimals at most),
// so the CSV writes it as published rather than as 97.31 / 100 = 0.9731000000000001.
double PublishedFraction(double percent);

}  // namespace mnb

#endif  // MNISTBENCH_REPORTS_DATA_FIDELITY_SELECT_H_
