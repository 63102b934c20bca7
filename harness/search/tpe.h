// The Tree-structured Parzen Estimator sampler (Bergstra et al., "Algorithms for Hyper-Parameter
// Optimization", NeurIPS 2011), with Optuna's TPESampler defaults (independent per dimension).
//
// Contract: ProposeTpe(space, finished, seed, trial, options) returns the parameters of trial
// number `trial`, and is a pure function of its arguments: the caller can run it inside the
// transaction that claims the trial, and a killed search that resumes with the same finished
// trials proposes the same thing. Two workers claiming trials i and j while seeing the same
// finished trials still differ, because candidates come from the RandomStream (seed,
// kTpeCandidates, trial · D + d), a different stream for each trial and dimension.
//  - Start-up: while fewer than options.startup_trials (10) trials have finished, or while
//    trial < startup_trials, the result is RandomTrial(space, seed, trial) — so the first ten
//    trials of a TPE search are known at plan time, like a random search's.
//  - Split: of the n usable finished trials, the best gamma(n) = min(ceil(0.1 n), 25) are "good"
//    (l), the rest "bad" (g). Completed trials rank by objective (options.maximize: higher is
//    better), ahead of pruned ones; pruned trials rank by the epoch they reached (later first),
//    then by their last objective — Optuna's order. A trial is usable when its objective is
//    finite; a value outside its dimension (the space changed since) is left out of that
//    dimension's estimators only.
//  - Weights: each group in trial-number order gets TpeWeights(size): 1 each up to 25, beyond
//    that the oldest ramp linearly from 1/size up to 1 and the newest 25 get 1.
//  - Per dimension d, independently: Parzen estimators (parzen_estimator.h) of l and g on the
//    internal values (log for log_uniform), options.ei_candidates (24) candidates drawn from l,
//    and the candidate with the highest log l(x) - log g(x) wins (the first on a tie): maximising
//    l/g maximises expected improvement (the paper's section 4.1).
// Floats are rounded as ValueAt rounds them (distribution.h). `space` must be valid.
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

Params ProposeTpe(const SearchSpace& space, const std::vector<FinishedTrial>& finished,
                  uint64_t seed, uint64_t trial, const TpeOptions& options = {});

// min(ceil(0.1 n), 25): how many of n finished trials count as good.
size_t TpeGamma(size_t n);
// The weights of n observations in trial-number order (oldest first).
std::vector<double> TpeWeights(size_t n);

}  // namespace mnb::search

#endif  // MNISTBENCH_HARNESS_SEARCH_TPE_H_
