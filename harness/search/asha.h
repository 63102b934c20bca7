// Asynchronous successive halving (ASHA; Li et al., MLSys 2020, Algorithm 2), as a decision on
// one run at one epoch.
//
// Contract: pure functions of their arguments; the caller records (run_id, epoch, metric) at the
// rung whatever the decision, in the same transaction, and keeps a recorded decision on resume
// instead of deciding again. Details (the rule, why floor): docs/search.md "ASHA".
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

// The rung epochs min_epochs · rf^k strictly below max_epochs, ascending (a run that trains its
// full budget simply completes). min_epochs >= 1 and rf >= 2, else empty.
std::vector<int64_t> AshaRungs(const AshaSpec& spec, int64_t max_epochs);

// Judges run `run_id` that has just finished `epoch` with `metric`: off a rung it continues;
// at a rung it goes on iff among the best max(1, floor(n / rf)) of the n values there.
PruneDecision DecideAsha(const AshaSpec& spec, const std::vector<RungResult>& recorded,
                         int64_t run_id, int64_t epoch, double metric, int64_t max_epochs);

}  // namespace mnb::search

#endif  // MNISTBENCH_HARNESS_SEARCH_ASHA_H_
