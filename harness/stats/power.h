// Power of Welch's two-sided t-test, and the seeds it needs: "how many seeds would tell these two
// variants apart?".
//
// Contract: pure functions. WelchPower is exact (noncentral t, Boost.Math; R's power.t.test for
// equal groups), not a normal approximation; SeedsNeeded is the smallest equal n per side
// (2 .. max_n) that reaches `power`, nothing when none does or delta = 0. Arguments out of range
// are a caller's bug: mnb::Error kInternal. Formulas: docs/statistics.md "Power and seeds needed".
#ifndef MNISTBENCH_HARNESS_STATS_POWER_H_
#define MNISTBENCH_HARNESS_STATS_POWER_H_

#include <optional>

namespace mnb::stats {

constexpr double kPlanningPower = 0.8;  // the power sample-size planning aims for
constexpr int kMaxSeedsNeeded = 10000;

// The probability that Welch's two-sided test at level `alpha` rejects equal means when the true
// difference is `delta` and the true sds and sample sizes are these (n >= 2, may be fractional).
double WelchPower(double delta, double sd_a, double sd_b, double n_a, double n_b,
                  double alpha = 0.05);

// The smallest equal n per side (2 .. max_n) whose power reaches `power`, in (alpha, 1).
std::optional<int> SeedsNeeded(double delta, double sd_a, double sd_b, double power = kPlanningPower,
                               double alpha = 0.05, int max_n = kMaxSeedsNeeded);

}  // namespace mnb::stats

#endif  // MNISTBENCH_HARNESS_STATS_POWER_H_
