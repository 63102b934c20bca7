// TPE's Parzen estimators: Optuna's bandwidths on a hand-worked example, and densities that
// integrate to one.
#include <catch2/catch.hpp>

#include <cmath>

#include "harness/search/parzen_estimator.h"

using namespace mnb::search;
using Catch::Matchers::WithinAbs;

TEST_CASE("Parzen: bandwidths from sorted neighbours, clipped, prior last", "[search][tpe]") {
  // Observations 0.2, 0.5, 0.9 on [0, 1] with the prior at 0.5. Sorted centres with end points:
  // 0 | 0.2 0.5 0.5(prior) 0.9 | 1. Lowest centre: distance to its inner neighbour, 0.3; the
  // observed 0.5: max(0.3, 0) = 0.3; 0.9 (highest): 0.9 - 0.5 = 0.4. Clip at 1 / min(100, 5)
  // = 0.2 from below and 1 from above; the prior's sigma is the range, 1.
  const NumericParzen p({0.2, 0.5, 0.9}, {1, 1, 1}, 0.0, 1.0, false);
  REQUIRE(p.sigmas().size() == 4);
  CHECK_THAT(p.sigmas()[0], WithinAbs(0.3, 1e-12));
  CHECK_THAT(p.sigmas()[1], WithinAbs(0.3, 1e-12));
  CHECK_THAT(p.sigmas()[2], WithinAbs(0.4, 1e-12));
  CHECK(p.sigmas()[3] == 1.0);
  CHECK(p.mus()[3] == 0.5);
  CHECK(p.weights() == std::vector<double>{0.25, 0.25, 0.25, 0.25});

  // Two close observations: the clip keeps the bandwidth at (range) / (n + 2) at least.
  const NumericParzen close({0.50, 0.51}, {1, 1}, 0.0, 1.0, false);
  CHECK_THAT(close.sigmas()[0], WithinAbs(0.25, 1e-12));
}

TEST_CASE("Parzen: densities integrate to one, samples stay in bounds", "[search][tpe]") {
  const NumericParzen p({0.05, 0.3, 0.31, 0.95}, {1, 2, 1, 1}, 0.0, 1.0, false);
  double integral = 0;
  const int steps = 20000;
  for (int i = 0; i < steps; ++i) integral += std::exp(p.LogPdf((i + 0.5) / steps)) / steps;
  CHECK_THAT(integral, WithinAbs(1.0, 1e-3));

  const NumericParzen ints({2, 3, 3, 9}, {1, 1, 1, 1}, 2, 10, true);
  double mass = 0;
  for (int x = 2; x <= 10; ++x) mass += std::exp(ints.LogPdf(x));
  CHECK_THAT(mass, WithinAbs(1.0, 1e-9));

  RandomStream rng(1, StreamDomain::kTpeCandidates, 0);
  for (int i = 0; i < 2000; ++i) {
    const double x = p.Sample(rng);
    REQUIRE((x >= 0.0 && x <= 1.0));
    const double k = ints.Sample(rng);
    REQUIRE((k >= 2 && k <= 10 && k == std::round(k)));
  }
}

TEST_CASE("Parzen: categorical weighted counts", "[search][tpe]") {
  // Choices observed 0, 0, 2 of 3, prior weight 1: each observation's kernel puts 1/4 on every
  // choice plus 1 on its own (row sum 1.75); the prior kernel is uniform; mixture weights 1/4.
  // p(0) = (2 · 1.25 + 0.25) / 1.75 / 4 + 1/12 = 10/21, p(1) = 4/21, p(2) = 7/21.
  const CategoricalParzen c({0, 0, 2}, {1, 1, 1}, 3);
  CHECK_THAT(c.probabilities()[0], WithinAbs(10.0 / 21, 1e-12));
  CHECK_THAT(c.probabilities()[1], WithinAbs(4.0 / 21, 1e-12));
  CHECK_THAT(c.probabilities()[2], WithinAbs(7.0 / 21, 1e-12));
  const CategoricalParzen prior_only({}, {}, 4);
  CHECK_THAT(std::exp(prior_only.LogPdf(3)), WithinAbs(0.25, 1e-12));
}
