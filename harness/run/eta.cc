#include "harness/run/eta.h"

#include <algorithm>
#include <functional>
#include <map>
#include <queue>

namespace mnb {

namespace {

std::optional<double> PerEpoch(const EpochTotals& t) {
  return t.epochs > 0 ? std::optional<double>(t.seconds / static_cast<double>(t.epochs))
                      : std::nullopt;
}

int64_t EpochsLeft(const RunRow& r) { return std::max<int64_t>(0, r.epochs - r.epochs_done); }

bool Waiting(const RunRow& r) { return r.status == "queued" || r.status == "interrupted"; }

}  // namespace

std::optional<double> RunRemainingSeconds(const RunRow& run) {
  if (run.epochs_done == 0) return std::nullopt;
  return run.seconds / static_cast<double>(run.epochs_done) * static_cast<double>(EpochsLeft(run));
}

std::optional<double> RemainingSeconds(const std::vector<RunRow>& runs) {
  std::map<std::string, EpochTotals> by_model;
  for (const RunRow& r : runs) {
    by_model[r.model].seconds += r.seconds;
    by_model[r.model].epochs += r.epochs_done;
  }
  return RemainingSeconds(runs, by_model);
}

std::optional<double> RemainingSeconds(const std::vector<RunRow>& runs,
                                       const std::map<std::string, EpochTotals>& by_model) {
  EpochTotals sweep;
  for (const auto& [model, t] : by_model) {
    sweep.seconds += t.seconds;
    sweep.epochs += t.epochs;
  }
  const auto sweep_rate = PerEpoch(sweep);
  if (!sweep_rate) return std::nullopt;
  auto rate_of = [&](const RunRow& r) {
    const auto found = by_model.find(r.model);
    return found == by_model.end() ? *sweep_rate : PerEpoch(found->second).value_or(*sweep_rate);
  };

  // When each worker is free: the runs in progress, finishing at their own rate.
  std::priority_queue<double, std::vector<double>, std::greater<double>> free_at;
  for (const RunRow& r : runs) {
    if (r.status != "running") continue;
    free_at.push(RunRemainingSeconds(r).value_or(rate_of(r) * static_cast<double>(EpochsLeft(r))));
  }
  if (free_at.empty()) free_at.push(0);
  double end = 0;
  for (const RunRow& r : runs) {
    if (!Waiting(r)) continue;
    const double start = free_at.top();
    free_at.pop();
    free_at.push(start + rate_of(r) * static_cast<double>(EpochsLeft(r)));
  }
  while (!free_at.empty()) {
    end = std::max(end, free_at.top());
    free_at.pop();
  }
  return end;
}

RunRow RunToCome(int64_t id, int64_t experiment_id, const std::string& model, int64_t epochs) {
  RunRow row;
  row.run_id = id;
  row.experiment_id = experiment_id;
  row.model = model;
  row.epochs = epochs;
  row.status = "queued";
  return row;
}

}  // namespace mnb
