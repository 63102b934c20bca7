#include "harness/stats/summary.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <map>
#include <string>
#include <utility>

#include <boost/math/distributions/students_t.hpp>

#include "harness/base/error.h"

namespace mnb::stats {

void RequireOpenUnit(double probability, const char* what) {
  if (!(probability > 0 && probability < 1))
    throw InternalError(fmt::format("{} must lie strictly between 0 and 1, got {}", what,
                                    probability));
}

double StudentTQuantile(double p, double df) {
  RequireOpenUnit(p, "t quantile probability");
  if (!(df > 0)) throw InternalError(fmt::format("t distribution: df {} (expected > 0)", df));
  // Intervals over seeds ask for the same few whole df over and over (a report of 5,000
  // variants: 5,000 times df = 19), so those are remembered per thread; the value is the same.
  if (df != std::floor(df) || df > 1000) {
    return boost::math::quantile(boost::math::students_t_distribution<double>(df), p);
  }
  thread_local std::map<std::pair<double, double>, double> known;
  auto [at, added] = known.try_emplace({p, df}, 0.0);
  if (added) at->second = boost::math::quantile(boost::math::students_t_distribution<double>(df), p);
  return at->second;
}

std::optional<Summary> Summarize(const std::vector<double>& values, double level) {
  RequireOpenUnit(level, "confidence level");
  if (values.empty()) return std::nullopt;
  for (double v : values) {
    if (!std::isfinite(v)) {
      throw BadInput(fmt::format("statistics over {} values: one is {} (expected finite numbers)",
                                 values.size(), v));
    }
  }

  Summary s;
  s.n = values.size();
  s.level = level;
  double sum = 0;
  for (double v : values) sum += v;
  s.mean = sum / static_cast<double>(s.n);
  const auto [lo, hi] = std::minmax_element(values.begin(), values.end());
  s.min = *lo;
  s.max = *hi;
  // Equal values must give a std of exactly 0, not rounding dust from the mean: the Welch test
  // treats zero variance as a case of its own.
  if (*lo == *hi) {
    s.mean = *lo;
  } else {
    double squares = 0;
    for (double v : values) squares += (v - s.mean) * (v - s.mean);
    s.std_dev = std::sqrt(squares / static_cast<double>(s.n - 1));
  }
  if (s.n >= 2) {
    const double half = StudentTQuantile(1 - (1 - level) / 2, static_cast<double>(s.n - 1)) *
                        s.std_dev / std::sqrt(static_cast<double>(s.n));
    s.ci = Interval{s.mean - half, s.mean + half};
  }
  return s;
}

Interval ClampToUnit(Interval interval) {
  return {std::min(std::max(interval.low, 0.0), 1.0), std::min(std::max(interval.high, 0.0), 1.0)};
}

std::optional<Summary> SummarizeAccuracies(const std::vector<double>& accuracies, double level) {
  std::optional<Summary> s = Summarize(accuracies, level);
  if (s && s->ci) s->ci = ClampToUnit(*s->ci);
  return s;
}

}  // namespace mnb::stats
