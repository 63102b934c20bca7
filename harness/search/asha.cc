#include "harness/search/asha.h"

#include <algorithm>
#include <cmath>

namespace mnb::search {

std::vector<int64_t> AshaRungs(const AshaSpec& spec, int64_t max_epochs) {
  std::vector<int64_t> rungs;
  if (spec.min_epochs < 1 || spec.reduction_factor < 2) return rungs;
  for (int64_t epoch = spec.min_epochs; epoch < max_epochs; epoch *= spec.reduction_factor)
    rungs.push_back(epoch);
  return rungs;
}

PruneDecision DecideAsha(const AshaSpec& spec, const std::vector<RungResult>& recorded,
                         int64_t run_id, int64_t epoch, double metric, int64_t max_epochs) {
  PruneDecision decision;
  decision.rule = PruneDecision::Rule::kAsha;
  decision.epoch = epoch;
  decision.metric = metric;
  decision.reduction_factor = spec.reduction_factor;
  const std::vector<int64_t> rungs = AshaRungs(spec, max_epochs);
  const auto rung = std::find(rungs.begin(), rungs.end(), epoch);
  if (rung == rungs.end()) return decision;
  decision.checked = true;
  decision.rung = static_cast<int>(rung - rungs.begin());
  if (!std::isfinite(metric)) {
    decision.action = PruneDecision::Action::kPrune;
    return decision;
  }

  // Oriented so that larger is better whichever way the metric points.
  const double sign = spec.maximize ? 1.0 : -1.0;
  std::vector<double> values{sign * metric};
  for (const RungResult& row : recorded)
    if (row.epoch == epoch && row.run_id != run_id && std::isfinite(row.metric))
      values.push_back(sign * row.metric);
  std::sort(values.begin(), values.end(), std::greater<>());
  const size_t rf = static_cast<size_t>(spec.reduction_factor);
  const size_t keep = std::max<size_t>(1, values.size() / rf);
  decision.compared = values.size();
  decision.kept = keep;
  decision.cutoff = sign * values[keep - 1];
  if (sign * metric < values[keep - 1]) decision.action = PruneDecision::Action::kPrune;
  return decision;
}

}  // namespace mnb::search
