// The statistical decisions the reports and `check` print: the regression gate and the
// "indistinguishable from the best" mark of the leaderboard.
//
// Contract: pure functions over plain vectors; arguments out of range (alpha, min_effect, best)
// throw InternalError. Fewer than 2 values on a side is kTooFewSeeds, never a pass or a tie.
// Details: docs/statistics.md "The regression gate and the best-of mark".
#ifndef MNISTBENCH_HARNESS_STATS_GATE_H_
#define MNISTBENCH_HARNESS_STATS_GATE_H_

#include <cstddef>
#include <optional>
#include <vector>

#include "harness/stats/welch.h"

namespace mnb::stats {

struct GateDecision {
  enum class Verdict { kPass, kFail, kTooFewSeeds } verdict = Verdict::kTooFewSeeds;
  std::optional<WelchResult> welch;  // shifted by -min_effect; p is welch->p_a_less
  double p = 1;                      // one-sided p of the regression test
  Interval ci;                       // of mean_c - mean_b at level 1 - 2·alpha
  double min_effect = 0;
};

// Fails `candidate` iff a one-sided Welch test finds its mean below `baseline`'s by more than
// `min_effect` (accuracy fraction, >= 0) at p < alpha, alpha in (0, 0.5).
GateDecision RegressionGate(const std::vector<double>& candidate,
                            const std::vector<double>& baseline, double alpha = 0.05,
                            double min_effect = 0);
// The same from each side's n, mean and sample std (a baseline frozen to a CSV).
GateDecision RegressionGateFromSummaries(const Summary& candidate, const Summary& baseline,
                            double alpha = 0.05, double min_effect = 0);

enum class Standing { kBest, kIndistinguishable, kUndecided, kDistinguishable, kTooFewSeeds };

struct BestComparison {
  Standing standing = Standing::kTooFewSeeds;
  std::optional<WelchResult> welch;  // variant minus best; none for the best and for n < 2
  double p_adjusted = 1;             // Holm-corrected two-sided p; 1 where not compared
  double power = 0;                  // at min_effect, for the variants compared
  std::optional<int> seeds_needed;   // per side, for the observed difference at 80% power
};

// Marks each variant against `best` (rank 1): two-sided Welch, Holm-corrected; alpha in (0, 1),
// min_effect > 0 (the samples' units). One entry per variant, in the order of `samples`. `best`
// must index `samples`.
std::vector<BestComparison> CompareWithBest(const std::vector<std::vector<double>>& samples,
                                            size_t best, double alpha, double min_effect);

}  // namespace mnb::stats

#endif  // MNISTBENCH_HARNESS_STATS_GATE_H_
