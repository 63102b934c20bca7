// A single run's learning curves as inline SVG: accuracy (train, val, test and each extra
// evaluation set) and loss per epoch, side by side. The report's "Learning curves" section and
// `serve`'s run page draw a run with this one function, so they look the same.
//
// Contract: pure; the markup is svg.h's (well-formed, escaped), wrapped in a "figures" div.
// Colours are the colour-blind-safe category colours (palette.h), in the order train, val, test,
// then the evaluation sets.
#ifndef MNISTBENCH_REPORTS_PLOT_RUN_CHARTS_H_
#define MNISTBENCH_REPORTS_PLOT_RUN_CHARTS_H_

#include <string>
#include <vector>

#include "harness/results/result_set.h"

namespace mnb {

std::string RunCurveCharts(const std::vector<EpochResult>& epochs,
                           const std::vector<std::string>& eval_sets);

}  // namespace mnb

#endif  // MNISTBENCH_REPORTS_PLOT_RUN_CHARTS_H_
