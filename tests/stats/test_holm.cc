// Holm–Bonferroni against the textbook example and its defining properties.
#include <catch2/catch.hpp>

#include <vector>

#include "harness/base/error.h"
#include "tests/error_matchers.h"
#include "harness/stats/holm.h"

using mnb::ErrorKind;
using mnb::testing::IsKind;
using namespace mnb::stats;
using Catch::Matchers::WithinAbs;

TEST_CASE("Holm on the classic four-hypothesis example", "[stats][holm]") {
  // Wikipedia, "Holm–Bonferroni method", example: p = 0.01, 0.04, 0.03, 0.005 at alpha = 0.05;
  // hypotheses 1 and 4 are rejected, 2 and 3 are not. Adjusted values as R's
  // p.adjust(c(0.01, 0.04, 0.03, 0.005), "holm"): 0.03 0.06 0.06 0.02.
  const HolmResult r = Holm({0.01, 0.04, 0.03, 0.005}, 0.05);
  REQUIRE(r.adjusted.size() == 4);
  CHECK_THAT(r.adjusted[0], WithinAbs(0.03, 1e-12));
  CHECK_THAT(r.adjusted[1], WithinAbs(0.06, 1e-12));
  CHECK_THAT(r.adjusted[2], WithinAbs(0.06, 1e-12));
  CHECK_THAT(r.adjusted[3], WithinAbs(0.02, 1e-12));
  CHECK(r.reject == std::vector<bool>{true, false, false, true});
}

TEST_CASE("Holm: step-down stops at the first non-rejection, values cap at 1", "[stats][holm]") {
  // Sorted 0.001 (×3 = 0.003), 0.02 (×2 = 0.04), 0.6 (×1): the third is not rejected.
  const HolmResult r = Holm({0.6, 0.02, 0.001}, 0.05);
  CHECK_THAT(r.adjusted[0], WithinAbs(0.6, 1e-12));
  CHECK_THAT(r.adjusted[1], WithinAbs(0.04, 1e-12));
  CHECK_THAT(r.adjusted[2], WithinAbs(0.003, 1e-12));
  CHECK(r.reject == std::vector<bool>{false, true, true});
  // A later, smaller scaled value never lowers an adjusted one; scaling caps at 1.
  const HolmResult capped = Holm({0.5, 0.45}, 0.05);
  CHECK(capped.adjusted[1] == 0.9);
  CHECK(capped.adjusted[0] == 0.9);
  CHECK(Holm({0.7, 0.8}).adjusted[0] == 1.0);
}

TEST_CASE("Holm: one p-value is untouched, none gives nothing, bad input throws", "[stats][holm]") {
  const HolmResult one = Holm({0.03});
  CHECK(one.adjusted == std::vector<double>{0.03});
  CHECK(one.reject == std::vector<bool>{true});
  CHECK(Holm({}).adjusted.empty());
  CHECK_THROWS_MATCHES(Holm({1.2}), mnb::Error, IsKind(ErrorKind::kInternal));
  CHECK_THROWS_MATCHES(Holm({0.1}, 0), mnb::Error, IsKind(ErrorKind::kInternal));
}
