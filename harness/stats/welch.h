// Welch's two-sample t-test (unequal variances) for the difference of two means.
//
// Contract: pure functions. Nothing unless both samples hold at least 2 values ("too few seeds");
// with both samples constant the difference alone decides (a one-point interval). A value that is
// not finite, or a summary with a non-finite mean or a negative std, throws mnb::Error kBadInput;
// `level` outside (0, 1) is a caller's bug: kInternal.
// Formulas and the zero-variance cases: docs/statistics.md "Welch's test".
#ifndef MNISTBENCH_HARNESS_STATS_WELCH_H_
#define MNISTBENCH_HARNESS_STATS_WELCH_H_

#include <cstddef>
#include <optional>
#include <vector>

#include "harness/stats/summary.h"

namespace mnb::stats {

struct WelchResult {
  size_t n_a = 0, n_b = 0;
  double mean_a = 0, mean_b = 0;
  double difference = 0;       // mean_a - mean_b
  double standard_error = 0;   // of the difference
  double df = 0;               // Welch–Satterthwaite degrees of freedom
  double t = 0;
  double p_two_sided = 1;      // H1: mean_a != mean_b + shift
  double p_a_less = 0.5;       // H1: mean_a < mean_b + shift
  double p_a_greater = 0.5;    // H1: mean_a > mean_b + shift
  Interval ci;                 // of the difference, at `level`
  double level = 0.95;
};

// mean(a) against mean(b), e.g. two variants' test accuracies over their seeds.
std::optional<WelchResult> WelchTest(const std::vector<double>& a, const std::vector<double>& b,
                                     double level = 0.95);
// The difference tested against `shift` instead of 0 (t = (difference - shift) / se); the
// interval is the same.
std::optional<WelchResult> ShiftedWelchTest(const std::vector<double>& a,
                                            const std::vector<double>& b, double shift,
                                            double level = 0.95);
// The same from each side's n, mean and sample std alone (a baseline frozen to a CSV keeps no
// seeds): nothing unless both n >= 2; std_dev must be >= 0.
std::optional<WelchResult> ShiftedWelchFromSummaries(const Summary& a, const Summary& b,
                                                    double shift, double level = 0.95);

}  // namespace mnb::stats

#endif  // MNISTBENCH_HARNESS_STATS_WELCH_H_
