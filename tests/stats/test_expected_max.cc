// Dodge et al.'s expected maximum against brute-force enumeration of every draw.
#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <limits>
#include <vector>

#include "harness/base/error.h"
#include "tests/error_matchers.h"
#include "harness/stats/expected_max.h"

using mnb::ErrorKind;
using mnb::testing::IsKind;
using namespace mnb::stats;
using Catch::Matchers::WithinAbs;

namespace {

// The mean of max(v[i1], ..., v[ik]) over all N^k index tuples: the definition, literally.
double BruteForceExpectedMax(const std::vector<double>& v, size_t k) {
  std::vector<size_t> index(k, 0);
  double total = 0;
  size_t tuples = 0;
  while (true) {
    double best = v[index[0]];
    for (size_t i : index) best = std::max(best, v[i]);
    total += best;
    ++tuples;
    size_t digit = 0;  // odometer increment in base N
    while (digit < k && ++index[digit] == v.size()) index[digit++] = 0;
    if (digit == k) break;
  }
  return total / static_cast<double>(tuples);
}

// Dodge et al. (2019), eq. 1, written out here in long double: with v sorted ascending,
// E[max of k draws] = sum_i v_(i) ((i/N)^k - ((i-1)/N)^k). Independent of the code under test.
double TextbookExpectedMax(std::vector<double> v, size_t k) {
  std::sort(v.begin(), v.end());
  const long double n = static_cast<long double>(v.size());
  long double total = 0;
  for (size_t i = 1; i <= v.size(); ++i) {
    const long double upper = std::pow(static_cast<long double>(i) / n, static_cast<long double>(k));
    const long double lower =
        std::pow(static_cast<long double>(i - 1) / n, static_cast<long double>(k));
    total += static_cast<long double>(v[i - 1]) * (upper - lower);
  }
  return static_cast<double>(total);
}

}  // namespace

TEST_CASE("Expected max equals enumeration of all N^k draws", "[stats][expected_max]") {
  // Unsorted, with a tie: the estimator sorts, and ties telescope correctly.
  const std::vector<double> accuracies = {0.912, 0.951, 0.930, 0.951, 0.897, 0.944};
  const std::vector<double> curve = ExpectedMaxCurve(accuracies);
  REQUIRE(curve.size() == accuracies.size());
  for (size_t k = 1; k <= accuracies.size(); ++k) {
    INFO("k = " << k);
    CHECK_THAT(curve[k - 1], WithinAbs(BruteForceExpectedMax(accuracies, k), 1e-12));
    CHECK_THAT(ExpectedMaximum(accuracies, k), WithinAbs(curve[k - 1], 1e-12));
  }
  // k = 1 is the mean; the curve rises towards the best value and never passes it.
  double mean = 0;
  for (double a : accuracies) mean += a / accuracies.size();
  CHECK_THAT(curve[0], WithinAbs(mean, 1e-12));
  CHECK(std::is_sorted(curve.begin(), curve.end()));
  CHECK(curve.back() < 0.951);
  CHECK_THAT(ExpectedMaximum(accuracies, 200), WithinAbs(0.951, 1e-9));
}

TEST_CASE("Expected max of one value, of none, and bad input", "[stats][expected_max]") {
  CHECK(ExpectedMaxCurve({0.9}) == std::vector<double>{0.9});
  CHECK(ExpectedMaxCurve({}).empty());
  CHECK_THROWS_MATCHES(ExpectedMaximum({0.9}, 0), mnb::Error, IsKind(ErrorKind::kInternal));
  CHECK_THROWS_MATCHES(ExpectedMaximum({}, 1), mnb::Error, IsKind(ErrorKind::kInternal));
  // A database may hold an infinite accuracy: that is the user's input, not a bug.
  CHECK_THROWS_MATCHES(ExpectedMaxCurve({0.9, std::numeric_limits<double>::infinity()}),
                       mnb::Error, IsKind(ErrorKind::kBadInput));
}

TEST_CASE("a long curve agrees with the textbook sum at every k and never falls",
          "[stats][expected_max]") {
  // 3,000 runs: far enough for (i/N)^k to underflow for the worst runs, which are then skipped.
  std::vector<double> accuracies;
  for (int i = 0; i < 3000; ++i) accuracies.push_back(0.9 + 0.09 * std::sin(i * 0.7) * std::sin(i * 0.7));
  const std::vector<double> curve = ExpectedMaxCurve(accuracies);
  REQUIRE(curve.size() == 3000);
  for (size_t k : {size_t{1}, size_t{2}, size_t{10}, size_t{333}, size_t{1500}, size_t{3000}}) {
    INFO("k = " << k);
    const double expected = TextbookExpectedMax(accuracies, k);
    CHECK_THAT(curve[k - 1], WithinAbs(expected, 1e-12));
    CHECK_THAT(ExpectedMaximum(accuracies, k), WithinAbs(expected, 1e-12));
  }
  CHECK(std::is_sorted(curve.begin(), curve.end()));
  CHECK(curve.back() <= *std::max_element(accuracies.begin(), accuracies.end()));
}
