#include "reports/plot/parallel_axes.h"

#include <algorithm>
#include <cmath>

namespace mnb {

std::optional<double> ParallelAxis::Position(const std::optional<AxisValue>& value) const {
  if (!value) return std::nullopt;
  if (numeric) {
    if (!value->number || !std::isfinite(*value->number)) return std::nullopt;
    if (scale.log && *value->number <= 0) return std::nullopt;
    return scale.Fraction(*value->number);
  }
  const auto found = std::lower_bound(categories.begin(), categories.end(), value->text);
  if (found == categories.end() || *found != value->text) return std::nullopt;
  if (categories.size() == 1) return 0.5;
  return static_cast<double>(found - categories.begin()) /
         static_cast<double>(categories.size() - 1);
}

ParallelAxis LayoutAxis(const std::string& name, const std::vector<std::optional<AxisValue>>& values,
                        bool percent) {
  ParallelAxis axis;
  axis.name = name;
  axis.percent = percent;
  std::vector<double> numbers;
  for (const auto& v : values) {
    if (!v) continue;
    if (!v->number) axis.numeric = false;
    if (v->number) numbers.push_back(*v->number);
    axis.categories.push_back(v->text);
  }
  if (axis.numeric) {
    axis.categories.clear();
    axis.scale = ChooseScale(numbers, /*allow_log=*/!percent);
    return axis;
  }
  std::sort(axis.categories.begin(), axis.categories.end());
  axis.categories.erase(std::unique(axis.categories.begin(), axis.categories.end()),
                        axis.categories.end());
  return axis;
}

}  // namespace mnb
