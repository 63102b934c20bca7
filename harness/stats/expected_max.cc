#include "harness/stats/expected_max.h"

#include <algorithm>
#include <cmath>
#include <stdexcept>

namespace mnb::stats {
namespace {

void SortFinite(std::vector<double>& values) {
  for (double v : values)
    if (!std::isfinite(v)) throw std::invalid_argument("expected maximum needs finite values");
  std::sort(values.begin(), values.end());
}

// `sorted` ascending and non-empty.
double ExpectedMaximumOfSorted(const std::vector<double>& sorted, size_t k) {
  const double n = static_cast<double>(sorted.size());
  const double power = static_cast<double>(k);
  double expected = 0, below = 0;  // below = ((i - 1) / N)^k
  for (size_t i = 1; i <= sorted.size(); ++i) {
    const double upto = std::pow(static_cast<double>(i) / n, power);
    expected += sorted[i - 1] * (upto - below);
    below = upto;
  }
  return expected;
}

}  // namespace

double ExpectedMaximum(std::vector<double> values, size_t k) {
  if (k == 0) throw std::invalid_argument("expected maximum needs k >= 1 draws");
  if (values.empty()) throw std::invalid_argument("expected maximum needs at least one value");
  SortFinite(values);
  return ExpectedMaximumOfSorted(values, k);
}

std::vector<double> ExpectedMaxCurve(std::vector<double> values) {
  SortFinite(values);
  std::vector<double> curve;
  curve.reserve(values.size());
  for (size_t k = 1; k <= values.size(); ++k) curve.push_back(ExpectedMaximumOfSorted(values, k));
  return curve;
}

}  // namespace mnb::stats
