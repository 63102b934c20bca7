// Welch's t-test against R's published output and the zero-variance limits of welch.h.
#include <catch2/catch.hpp>

#include <cmath>
#include <vector>

#include "harness/stats/welch.h"

using namespace mnb::stats;
using Catch::Matchers::WithinAbs;

namespace {

// Cushny & Peebles' sleep data (Student 1908), R's `sleep` data set: extra hours of sleep of ten
// patients under drug 1 and drug 2.
const std::vector<double> kDrug1 = {0.7, -1.6, -0.2, -1.2, -0.1, 3.4, 3.7, 0.8, 0.0, 2.0};
const std::vector<double> kDrug2 = {1.9, 0.8, 1.1, 0.1, -0.1, 4.4, 5.5, 1.6, 4.6, 3.4};

}  // namespace

TEST_CASE("Welch reproduces R's t.test example on the sleep data", "[stats][welch]") {
  // The worked example of R's ?t.test, `t.test(extra ~ group, data = sleep)`, prints:
  //   Welch Two Sample t-test: t = -1.8608, df = 17.776, p-value = 0.07939
  //   95 percent confidence interval: -3.3654832  0.2054832; means 0.75 and 2.33.
  const auto w = WelchTest(kDrug1, kDrug2);
  REQUIRE(w);
  CHECK(w->n_a == 10);
  CHECK(w->n_b == 10);
  CHECK_THAT(w->mean_a, WithinAbs(0.75, 1e-12));
  CHECK_THAT(w->mean_b, WithinAbs(2.33, 1e-12));
  CHECK_THAT(w->difference, WithinAbs(-1.58, 1e-12));
  CHECK_THAT(w->t, WithinAbs(-1.8608, 5e-5));
  CHECK_THAT(w->df, WithinAbs(17.776, 5e-4));
  CHECK_THAT(w->p_two_sided, WithinAbs(0.07939, 5e-6));
  CHECK_THAT(w->ci.low, WithinAbs(-3.3654832, 5e-8));
  CHECK_THAT(w->ci.high, WithinAbs(0.2054832, 5e-8));
  // One-sided: drug 1 below drug 2 is the direction the data point to.
  CHECK_THAT(w->p_a_less, WithinAbs(w->p_two_sided / 2, 1e-12));
  CHECK_THAT(w->p_a_greater, WithinAbs(1 - w->p_two_sided / 2, 1e-12));

  // Swapping the groups mirrors everything.
  const auto m = WelchTest(kDrug2, kDrug1);
  REQUIRE(m);
  CHECK_THAT(m->t, WithinAbs(-w->t, 1e-12));
  CHECK_THAT(m->p_two_sided, WithinAbs(w->p_two_sided, 1e-12));
  CHECK_THAT(m->ci.low, WithinAbs(-w->ci.high, 1e-12));
}

TEST_CASE("Welch shifted by the observed difference gives t = 0", "[stats][welch]") {
  const auto w = ShiftedWelchTest(kDrug1, kDrug2, -1.58);
  REQUIRE(w);
  CHECK_THAT(w->t, WithinAbs(0, 1e-12));
  CHECK_THAT(w->p_two_sided, WithinAbs(1, 1e-9));
  CHECK_THAT(w->p_a_less, WithinAbs(0.5, 1e-9));
  // The interval does not depend on the shift.
  const auto plain = WelchTest(kDrug1, kDrug2);
  CHECK(w->ci.low == plain->ci.low);
  CHECK(w->ci.high == plain->ci.high);
}

TEST_CASE("Welch needs two values on each side", "[stats][welch]") {
  CHECK_FALSE(WelchTest({0.99}, {0.98, 0.97}));
  CHECK_FALSE(WelchTest({0.99, 0.98}, {0.97}));
  CHECK_FALSE(WelchTest({}, {0.97, 0.98}));
}

TEST_CASE("Welch with zero variance in one or both groups", "[stats][welch]") {
  SECTION("one group constant: df is n - 1 of the other") {
    const auto w = WelchTest({0.99, 0.99, 0.99}, {0.97, 0.98, 0.96, 0.97});
    REQUIRE(w);
    CHECK_THAT(w->df, WithinAbs(3, 1e-9));
    CHECK(std::isfinite(w->t));
    CHECK(w->p_two_sided > 0);
    CHECK(w->p_two_sided < 0.05);
  }
  SECTION("both constant and equal: t = 0, nothing to reject") {
    const auto w = WelchTest({0.99, 0.99}, {0.99, 0.99, 0.99});
    REQUIRE(w);
    CHECK(w->t == 0);
    CHECK(w->p_two_sided == 1);
    CHECK(w->p_a_less == 0.5);
    CHECK(w->p_a_greater == 0.5);
    CHECK(w->df == 3);
    CHECK(w->ci.low == 0);
    CHECK(w->ci.high == 0);
  }
  SECTION("both constant and different: decided by the difference") {
    const auto w = WelchTest({0.98, 0.98}, {0.99, 0.99});
    REQUIRE(w);
    CHECK(std::isinf(w->t));
    CHECK(w->t < 0);
    CHECK(w->p_two_sided == 0);
    CHECK(w->p_a_less == 0);
    CHECK(w->p_a_greater == 1);
    CHECK_THAT(w->ci.low, WithinAbs(-0.01, 1e-12));
    CHECK(w->ci.low == w->ci.high);
  }
}
