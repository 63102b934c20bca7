#include "harness/search/median_pruner.h"

#include <algorithm>
#include <cmath>

namespace mnb::search {

namespace {

double Median(std::vector<double> values) {
  std::sort(values.begin(), values.end());
  const size_t n = values.size();
  return n % 2 == 1 ? values[n / 2] : 0.5 * (values[n / 2 - 1] + values[n / 2]);
}

}  // namespace

PruneDecision DecideMedian(const MedianSpec& spec, const std::vector<RunCurve>& completed,
                           int64_t run_id, const std::vector<EpochMetric>& curve,
                           int64_t max_epochs) {
  PruneDecision decision;
  decision.rule = PruneDecision::Rule::kMedian;
  if (curve.empty()) return decision;
  const int64_t epoch =
      std::max_element(curve.begin(), curve.end(), [](const EpochMetric& a, const EpochMetric& b) {
        return a.epoch < b.epoch;
      })->epoch;
  decision.epoch = epoch;
  if (static_cast<int64_t>(completed.size()) < spec.startup_trials || epoch < spec.min_epochs ||
      epoch >= max_epochs)
    return decision;

  std::vector<double> others;
  for (const RunCurve& run : completed) {
    if (run.run_id == run_id) continue;
    for (const EpochMetric& row : run.epochs)
      if (row.epoch == epoch && std::isfinite(row.metric)) {
        others.push_back(row.metric);
        break;
      }
  }
  if (others.empty()) return decision;
  decision.checked = true;
  decision.compared = others.size();
  decision.cutoff = Median(others);

  const double sign = spec.maximize ? 1.0 : -1.0;  // larger is better after orienting
  bool any_finite = false;
  double best = 0;
  for (const EpochMetric& row : curve) {
    if (!std::isfinite(row.metric)) continue;
    if (!any_finite || sign * row.metric > sign * best) best = row.metric;
    any_finite = true;
  }
  decision.metric = any_finite ? best : decision.metric;
  if (!any_finite || sign * best < sign * decision.cutoff)
    decision.action = PruneDecision::Action::kPrune;
  return decision;
}

}  // namespace mnb::search
