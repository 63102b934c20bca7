#include "harness/search/parzen_estimator.h"

#include <boost/math/special_functions/erf.hpp>

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>

namespace mnb::search {

namespace {

constexpr double kInf = std::numeric_limits<double>::infinity();
const double kSqrt2 = std::sqrt(2.0);
const double kLogSqrt2Pi = 0.5 * std::log(2 * M_PI);

double NormalCdf(double z) { return 0.5 * std::erfc(-z / kSqrt2); }

// log(Phi(zb) - Phi(za)) for za <= zb, taking the difference in the tail where it is accurate.
double LogNormalMass(double za, double zb) {
  const double mass = za >= 0 ? NormalCdf(-za) - NormalCdf(-zb) : NormalCdf(zb) - NormalCdf(za);
  return mass > 0 ? std::log(mass) : -kInf;
}

double NormalQuantile(double p) {
  p = std::clamp(p, std::numeric_limits<double>::min(), 1 - 0x1.0p-53);
  return -kSqrt2 * boost::math::erfc_inv(2 * p);
}

// log(sum(exp(terms))), -inf terms contributing nothing.
double LogSumExp(const std::vector<double>& terms) {
  const double top = *std::max_element(terms.begin(), terms.end());
  if (top == -kInf) return -kInf;
  double sum = 0;
  for (double t : terms) sum += std::exp(t - top);
  return top + std::log(sum);
}

// Index of the mixture component a uniform u in [0, 1) falls on.
size_t PickComponent(const std::vector<double>& weights, double u) {
  double cumulative = 0;
  for (size_t k = 0; k + 1 < weights.size(); ++k) {
    cumulative += weights[k];
    if (u < cumulative) return k;
  }
  return weights.size() - 1;
}

}  // namespace

std::vector<double> MixtureWeights(const std::vector<double>& weights, double prior_weight) {
  std::vector<double> out = weights;
  out.push_back(prior_weight);
  const double total = std::accumulate(out.begin(), out.end(), 0.0);
  for (double& w : out) w /= total;
  return out;
}

NumericParzen::NumericParzen(const std::vector<double>& observations,
                             const std::vector<double>& weights, double low, double high,
                             bool discrete, double prior_weight)
    : weights_(MixtureWeights(weights, prior_weight)), discrete_(discrete) {
  const double step = discrete ? 1.0 : 0.0;
  low_ = low - step / 2;
  high_ = high + step / 2;
  const double range = high_ - low_;
  const double prior_mu = 0.5 * (low + high);

  mus_ = observations;
  mus_.push_back(prior_mu);
  // Bandwidth from the neighbours in sorted order; a stable sort keeps ties deterministic.
  std::vector<size_t> order(mus_.size());
  std::iota(order.begin(), order.end(), 0);
  std::stable_sort(order.begin(), order.end(),
                   [&](size_t a, size_t b) { return mus_[a] < mus_[b]; });
  std::vector<double> sorted{low_};
  for (size_t i : order) sorted.push_back(mus_[i]);
  sorted.push_back(high_);
  const size_t n = mus_.size();
  std::vector<double> sorted_sigmas(n);
  for (size_t j = 0; j < n; ++j)
    sorted_sigmas[j] = std::max(sorted[j + 1] - sorted[j], sorted[j + 2] - sorted[j + 1]);
  if (n >= 2) {  // the outermost centres ignore the end points
    sorted_sigmas[0] = sorted[2] - sorted[1];
    sorted_sigmas[n - 1] = sorted[n] - sorted[n - 1];
  }
  const double min_sigma = range / std::min(100.0, 1.0 + static_cast<double>(n));
  sigmas_.assign(n, 0);
  for (size_t j = 0; j < n; ++j) sigmas_[order[j]] = std::clamp(sorted_sigmas[j], min_sigma, range);
  sigmas_.back() = range;  // the prior
}

double NumericParzen::Sample(RandomStream& rng) const {
  const size_t k = PickComponent(weights_, rng.Unit());
  const double pa = NormalCdf((low_ - mus_[k]) / sigmas_[k]);
  const double pb = NormalCdf((high_ - mus_[k]) / sigmas_[k]);
  double x = mus_[k] + sigmas_[k] * NormalQuantile(pa + rng.Unit() * (pb - pa));
  x = std::clamp(x, low_, high_);
  if (discrete_) x = std::clamp(std::round(x), low_ + 0.5, high_ - 0.5);
  return x;
}

double NumericParzen::KernelLogPdf(size_t k, double x) const {
  const double mu = mus_[k], sigma = sigmas_[k];
  const double log_norm = LogNormalMass((low_ - mu) / sigma, (high_ - mu) / sigma);
  if (discrete_)
    return LogNormalMass((x - 0.5 - mu) / sigma, (x + 0.5 - mu) / sigma) - log_norm;
  const double z = (x - mu) / sigma;
  return -0.5 * z * z - std::log(sigma) - kLogSqrt2Pi - log_norm;
}

double NumericParzen::LogPdf(double x) const {
  std::vector<double> terms(mus_.size());
  for (size_t k = 0; k < mus_.size(); ++k) terms[k] = std::log(weights_[k]) + KernelLogPdf(k, x);
  return LogSumExp(terms);
}

CategoricalParzen::CategoricalParzen(const std::vector<size_t>& observations,
                                     const std::vector<double>& weights, size_t n_choices,
                                     double prior_weight)
    : probabilities_(n_choices, 0.0) {
  const std::vector<double> mixture = MixtureWeights(weights, prior_weight);
  const double n_kernels = static_cast<double>(observations.size() + 1);
  const double base = prior_weight / n_kernels;  // every choice's share in every kernel
  const double choices = static_cast<double>(n_choices);
  for (size_t k = 0; k < observations.size(); ++k) {
    const double row_total = base * choices + 1;
    for (size_t c = 0; c < n_choices; ++c)
      probabilities_[c] += mixture[k] * (base + (c == observations[k] ? 1.0 : 0.0)) / row_total;
  }
  for (double& p : probabilities_) p += mixture.back() / choices;  // the uniform prior
}

size_t CategoricalParzen::Sample(RandomStream& rng) const {
  return PickComponent(probabilities_, rng.Unit());
}

double CategoricalParzen::LogPdf(size_t choice) const { return std::log(probabilities_[choice]); }

}  // namespace mnb::search
