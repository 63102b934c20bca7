#include "harness/stats/power.h"

#include <boost/math/distributions/non_central_t.hpp>
#include <boost/math/distributions/students_t.hpp>

#include <cmath>

#include "harness/base/error.h"

namespace mnb::stats {
namespace {

void Require(bool ok, const char* what) {
  if (!ok) throw InternalError(what);
}

}  // namespace

double WelchPower(double delta, double sd_a, double sd_b, double n_a, double n_b, double alpha) {
  Require(std::isfinite(delta) && std::isfinite(sd_a) && std::isfinite(sd_b),
          "power: delta and the standard deviations must be finite");
  Require(sd_a >= 0 && sd_b >= 0, "power: standard deviations must be >= 0");
  Require(n_a >= 2 && n_b >= 2 && std::isfinite(n_a) && std::isfinite(n_b),
          "power: each side needs n >= 2");
  Require(alpha > 0 && alpha < 1, "power: alpha must lie in (0, 1)");
  const double va = sd_a * sd_a / n_a, vb = sd_b * sd_b / n_b;
  const double se = std::sqrt(va + vb);
  if (delta == 0) return alpha;
  if (se == 0) return 1;
  const double df = (va + vb) * (va + vb) / (va * va / (n_a - 1) + vb * vb / (n_b - 1));
  const double critical =
      boost::math::quantile(boost::math::students_t_distribution<double>(df), 1 - alpha / 2);
  const boost::math::non_central_t_distribution<double> t(df, std::fabs(delta) / se);
  return boost::math::cdf(boost::math::complement(t, critical)) + boost::math::cdf(t, -critical);
}

std::optional<int> SeedsNeeded(double delta, double sd_a, double sd_b, double power, double alpha,
                               int max_n) {
  Require(power > alpha && power < 1, "seeds needed: power must lie in (alpha, 1)");
  Require(max_n >= 2, "seeds needed: max_n must be >= 2");
  if (delta == 0) return std::nullopt;
  const auto reaches = [&](int n) { return WelchPower(delta, sd_a, sd_b, n, n, alpha) >= power; };
  if (!reaches(max_n)) return std::nullopt;
  int low = 1, high = max_n;  // power grows with n: reaches(high), and n = low never counts
  while (high - low > 1) {
    const int mid = low + (high - low) / 2;
    (mid >= 2 && reaches(mid) ? high : low) = mid;
  }
  return high;
}

}  // namespace mnb::stats
