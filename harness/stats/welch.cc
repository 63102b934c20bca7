#include "harness/stats/welch.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <limits>

#include <boost/math/distributions/students_t.hpp>

#include "harness/base/error.h"

namespace mnb::stats {

std::optional<WelchResult> ShiftedWelchTest(const std::vector<double>& a,
                                            const std::vector<double>& b, double shift,
                                            double level) {
  const std::optional<Summary> sa = Summarize(a, level), sb = Summarize(b, level);
  if (!sa || !sb) return std::nullopt;
  return ShiftedWelchFromSummaries(*sa, *sb, shift, level);
}

std::optional<WelchResult> ShiftedWelchFromSummaries(const Summary& a, const Summary& b,
                                                    double shift, double level) {
  RequireOpenUnit(level, "confidence level");
  if (a.n < 2 || b.n < 2) return std::nullopt;
  if (!(a.std_dev >= 0 && b.std_dev >= 0) || !std::isfinite(a.mean) || !std::isfinite(b.mean)) {
    throw BadInput(fmt::format("Welch test: mean {} (std {}) against mean {} (std {}) (expected "
                               "finite means and stds >= 0)", a.mean, a.std_dev, b.mean,
                               b.std_dev));
  }

  WelchResult r;
  r.n_a = a.n;
  r.n_b = b.n;
  r.mean_a = a.mean;
  r.mean_b = b.mean;
  r.difference = a.mean - b.mean;
  r.level = level;
  const double va = a.std_dev * a.std_dev / static_cast<double>(a.n);
  const double vb = b.std_dev * b.std_dev / static_cast<double>(b.n);
  r.standard_error = std::sqrt(va + vb);
  const double excess = r.difference - shift;

  if (r.standard_error == 0) {
    // Both groups constant: the limit of a vanishing spread (docs/statistics.md, "Welch's test").
    r.df = static_cast<double>(r.n_a + r.n_b - 2);
    r.ci = Interval{r.difference, r.difference};
    if (excess == 0) return r;  // t = 0, p = 1 / 0.5 / 0.5 as initialised
    const double inf = std::numeric_limits<double>::infinity();
    r.t = excess > 0 ? inf : -inf;
    r.p_two_sided = 0;
    r.p_a_less = excess < 0 ? 0 : 1;
    r.p_a_greater = excess > 0 ? 0 : 1;
    return r;
  }

  r.df = (va + vb) * (va + vb) /
         (va * va / static_cast<double>(r.n_a - 1) + vb * vb / static_cast<double>(r.n_b - 1));
  r.t = excess / r.standard_error;
  const boost::math::students_t_distribution<double> t_dist(r.df);
  // cdf and its complement each keep full precision in their own tail.
  r.p_a_less = boost::math::cdf(t_dist, r.t);
  r.p_a_greater = boost::math::cdf(boost::math::complement(t_dist, r.t));
  r.p_two_sided = std::min(1.0, 2 * std::min(r.p_a_less, r.p_a_greater));
  const double half = StudentTQuantile(1 - (1 - level) / 2, r.df) * r.standard_error;
  r.ci = Interval{r.difference - half, r.difference + half};
  return r;
}

std::optional<WelchResult> WelchTest(const std::vector<double>& a, const std::vector<double>& b,
                                     double level) {
  return ShiftedWelchTest(a, b, 0, level);
}

}  // namespace mnb::stats
