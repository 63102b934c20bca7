// Holm–Bonferroni correction of a family of p-values for multiple comparisons.
//
// Contract: Holm(p_values, alpha) returns, in the input order, each p-value's Holm-adjusted value
// and whether its hypothesis is rejected at family-wise error rate `alpha` (in (0, 1)). With the
// m p-values sorted ascending p(1) <= ... <= p(m), adjusted(i) = max over j <= i of
// min(1, (m - j + 1) · p(j)) (so adjusted values never decrease with rank), and hypothesis i is
// rejected iff adjusted(i) < alpha — the same as Holm's step-down procedure: reject while
// p(i) < alpha / (m - i + 1), stop at the first that is not. Ties keep their input order. An
// empty list gives an empty result; p-values must lie in [0, 1] (else mnb::Error kInternal).
#ifndef MNISTBENCH_HARNESS_STATS_HOLM_H_
#define MNISTBENCH_HARNESS_STATS_HOLM_H_

#include <vector>

namespace mnb::stats {

struct HolmResult {
  std::vector<double> adjusted;  // Holm-adjusted p-values, input order
  std::vector<bool> reject;      // adjusted < alpha
};

HolmResult Holm(const std::vector<double>& p_values, double alpha = 0.05);

}  // namespace mnb::stats

#endif  // MNISTBENCH_HARNESS_STATS_HOLM_H_
