// Power of Welch's two-sided t-test, and the seeds it needs: "how many seeds would tell these two
// variants apart?".
//
// Contract: WelchPower(delta, sd_a, sd_b, n_a, n_b, alpha) is the probability that Welch's
// two-sided test at level `alpha` rejects equal means when the true difference is `delta`, the
// true standard deviations are sd_a and sd_b and the sample sizes n_a and n_b (n >= 2, may be
// fractional, as in R's power.t.test): with se = sqrt(sd_a²/n_a + sd_b²/n_b), df the
// Welch–Satterthwaite degrees of freedom of those values, ncp = delta / se and c = t(1 - alpha/2;
// df), power = P(T > c) + P(T < -c) for T noncentral t(df, ncp), exactly (Boost.Math), not a
// normal approximation. With equal sds and sizes df = 2(n - 1), so it equals R's
// power.t.test(n, delta, sd, sig.level = alpha, strict = TRUE). delta = 0 gives alpha; a zero
// spread on both sides gives 1 for delta != 0.
// SeedsNeeded is the smallest equal n per side (2 .. max_n) whose power reaches `power` (in
// (alpha, 1)); nothing when even max_n does not, or when delta = 0. Arguments out of range are a
// caller's bug: mnb::Error kInternal.
#ifndef MNISTBENCH_HARNESS_STATS_POWER_H_
#define MNISTBENCH_HARNESS_STATS_POWER_H_

#include <optional>

namespace mnb::stats {

constexpr double kPlanningPower = 0.8;  // the power sample-size planning aims for
constexpr int kMaxSeedsNeeded = 10000;

double WelchPower(double delta, double sd_a, double sd_b, double n_a, double n_b,
                  double alpha = 0.05);

std::optional<int> SeedsNeeded(double delta, double sd_a, double sd_b, double power = kPlanningPower,
                               double alpha = 0.05, int max_n = kMaxSeedsNeeded);

}  // namespace mnb::stats

#endif  // MNISTBENCH_HARNESS_STATS_POWER_H_
