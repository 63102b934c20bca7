// Probability of improvement P(A > B) (Bouthillier et al., MLSys 2021) with a bootstrap interval.
//
// Contract: ProbabilityOfImprovement(a, b) is the share of all n_a · n_b pairs (a_i, b_j) — one
// seed of A against one seed of B — with a_i > b_j, a tie counting one half; 0.5 means "no
// better, no worse". Either sample empty is a caller's bug: mnb::Error kInternal.
// BootstrapImprovement adds a percentile bootstrap interval: `resamples` times, draw n_a values
// from `a` and n_b from `b` with replacement (independently), compute P(A > B) on the draw, and
// take the (1 - level) / 2 and 1 - (1 - level) / 2 quantiles of those estimates (linear
// interpolation between order statistics). The caller owns the generator and its seed, so the
// result is deterministic; an index is drawn as rng() % n (bias below n / 2^64), which is the same
// on every standard library, unlike std::uniform_int_distribution. With few seeds the interval is
// coarse (P takes at most n_a · n_b + 1 values): it shows how little the seeds say, as intended.
#ifndef MNISTBENCH_HARNESS_STATS_IMPROVEMENT_H_
#define MNISTBENCH_HARNESS_STATS_IMPROVEMENT_H_

#include <cstddef>
#include <random>
#include <vector>

#include "harness/stats/summary.h"

namespace mnb::stats {

double ProbabilityOfImprovement(const std::vector<double>& a, const std::vector<double>& b);

struct ImprovementResult {
  double probability = 0.5;  // P(A > B) on the observed seeds
  Interval ci;               // percentile bootstrap interval at `level`
  double level = 0.95;
  size_t resamples = 0;
};

ImprovementResult BootstrapImprovement(const std::vector<double>& a, const std::vector<double>& b,
                                       std::mt19937_64& rng, size_t resamples = 10000,
                                       double level = 0.95);

}  // namespace mnb::stats

#endif  // MNISTBENCH_HARNESS_STATS_IMPROVEMENT_H_
