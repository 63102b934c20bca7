// Expected best validation accuracy as a function of the number of trials (Dodge et al., "Show
// Your Work: Improved Reporting of Experimental Results", EMNLP 2019, section 3).
//
// Contract: given N observed values v (e.g. the best validation accuracy of each of N runs),
// ExpectedMaxCurve returns, for k = 1..N, the expected maximum of k i.i.d. draws from the
// empirical distribution of v (drawing with replacement), computed exactly: with v sorted
// ascending v(1) <= ... <= v(N),
//   E[max of k] = sum over i of v(i) · ((i / N)^k - ((i - 1) / N)^k),
// because (i / N)^k is the probability that all k draws fall among the i smallest values. Entry
// k - 1 of the result is E[max of k]; entry 0 is the mean and the curve never decreases towards
// max(v). ExpectedMaximum gives one k (>= 1; k may exceed N; k = 0 or no values: mnb::Error
// kInternal). Empty input gives an empty curve; a value that is not finite (a database may hold
// one) throws mnb::Error kBadInput.
#ifndef MNISTBENCH_HARNESS_STATS_EXPECTED_MAX_H_
#define MNISTBENCH_HARNESS_STATS_EXPECTED_MAX_H_

#include <cstddef>
#include <vector>

namespace mnb::stats {

double ExpectedMaximum(std::vector<double> values, size_t k);
std::vector<double> ExpectedMaxCurve(std::vector<double> values);

}  // namespace mnb::stats

#endif  // MNISTBENCH_HARNESS_STATS_EXPECTED_MAX_H_
