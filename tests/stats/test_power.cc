// Welch power and seeds needed (harness/stats/power.h) against outside reference values:
//   - R's power.t.test help-page examples (stats package, R 4.x): power.t.test(n = 20, delta = 1)
//     gives power = 0.8689528; power.t.test(power = .90, delta = 1) gives n = 22.02110; and the
//     classic 80% case power.t.test(power = .80, delta = 1) gives n = 16.71477 (equal sds and n:
//     Welch's df is 2(n - 1), R's own).
//   - scipy 1.17.1, stats.nct.sf(c, df, ncp) + stats.nct.cdf(-c, df, ncp) with the
//     Welch–Satterthwaite df, for unequal sds and sizes (values below, 10 digits).
#include <catch2/catch.hpp>

#include <optional>

#include "harness/base/error.h"
#include "tests/error_matchers.h"
#include "harness/stats/power.h"

using mnb::ErrorKind;
using mnb::testing::IsKind;
using namespace mnb::stats;
using Catch::Matchers::WithinAbs;

TEST_CASE("Welch power matches R's power.t.test for equal groups", "[stats][power]") {
  CHECK_THAT(WelchPower(1, 1, 1, 20, 20), WithinAbs(0.8689528, 1e-6));
  CHECK_THAT(WelchPower(1, 1, 1, 22.02110, 22.02110), WithinAbs(0.90, 1e-6));
  CHECK_THAT(WelchPower(1, 1, 1, 16.71477, 16.71477), WithinAbs(0.80, 1e-5));
  // The sign of delta does not matter; delta = 0 rejects at the test's own level.
  CHECK(WelchPower(-1, 1, 1, 20, 20) == WelchPower(1, 1, 1, 20, 20));
  CHECK(WelchPower(0, 1, 1, 20, 20) == 0.05);
}

TEST_CASE("Welch power matches scipy's noncentral t for unequal groups", "[stats][power]") {
  CHECK_THAT(WelchPower(0.5, 0.3, 0.9, 5, 8), WithinAbs(0.2550071440, 1e-8));
  CHECK_THAT(WelchPower(2.0, 1.5, 0.5, 3, 3), WithinAbs(0.2894684922, 1e-8));
  CHECK_THAT(WelchPower(0.1, 0.12, 0.08, 10, 10), WithinAbs(0.5388822121, 1e-8));
  // The leaderboard: 91.80% against 56.40% over two seeds each (sds 2.0 and 17.0).
  CHECK_THAT(WelchPower(35.4, 17.0, 2.0, 2, 2), WithinAbs(0.1866900958, 1e-8));
}

TEST_CASE("seeds needed is the smallest n per side that reaches the power", "[stats][power]") {
  // R: n = 16.71 for 80% and 22.02 for 90%, so 17 and 23 whole seeds.
  CHECK(SeedsNeeded(1, 1, 1) == 17);
  CHECK(SeedsNeeded(1, 1, 1, 0.9) == 23);
  CHECK(WelchPower(1, 1, 1, 16, 16) < 0.8);
  // scipy: 5 seeds each separate the 35.4 points (power 0.929; 4 seeds fall short), and
  // 30 separate 0.5 points at sds 0.3 and 0.9 (power 0.8017).
  CHECK(SeedsNeeded(35.4, 17.0, 2.0) == 5);
  CHECK(SeedsNeeded(0.5, 0.3, 0.9) == 30);
  CHECK(WelchPower(0.5, 0.3, 0.9, 29, 29) < 0.8);
  // No difference, or one too small for the cap: no number.
  CHECK_FALSE(SeedsNeeded(0, 1, 1));
  CHECK_FALSE(SeedsNeeded(0.001, 1, 1, 0.8, 0.05, 100));
  // No spread: two seeds decide any difference.
  CHECK(SeedsNeeded(0.1, 0, 0) == 2);
  CHECK_THROWS_MATCHES(WelchPower(1, 1, 1, 1, 5), mnb::Error, IsKind(ErrorKind::kInternal));
  CHECK_THROWS_MATCHES(WelchPower(1, -1, 1, 5, 5), mnb::Error, IsKind(ErrorKind::kInternal));
  CHECK_THROWS_MATCHES(SeedsNeeded(1, 1, 1, 0.01), mnb::Error, IsKind(ErrorKind::kInternal));
}

TEST_CASE("seeds needed: the bracketed search finds what a scan of every n finds", "[stats][power]") {
  // SeedsNeeded starts from the normal approximation and gallops; its answer must be the first n
  // of 2 .. max_n whose exact power reaches the target, wherever that n lies (at 2, near the
  // guess, far above it with unequal spreads, at the cap, or past it).
  const int max_n = 60;
  const auto scan = [&](double delta, double sd_a, double sd_b, double power) -> std::optional<int> {
    for (int n = 2; n <= max_n; ++n) {
      if (WelchPower(delta, sd_a, sd_b, n, n) >= power) return n;
    }
    return std::nullopt;
  };
  int cases = 0, capped = 0, at_two = 0;
  for (double delta : {0.05, 0.3, 0.7, 1.0, 2.5, 8.0, 40.0}) {
    for (double sd_a : {0.0, 0.2, 1.0, 3.0}) {
      for (double sd_b : {0.0, 0.5, 1.0, 12.0}) {
        for (double power : {0.5, 0.8, 0.95}) {
          const std::optional<int> expected = scan(delta, sd_a, sd_b, power);
          INFO("delta " << delta << " sds " << sd_a << ", " << sd_b << " power " << power);
          CHECK(SeedsNeeded(delta, sd_a, sd_b, power, 0.05, max_n) == expected);
          ++cases;
          capped += expected ? 0 : 1;
          at_two += expected == 2 ? 1 : 0;
        }
      }
    }
  }
  CHECK(cases == 336);
  CHECK(capped > 0);   // the grid reaches past the cap
  CHECK(at_two > 0);   // and answers of 2
}
