// The Parzen estimators of TPE: a weighted mixture of one kernel per observation plus a prior,
// over one hyper-parameter (Bergstra et al., NeurIPS 2011, section 4; Optuna's bandwidth and
// prior, read from its `_ParzenEstimator`).
//
// Contract: both classes are pure functions of their inputs; Sample() draws from the mixture with
// the caller's RandomStream, LogPdf is the log density (mass, for discrete and categorical
// values) of the mixture; with no observations the estimator is the prior alone.
// Details: docs/search.md "Parzen estimators".
#ifndef MNISTBENCH_HARNESS_SEARCH_PARZEN_ESTIMATOR_H_
#define MNISTBENCH_HARNESS_SEARCH_PARZEN_ESTIMATOR_H_

#include <cstddef>
#include <vector>

#include "harness/search/random_stream.h"

namespace mnb::search {

// A numeric hyper-parameter in its internal space (the log of a log_uniform value; an int as
// itself): truncated Gaussian kernels on [low, high]; `discrete` for an int.
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

// A choice over n_choices indices: Optuna's weighted counts, with a uniform prior kernel.
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
