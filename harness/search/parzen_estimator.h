// The Parzen estimators of TPE: a weighted mixture of one kernel per observation plus a prior,
// over one hyper-parameter (Bergstra et al., "Algorithms for Hyper-Parameter Optimization",
// NeurIPS 2011, section 4; with Optuna's choices of bandwidth and prior, read from its
// `_ParzenEstimator`).
//
// Contract: NumericParzen(observations, weights, low, high, discrete) models a numeric
// hyper-parameter in its internal space (the log of a log_uniform value; an int as itself). One
// Gaussian kernel per observation, centred on it, plus the prior: a kernel centred on
// (low + high) / 2 with sigma = high - low. Mixture weights are `weights` (one per observation)
// followed by a prior weight, normalised. A kernel's sigma is the larger of the distances to its
// neighbours among the sorted centres (prior included, with low and high as end points), except
// that the lowest and the highest centre take the distance to their one inner neighbour; sigmas
// are then clipped to [(high - low) / min(100, n + 2), high - low] (Optuna's "magic clip", n
// observations). Every kernel is truncated to [low, high]. For `discrete` (an int), the bounds
// widen by 1/2 on each side, sigma bounds use high - low + 1, samples round to the nearest
// integer and LogPdf(x) is the log of the kernel mass on [x - 1/2, x + 1/2].
// CategoricalParzen(observations, weights, n_choices): each observed index c is a kernel that
// puts prior_weight / (n + 1) on every choice and 1 more on c, normalised; the prior kernel is
// uniform; the mixture weights are as above (Optuna's weighted counts).
// Sample() draws from the mixture with the caller's RandomStream; LogPdf is the log density
// (mass, for discrete and categorical values) of the mixture. With no observations the
// estimator is the prior alone. Both are pure functions of their inputs.
#ifndef MNISTBENCH_HARNESS_SEARCH_PARZEN_ESTIMATOR_H_
#define MNISTBENCH_HARNESS_SEARCH_PARZEN_ESTIMATOR_H_

#include <cstddef>
#include <vector>

#include "harness/search/random_stream.h"

namespace mnb::search {

class NumericParzen {
 public:
  NumericParzen(const std::vector<double>& observations, const std::vector<double>& weights,
                double low, double high, bool discrete, double prior_weight = 1.0);

  double Sample(RandomStream& rng) const;
  double LogPdf(double x) const;

  const std::vector<double>& mus() const { return mus_; }
  const std::vector<double>& sigmas() const { return sigmas_; }
  const std::vector<double>& weights() const { return weights_; }  // normalised, prior last

 private:
  double KernelLogPdf(size_t k, double x) const;

  std::vector<double> mus_, sigmas_, weights_;
  double low_, high_;   // the truncation bounds (widened by 1/2 when discrete)
  bool discrete_;
};

class CategoricalParzen {
 public:
  CategoricalParzen(const std::vector<size_t>& observations, const std::vector<double>& weights,
                    size_t n_choices, double prior_weight = 1.0);

  size_t Sample(RandomStream& rng) const;
  double LogPdf(size_t choice) const;
  const std::vector<double>& probabilities() const { return probabilities_; }

 private:
  std::vector<double> probabilities_;  // the mixture's mass on each choice
};

// The normalised mixture weights: `weights` with `prior_weight` appended, summing to 1.
std::vector<double> MixtureWeights(const std::vector<double>& weights, double prior_weight);

}  // namespace mnb::search

#endif  // MNISTBENCH_HARNESS_SEARCH_PARZEN_ESTIMATOR_H_
