#include "harness/stats/holm.h"

#include <algorithm>
#include <numeric>

#include "harness/base/error.h"
#include "harness/stats/summary.h"

namespace mnb::stats {

HolmResult Holm(const std::vector<double>& p_values, double alpha) {
  RequireOpenUnit(alpha, "alpha");
  for (double p : p_values)
    if (!(p >= 0 && p <= 1)) throw InternalError("Holm needs p-values in [0, 1]");

  const size_t m = p_values.size();
  std::vector<size_t> order(m);
  std::iota(order.begin(), order.end(), 0);
  std::stable_sort(order.begin(), order.end(),
                   [&](size_t x, size_t y) { return p_values[x] < p_values[y]; });

  HolmResult r;
  r.adjusted.assign(m, 1.0);
  r.reject.assign(m, false);
  double running_max = 0;
  for (size_t rank = 0; rank < m; ++rank) {
    const size_t i = order[rank];
    const double scaled = std::min(1.0, static_cast<double>(m - rank) * p_values[i]);
    running_max = std::max(running_max, scaled);
    r.adjusted[i] = running_max;
    r.reject[i] = running_max < alpha;
  }
  return r;
}

}  // namespace mnb::stats
