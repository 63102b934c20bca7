// McNemar's exact test for two classifiers evaluated on the same examples (Dietterich 1998).
//
// Contract: CountDisagreements(a, b, labels) takes the predicted class of every example from
// classifier A and from classifier B (one uint8 per example, dataset order, e.g. the decoded
// predictions BLOB) and the true labels; all three must have the same length (the caller checks;
// else mnb::Error kInternal). It counts b = examples A gets right and B gets wrong, and
// c = examples A gets wrong and B gets right (examples both get right, or both wrong, carry no
// information).
// ExactMcNemarP(b, c) is the two-sided exact binomial p-value under H0 "A and B err equally
// often": min(1, 2 · P(X <= min(b, c))) with X ~ Binomial(b + c, 1/2); 1 when b + c = 0.
// It needs no variance over seeds, so it works with a single seed each.
#ifndef MNISTBENCH_HARNESS_STATS_MCNEMAR_H_
#define MNISTBENCH_HARNESS_STATS_MCNEMAR_H_

#include <cstdint>
#include <vector>

namespace mnb::stats {

struct Disagreements {
  int64_t b = 0;  // A right, B wrong
  int64_t c = 0;  // A wrong, B right
};

struct McNemarResult {
  int64_t b = 0, c = 0;
  double p = 1;  // two-sided exact
};

Disagreements CountDisagreements(const std::vector<uint8_t>& a_predicted,
                                 const std::vector<uint8_t>& b_predicted,
                                 const std::vector<uint8_t>& labels);

double ExactMcNemarP(int64_t b, int64_t c);

// CountDisagreements, then ExactMcNemarP.
McNemarResult McNemarTest(const std::vector<uint8_t>& a_predicted,
                          const std::vector<uint8_t>& b_predicted,
                          const std::vector<uint8_t>& labels);

}  // namespace mnb::stats

#endif  // MNISTBENCH_HARNESS_STATS_MCNEMAR_H_
