// Probability of improvement P(A > B) and its seeded bootstrap interval.
#include <catch2/catch.hpp>

#include <random>
#include <vector>

#include "harness/base/error.h"
#include "tests/error_matchers.h"
#include "harness/stats/improvement.h"

using mnb::ErrorKind;
using mnb::testing::IsKind;
using namespace mnb::stats;
using Catch::Matchers::WithinAbs;

TEST_CASE("P(A > B) counts seed pairs, ties half", "[stats][improvement]") {
  CHECK(ProbabilityOfImprovement({0.99, 0.98}, {0.97, 0.96}) == 1.0);
  CHECK(ProbabilityOfImprovement({0.97, 0.96}, {0.99, 0.98}) == 0.0);
  // Pairs against 0.98: 0.97 loses, 0.98 ties, 0.99 wins → (0 + 0.5 + 1) / 3.
  CHECK_THAT(ProbabilityOfImprovement({0.97, 0.98, 0.99}, {0.98}), WithinAbs(0.5, 1e-15));
  // 2 × 3 pairs: 0.985 beats 0.98 and 0.97 → 2 wins; 0.975 beats 0.97 → 1 win: 3 / 6.
  CHECK_THAT(ProbabilityOfImprovement({0.985, 0.975}, {0.99, 0.98, 0.97}), WithinAbs(0.5, 1e-15));
  CHECK_THROWS_MATCHES(ProbabilityOfImprovement({}, {0.9}),
                       mnb::Error, IsKind(ErrorKind::kInternal));
}

TEST_CASE("Bootstrap interval is deterministic for a seed and brackets the estimate",
          "[stats][improvement]") {
  const std::vector<double> a = {0.9912, 0.9905, 0.9921, 0.9899, 0.9917};
  const std::vector<double> b = {0.9901, 0.9909, 0.9893, 0.9914, 0.9897};
  std::mt19937_64 rng1(42), rng2(42), rng3(7);
  const ImprovementResult r1 = BootstrapImprovement(a, b, rng1, 2000);
  const ImprovementResult r2 = BootstrapImprovement(a, b, rng2, 2000);
  const ImprovementResult r3 = BootstrapImprovement(a, b, rng3, 2000);
  CHECK(r1.probability == ProbabilityOfImprovement(a, b));
  CHECK(r1.resamples == 2000);
  CHECK(r1.ci.low == r2.ci.low);
  CHECK(r1.ci.high == r2.ci.high);
  CHECK(r1.ci.low <= r1.probability);
  CHECK(r1.probability <= r1.ci.high);
  CHECK(r1.ci.low >= 0);
  CHECK(r1.ci.high <= 1);
  // Five seeds that overlap say little: the interval is wide and reaches both sides of 0.5.
  CHECK(r1.ci.low < 0.5);
  CHECK(r1.ci.high > 0.5);
  // Another seed resamples differently, yet lands close (2,000 resamples).
  CHECK_THAT(r3.ci.low, WithinAbs(r1.ci.low, 0.1));
  CHECK_THAT(r3.ci.high, WithinAbs(r1.ci.high, 0.1));
}

TEST_CASE("Bootstrap of fully separated seeds is the single point 1", "[stats][improvement]") {
  std::mt19937_64 rng(1);
  const ImprovementResult r = BootstrapImprovement({0.99, 0.995, 0.992}, {0.97, 0.975}, rng, 500);
  CHECK(r.probability == 1.0);
  CHECK(r.ci.low == 1.0);
  CHECK(r.ci.high == 1.0);
  CHECK_THROWS_MATCHES(BootstrapImprovement({0.9}, {0.8}, rng, 0),
                       mnb::Error, IsKind(ErrorKind::kInternal));
  CHECK_THROWS_MATCHES(BootstrapImprovement({0.9}, {0.8}, rng, 10, 1.5),
                       mnb::Error, IsKind(ErrorKind::kInternal));
}
