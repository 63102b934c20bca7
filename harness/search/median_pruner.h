// The median stopping rule (Golovin et al., "Google Vizier", KDD 2017, section 3.2.2), as
// Optuna's MedianPruner applies it.
//
// Contract: DecideMedian(spec, completed, run_id, curve, max_epochs) judges the run `run_id`
// whose epochs so far are `curve`, at its last epoch e:
//  - not checked (the run continues) while fewer than spec.startup_trials runs have completed,
//    while e < spec.min_epochs, at e >= max_epochs (the run has finished its budget: it
//    completes), or when no other completed run has a finite metric at epoch e;
//  - otherwise the cutoff is the median of the completed runs' metrics at epoch e (the mean of
//    the two middle values for an even count; other runs' rows for epoch e only, `run_id`'s own
//    rows skipped), and the run is pruned iff its best metric over its epochs so far is worse
//    than that median (below it when maximising). Like Optuna, the run is judged by its best so
//    far rather than its value at e, so one noisy epoch does not stop a run, and only completed
//    runs count: pruned runs stopped early and their curves say nothing about later epochs.
//    A run with no finite metric yet is pruned.
// `completed` holds the curves of completed runs of the same search (not pruned, failed or
// running ones); the caller passes what its store has at the time of the decision.
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

PruneDecision DecideMedian(const MedianSpec& spec, const std::vector<RunCurve>& completed,
                           int64_t run_id, const std::vector<EpochMetric>& curve,
                           int64_t max_epochs);

}  // namespace mnb::search

#endif  // MNISTBENCH_HARNESS_SEARCH_MEDIAN_PRUNER_H_
