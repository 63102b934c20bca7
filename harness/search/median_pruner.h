// The median stopping rule (Golovin et al., "Google Vizier", KDD 2017, section 3.2.2), as
// Optuna's MedianPruner applies it.
//
// Contract: a pure function of its arguments: prune a run whose best metric so far is worse than
// the median of the completed runs' metric at its last epoch. The caller passes what its store
// holds at the time of the decision. Details: docs/search.md "The median rule".
#ifndef MNISTBENCH_HARNESS_SEARCH_MEDIAN_PRUNER_H_
#define MNISTBENCH_HARNESS_SEARCH_MEDIAN_PRUNER_H_

#include <cstdint>
#include <vector>

#include "harness/search/prune_decision.h"

namespace mnb::search {

struct MedianSpec {
  int64_t startup_trials = 5;  // completed runs before any pruning
  int64_t min_epochs = 1;      // the first epoch at which a run may be pruned
  bool maximize = true;
};

struct EpochMetric {
  int64_t epoch = 0;
  double metric = 0;
};

struct RunCurve {
  int64_t run_id = 0;
  std::vector<EpochMetric> epochs;
};

// Judges run `run_id` whose epochs so far are `curve`, at its last epoch e. `completed` holds
// the curves of completed runs of the same search (not pruned, failed or running ones).
PruneDecision DecideMedian(const MedianSpec& spec, const std::vector<RunCurve>& completed,
                           int64_t run_id, const std::vector<EpochMetric>& curve,
                           int64_t max_epochs);

}  // namespace mnb::search

#endif  // MNISTBENCH_HARNESS_SEARCH_MEDIAN_PRUNER_H_
