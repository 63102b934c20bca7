// Welch's two-sample t-test (unequal variances) for the difference of two means.
//
// Contract: WelchTest(a, b) compares the mean of `a` with the mean of `b` (e.g. two variants'
// test accuracies over their seeds). It returns nothing unless both samples hold at least 2
// values: with one seed there is no variance to test against ("too few seeds"). Otherwise:
//   difference = mean(a) - mean(b),  se = sqrt(var_a / n_a + var_b / n_b)  (sample variances),
//   df = se^4 / ((var_a/n_a)^2 / (n_a - 1) + (var_b/n_b)^2 / (n_b - 1))   (Welch–Satterthwaite),
//   t = difference / se, p-values from Student's t with df degrees of freedom, and the interval
//   difference ± t(1 - (1 - level) / 2; df) · se.
// Zero variance: with one group constant the formulas hold as they are (df = n - 1 of the other
// group). With both constant, se = 0 and the test is decided by the difference alone, as the
// limit of a vanishing spread: equal means give t = 0, p_two_sided = 1, one-sided p = 0.5; unequal
// means give t = ±infinity, p_two_sided = 0 and one-sided p of 0 or 1; df is then n_a + n_b - 2
// and the interval is the single point [difference, difference].
// ShiftedWelchTest tests the difference against `shift` instead of 0 (t = (difference - shift) /
// se); the interval is the same. Inputs must be finite; `level` in (0, 1).
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

std::optional<WelchResult> WelchTest(const std::vector<double>& a, const std::vector<double>& b,
                                     double level = 0.95);
std::optional<WelchResult> ShiftedWelchTest(const std::vector<double>& a,
                                            const std::vector<double>& b, double shift,
                                            double level = 0.95);
// The same from each side's n, mean and sample std alone (a baseline frozen to a CSV keeps no
// seeds): nothing unless both n >= 2; std_dev must be >= 0.
std::optional<WelchResult> ShiftedWelchFromSummaries(const Summary& a, const Summary& b,
                                                    double shift, double level = 0.95);

}  // namespace mnb::stats

#endif  // MNISTBENCH_HARNESS_STATS_WELCH_H_
