// Summary statistics and the Student-t interval against published and hand-computed values.
#include <catch2/catch.hpp>

#include <cmath>
#include <limits>
#include <vector>

#include "harness/base/error.h"
#include "tests/error_matchers.h"
#include "harness/stats/summary.h"

using mnb::ErrorKind;
using mnb::testing::IsKind;
using namespace mnb::stats;
using Catch::Matchers::WithinAbs;

TEST_CASE("t quantile matches the table value", "[stats][summary]") {
  // Any t table: t(0.975; 4 df) = 2.7764, t(0.975; 9 df) = 2.2622.
  CHECK_THAT(StudentTQuantile(0.975, 4), WithinAbs(2.7764, 5e-5));
  CHECK_THAT(StudentTQuantile(0.975, 9), WithinAbs(2.2622, 5e-5));
  CHECK_THAT(StudentTQuantile(0.025, 4), WithinAbs(-2.7764, 5e-5));
  CHECK_THROWS_MATCHES(StudentTQuantile(1.0, 4), mnb::Error, IsKind(ErrorKind::kInternal));
  CHECK_THROWS_MATCHES(StudentTQuantile(0.975, 0), mnb::Error, IsKind(ErrorKind::kInternal));
}

TEST_CASE("Summary of five seeds: mean, sample std, t interval with n - 1 df", "[stats][summary]") {
  const auto s = Summarize({0.98, 0.99, 0.97, 1.00, 0.96});
  REQUIRE(s);
  CHECK(s->n == 5);
  CHECK_THAT(s->mean, WithinAbs(0.98, 1e-12));
  // Squared deviations 0 + 1 + 1 + 4 + 4 (×1e-4) over n - 1 = 4.
  CHECK_THAT(s->std_dev, WithinAbs(std::sqrt(2.5e-4), 1e-12));
  REQUIRE(s->ci);
  const double half = 2.776445105 * std::sqrt(2.5e-4) / std::sqrt(5.0);  // ≈ 0.019632
  CHECK_THAT(s->ci->low, WithinAbs(0.98 - half, 1e-8));
  CHECK_THAT(s->ci->high, WithinAbs(0.98 + half, 1e-8));

  // A 99% interval is wider than the 95% one, and centred on the same mean.
  const auto wide = Summarize({0.98, 0.99, 0.97, 1.00, 0.96}, 0.99);
  REQUIRE(wide->ci);
  CHECK(wide->ci->high - wide->ci->low > s->ci->high - s->ci->low);
  CHECK(wide->level == 0.99);
}

TEST_CASE("Summary: no interval for one seed, nothing for none", "[stats][summary]") {
  CHECK_FALSE(Summarize({}));
  const auto one = Summarize({0.97});
  REQUIRE(one);
  CHECK(one->n == 1);
  CHECK(one->mean == 0.97);
  CHECK(one->std_dev == 0);
  CHECK_FALSE(one->ci);
}

TEST_CASE("Summary: equal values have a std of exactly zero", "[stats][summary]") {
  // 0.1 × 3 / 3 is not 0.1 in binary: the std must still be 0, not rounding dust.
  const auto s = Summarize({0.1, 0.1, 0.1});
  REQUIRE(s);
  CHECK(s->mean == 0.1);
  CHECK(s->std_dev == 0);
  REQUIRE(s->ci);
  CHECK(s->ci->low == 0.1);
  CHECK(s->ci->high == 0.1);
}

TEST_CASE("Summary refuses non-finite values and levels outside (0, 1)", "[stats][summary]") {
  CHECK_THROWS_MATCHES(Summarize({0.9, std::numeric_limits<double>::quiet_NaN()}),
                       mnb::Error, IsKind(ErrorKind::kBadInput));
  CHECK_THROWS_MATCHES(Summarize({0.9, std::numeric_limits<double>::infinity()}),
                       mnb::Error, IsKind(ErrorKind::kBadInput));
  CHECK_THROWS_MATCHES(Summarize({0.9, 0.91}, 1.0), mnb::Error, IsKind(ErrorKind::kInternal));
  CHECK_THROWS_MATCHES(Summarize({0.9, 0.91}, 0.0), mnb::Error, IsKind(ErrorKind::kInternal));
}

TEST_CASE("accuracy intervals: the t interval intersected with [0, 1]", "[stats][summary]") {
  // scipy 1.17: for {0.90, 1.00} the 95% t interval (1 df) is [0.31469, 1.58531]; for
  // {0.02, 0.00, 0.01} it is [-0.01484, 0.03484]. An accuracy mean cannot leave [0, 1].
  const auto high = SummarizeAccuracies({0.90, 1.00});
  REQUIRE(high->ci);
  CHECK_THAT(high->ci->low, WithinAbs(0.3146897631912654, 1e-12));
  CHECK(high->ci->high == 1.0);
  CHECK(Summarize({0.90, 1.00})->ci->high > 1.5);  // the raw interval, for comparison
  const auto low = SummarizeAccuracies({0.02, 0.00, 0.01});
  CHECK(low->ci->low == 0.0);
  CHECK_THAT(low->ci->high, WithinAbs(0.034841377117503305, 1e-12));
  // Inside [0, 1] nothing changes; one seed has no interval to clamp.
  CHECK(ClampToUnit({0.2, 0.3}).low == 0.2);
  CHECK(ClampToUnit({-3, 7}).high == 1.0);
  CHECK_FALSE(SummarizeAccuracies({0.5})->ci);
}
