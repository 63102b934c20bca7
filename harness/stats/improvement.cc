#include "harness/stats/improvement.h"

#include <algorithm>
#include <cmath>

#include "harness/base/error.h"

namespace mnb::stats {
namespace {

// Linear interpolation between order statistics of an ascending list (Hyndman–Fan type 7).
double SortedQuantile(const std::vector<double>& sorted, double q) {
  const double position = q * static_cast<double>(sorted.size() - 1);
  const size_t below = static_cast<size_t>(std::floor(position));
  const size_t above = std::min(below + 1, sorted.size() - 1);
  const double weight = position - static_cast<double>(below);
  return sorted[below] + weight * (sorted[above] - sorted[below]);
}

void Resample(const std::vector<double>& from, std::mt19937_64& rng, std::vector<double>& into) {
  into.resize(from.size());
  for (double& v : into) v = from[rng() % from.size()];
}

}  // namespace

double ProbabilityOfImprovement(const std::vector<double>& a, const std::vector<double>& b) {
  if (a.empty() || b.empty())
    throw InternalError("P(A > B) needs at least one value on each side");
  double wins = 0;
  for (double x : a)
    for (double y : b) wins += x > y ? 1.0 : x == y ? 0.5 : 0.0;
  return wins / (static_cast<double>(a.size()) * static_cast<double>(b.size()));
}

ImprovementResult BootstrapImprovement(const std::vector<double>& a, const std::vector<double>& b,
                                       std::mt19937_64& rng, size_t resamples, double level) {
  RequireOpenUnit(level, "confidence level");
  if (resamples == 0) throw InternalError("the bootstrap needs at least one resample");
  ImprovementResult r;
  r.probability = ProbabilityOfImprovement(a, b);
  r.level = level;
  r.resamples = resamples;
  std::vector<double> estimates, draw_a, draw_b;
  estimates.reserve(resamples);
  for (size_t i = 0; i < resamples; ++i) {
    Resample(a, rng, draw_a);
    Resample(b, rng, draw_b);
    estimates.push_back(ProbabilityOfImprovement(draw_a, draw_b));
  }
  std::sort(estimates.begin(), estimates.end());
  r.ci = Interval{SortedQuantile(estimates, (1 - level) / 2),
                  SortedQuantile(estimates, 1 - (1 - level) / 2)};
  return r;
}

}  // namespace mnb::stats
