// Asynchronous successive halving (ASHA; Li et al., "A System for Massively Parallel
// Hyperparameter Tuning", MLSys 2020, Algorithm 2), as a decision on one run at one epoch.
//
// Contract: rungs sit at epochs min_epochs · rf^k, k = 0, 1, ..., strictly below the run's own
// max_epochs (AshaRungs): a run that trains its full budget simply completes. DecideAsha(spec,
// recorded, run_id, epoch, metric, max_epochs) judges the run `run_id` that has just finished
// `epoch` with `metric`:
//  - `epoch` is not one of its rungs: not checked, the run continues.
//  - otherwise the competitors are every recorded result at that rung epoch from other runs
//    (rows of this run are replaced by `metric`, so a resumed run is judged once, on its own
//    value) plus this run: n values. The best keep = max(1, floor(n / rf)) of them go on; the
//    cutoff is the keep-th best value and the run continues iff its metric reaches it (>= when
//    maximising; a tie continues). This is Optuna's SuccessiveHalvingPruner rule: floor, so
//    that at most 1/rf of the runs at a rung are ever promoted, and at least one, so the first
//    runs to reach a rung — no one to compare with yet — go on only when best so far. Nobody
//    waits for stragglers: the decision uses whatever has been recorded by now, so an early run
//    can be promoted that later runs would have beaten (the paper's accepted trade-off).
//  - a non-finite metric is pruned; non-finite recorded rows are ignored.
// The caller records (run_id, epoch, metric) at the rung whatever the decision, in the same
// transaction, and keeps a recorded decision on resume instead of deciding again.
#ifndef MNISTBENCH_HARNESS_SEARCH_ASHA_H_
#define MNISTBENCH_HARNESS_SEARCH_ASHA_H_

#include <cstdint>
#include <vector>

#include "harness/search/prune_decision.h"

namespace mnb::search {

struct AshaSpec {
  int64_t min_epochs = 1;    // the grace period: the first rung
  int reduction_factor = 3;  // rf >= 2
  bool maximize = true;
};

// One run's metric at one rung, as recorded.
struct RungResult {
  int64_t run_id = 0;
  int64_t epoch = 0;
  double metric = 0;
};

// The rung epochs below max_epochs, ascending. min_epochs >= 1 and rf >= 2, else empty.
std::vector<int64_t> AshaRungs(const AshaSpec& spec, int64_t max_epochs);

PruneDecision DecideAsha(const AshaSpec& spec, const std::vector<RungResult>& recorded,
                         int64_t run_id, int64_t epoch, double metric, int64_t max_epochs);

}  // namespace mnb::search

#endif  // MNISTBENCH_HARNESS_SEARCH_ASHA_H_
