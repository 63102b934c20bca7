// The Tree-structured Parzen Estimator sampler (Bergstra et al., NeurIPS 2011) with Optuna's
// TPESampler defaults, independent per dimension.
//
// Contract: ProposeTpe is a pure function of its arguments (safe inside the transaction that
// claims the trial; a resumed search with the same finished trials proposes the same thing), and
// each trial and dimension draws from its own random stream, so two workers seeing the same
// finished trials still differ. `space` must be valid.
// Details: docs/search.md "TPE: how a trial is proposed".
#ifndef MNISTBENCH_HARNESS_SEARCH_TPE_H_
#define MNISTBENCH_HARNESS_SEARCH_TPE_H_

#include <cstddef>
#include <cstdint>
#include <vector>

#include "harness/search/search_space.h"

namespace mnb::search {

struct FinishedTrial {
  uint64_t trial = 0;      // trial number: weights favour recent trials past 25 of a group
  Params params;           // in the space's dimension order
  double objective = 0;    // completed: the metric searched on; pruned: its last value
  bool pruned = false;
  int64_t last_epoch = 0;  // pruned only: the epoch it stopped at
};

struct TpeOptions {
  size_t startup_trials = 10;
  size_t ei_candidates = 24;
  double prior_weight = 1.0;
  bool maximize = true;  // val_accuracy: higher is better
};

// The parameters of trial number `trial`: RandomTrial(space, seed, trial) during start-up, else
// per dimension the best of options.ei_candidates draws by log l(x) - log g(x).
Params ProposeTpe(const SearchSpace& space, const std::vector<FinishedTrial>& finished,
                  uint64_t seed, uint64_t trial, const TpeOptions& options = {});

// min(ceil(0.1 n), 25): how many of n finished trials count as good.
size_t TpeGamma(size_t n);
// The weights of n observations in trial-number order (oldest first).
std::vector<double> TpeWeights(size_t n);

}  // namespace mnb::search

#endif  // MNISTBENCH_HARNESS_SEARCH_TPE_H_
