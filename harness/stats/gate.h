// The statistical decisions the reports and `check` print: the regression gate and the
// "indistinguishable from the best" mark of the leaderboard.
//
// Contract: RegressionGate(candidate, baseline, alpha, min_effect) fails the candidate only when a
// one-sided Welch test (welch.h) finds its mean below the baseline's by more than `min_effect`
// (an accuracy fraction, 0.002 = 0.2 pp, >= 0): H0 mean_c - mean_b >= -min_effect against
// H1 mean_c - mean_b < -min_effect, failing iff p < alpha. The interval reported is the two-sided
// (1 - 2·alpha) Welch interval of mean_c - mean_b (90% for alpha = 0.05): its upper end lies below
// -min_effect exactly when the gate fails, so the printed row explains its own verdict. Fewer
// than 2 values on either side gives kTooFewSeeds (no p, no interval): the caller decides (e.g.
// fall back to --tolerance); it is never a pass.
// CompareWithBest(samples, best, alpha, min_effect) marks each variant against the variant
// `best` (rank 1, the highest mean, chosen by the caller): a two-sided Welch test of each other
// variant against it, Holm–Bonferroni corrected over the variants actually compared. A variant
// whose corrected p is < alpha is kDistinguishable. One that is not is kIndistinguishable only
// when its seeds had the power to see a difference of `min_effect` (in the samples' units, > 0):
// Welch power (power.h) at its own and the best's n and sample std, at level alpha, of at least
// kPlanningPower (80%); otherwise it is kUndecided: too few seeds to tell. `seeds_needed` is, for
// every compared variant, the seeds per side that would separate the observed difference at 80%
// power (none when the difference is 0 or needs more than kMaxSeedsNeeded). A variant with
// n < 2 — or every variant, when the best has n < 2 — is kTooFewSeeds and takes no part in the
// correction; the best itself is kBest (kTooFewSeeds when it has n < 2). alpha in (0, 1).
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

// One entry per variant, in the order of `samples`. `best` must index `samples`.
std::vector<BestComparison> CompareWithBest(const std::vector<std::vector<double>>& samples,
                                            size_t best, double alpha, double min_effect);

}  // namespace mnb::stats

#endif  // MNISTBENCH_HARNESS_STATS_GATE_H_
