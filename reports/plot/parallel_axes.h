// The axes of a parallel-coordinates plot: one per varying setting, then the final validation
// and test accuracy, each placing a run's value between 0 (bottom) and 1 (top).
//
// Contract: an axis of numbers is a scale (plot_scale.h: log where the values span a decade or
// more and are positive, as a learning-rate grid does; never for accuracies); an axis of text
// ("model", "activation") spaces its distinct values evenly in sorted order, one value in the
// middle. A run without a value on an axis has no position there (the plot breaks its line).
// Pure.
#ifndef MNISTBENCH_REPORTS_PLOT_PARALLEL_AXES_H_
#define MNISTBENCH_REPORTS_PLOT_PARALLEL_AXES_H_

#include <optional>
#include <string>
#include <vector>

#include "reports/plot/plot_scale.h"

namespace mnb {

struct AxisValue {
  std::optional<double> number;  // set on a numeric axis
  std::string text;              // the value as written (a label's text, or the category)
};

struct ParallelAxis {
  std::string name;
  bool numeric = true;
  bool percent = false;  // fractions shown as percentages (the accuracies)
  AxisScale scale;       // numeric axes
  std::vector<std::string> categories;  // text axes: distinct values, sorted

  // 0 at the bottom, 1 at the top; none for a missing value or one the axis does not hold.
  std::optional<double> Position(const std::optional<AxisValue>& value) const;
};

// The axis for `values` (one per run, std::nullopt where the run has none). Numeric when every
// present value has a number; `percent` for accuracies (linear, never log).
ParallelAxis LayoutAxis(const std::string& name, const std::vector<std::optional<AxisValue>>& values,
                        bool percent);

}  // namespace mnb

#endif  // MNISTBENCH_REPORTS_PLOT_PARALLEL_AXES_H_
