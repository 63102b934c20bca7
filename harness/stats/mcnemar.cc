#include "harness/stats/mcnemar.h"

#include <algorithm>
#include <string>

#include <boost/math/distributions/binomial.hpp>

#include "harness/base/error.h"

namespace mnb::stats {

Disagreements CountDisagreements(const std::vector<uint8_t>& a_predicted,
                                 const std::vector<uint8_t>& b_predicted,
                                 const std::vector<uint8_t>& labels) {
  if (a_predicted.size() != labels.size() || b_predicted.size() != labels.size())
    throw InternalError("McNemar needs predictions for the same examples: " +
                        std::to_string(a_predicted.size()) + " and " +
                        std::to_string(b_predicted.size()) + " predictions for " +
                        std::to_string(labels.size()) + " labels");
  Disagreements d;
  for (size_t i = 0; i < labels.size(); ++i) {
    const bool a_right = a_predicted[i] == labels[i], b_right = b_predicted[i] == labels[i];
    d.b += a_right && !b_right;
    d.c += !a_right && b_right;
  }
  return d;
}

double ExactMcNemarP(int64_t b, int64_t c) {
  if (b < 0 || c < 0) throw InternalError("McNemar counts must not be negative");
  if (b + c == 0) return 1;
  const boost::math::binomial_distribution<double> h0(static_cast<double>(b + c), 0.5);
  return std::min(1.0, 2 * boost::math::cdf(h0, static_cast<double>(std::min(b, c))));
}

McNemarResult McNemarTest(const std::vector<uint8_t>& a_predicted,
                          const std::vector<uint8_t>& b_predicted,
                          const std::vector<uint8_t>& labels) {
  const Disagreements d = CountDisagreements(a_predicted, b_predicted, labels);
  return {d.b, d.c, ExactMcNemarP(d.b, d.c)};
}

}  // namespace mnb::stats
