// What a pruner decided about one run at one epoch, with the numbers that explain it.
//
// Contract: a PruneDecision is the value both pruners (asha.h, median_pruner.h) return and the
// runner records in the transaction that writes the epoch. `checked` is false when no rule
// applied at this epoch (not a rung, too early, too few runs to compare with): the run goes on
// and there is nothing to record. When `checked`, `action` says whether the run goes on, and
// `cutoff` is the value it had to reach (>= for a metric to maximise, <= to minimise);
// `compared` is how many runs the cutoff came from, `kept` (ASHA) how many of them go on.
// Why() renders one line for reports and logs, e.g.
//   "rung 1 (epoch 3): 0.9712 falls short of the cutoff 0.975, the 2nd best of 7 runs (top 1/3)".
#ifndef MNISTBENCH_HARNESS_SEARCH_PRUNE_DECISION_H_
#define MNISTBENCH_HARNESS_SEARCH_PRUNE_DECISION_H_

#include <cstddef>
#include <cstdint>
#include <limits>
#include <string>

namespace mnb::search {

struct PruneDecision {
  enum class Action { kContinue, kPrune } action = Action::kContinue;
  enum class Rule { kNone, kAsha, kMedian } rule = Rule::kNone;
  bool checked = false;
  int64_t epoch = 0;
  int rung = -1;          // ASHA: k of the rung at min_epochs · rf^k; -1 otherwise
  double metric = std::numeric_limits<double>::quiet_NaN();  // the value the rule judged
  double cutoff = std::numeric_limits<double>::quiet_NaN();
  size_t compared = 0;
  size_t kept = 0;        // ASHA only
  int reduction_factor = 0;  // ASHA only, for Why()

  bool prune() const { return action == Action::kPrune; }
  std::string Why() const;
};

}  // namespace mnb::search

#endif  // MNISTBENCH_HARNESS_SEARCH_PRUNE_DECISION_H_
