// The statistical gate and the "indistinguishable from the best" mark, including their
// calibration on a synthetic generator of seed-to-seed noise (no training).
#include <catch2/catch.hpp>

#include <cstdint>
#include <limits>
#include <random>
#include <vector>

#include <boost/math/distributions/normal.hpp>

#include "harness/base/error.h"
#include "tests/error_matchers.h"
#include "harness/stats/gate.h"

using mnb::ErrorKind;
using mnb::testing::IsKind;
using namespace mnb::stats;
using Catch::Matchers::WithinAbs;
using Catch::Matchers::WithinRel;
using Verdict = GateDecision::Verdict;

namespace {

// Test accuracies of `seeds` runs: normal around `mean` with spread `sigma` (fractions). Inverse
// CDF of a 53-bit uniform, so the draws are the same on every standard library.
std::vector<double> SyntheticSeeds(std::mt19937_64& rng, size_t seeds, double mean, double sigma) {
  const boost::math::normal_distribution<double> noise(mean, sigma);
  std::vector<double> out;
  for (size_t i = 0; i < seeds; ++i) {
    const double u = (static_cast<double>(rng() >> 11) + 0.5) / 9007199254740992.0;  // 2^53
    out.push_back(boost::math::quantile(noise, u));
  }
  return out;
}

// Share of `trials` comparisons of 5 seeds against 5 that the gate fails.
double FailureRate(uint64_t seed, int trials, double candidate_mean, double min_effect) {
  std::mt19937_64 rng(seed);
  int failed = 0;
  for (int t = 0; t < trials; ++t) {
    const std::vector<double> baseline = SyntheticSeeds(rng, 5, 0.990, 0.002);
    const std::vector<double> candidate = SyntheticSeeds(rng, 5, candidate_mean, 0.002);
    failed += RegressionGate(candidate, baseline, 0.05, min_effect).verdict == Verdict::kFail;
  }
  return static_cast<double>(failed) / trials;
}

}  // namespace

TEST_CASE("Gate calibration: noise alone rarely fails, a 1 pp regression almost always does",
          "[stats][gate]") {
  // Same distribution on both sides, no minimum effect: the false-failure rate is alpha (5%).
  const double noise = FailureRate(2024, 1000, 0.990, 0);
  INFO("noise-only failure rate " << noise);
  CHECK(noise <= 0.06);
  CHECK(noise >= 0.03);  // calibrated, not merely timid
  // A minimum effect of 0.2 pp makes noise fail even less often.
  CHECK(FailureRate(2024, 1000, 0.990, 0.002) < noise);
  // Candidate 1 pp below the baseline, sigma 0.2 pp, 5 seeds each.
  const double planted = FailureRate(99, 1000, 0.980, 0.002);
  INFO("planted 1 pp regression failure rate " << planted);
  CHECK(planted >= 0.95);
  CHECK(FailureRate(99, 1000, 0.980, 0) >= 0.95);
}

TEST_CASE("Gate verdict, p and interval on a clear case", "[stats][gate]") {
  const std::vector<double> baseline = {0.990, 0.991, 0.989, 0.990, 0.992};
  const std::vector<double> worse = {0.980, 0.981, 0.979, 0.980, 0.982};
  const GateDecision fail = RegressionGate(worse, baseline, 0.05, 0.002);
  CHECK(fail.verdict == Verdict::kFail);
  CHECK(fail.p < 0.001);
  CHECK(fail.min_effect == 0.002);
  REQUIRE(fail.welch);
  CHECK_THAT(fail.welch->difference, WithinAbs(-0.010, 1e-12));
  // The (1 - 2 alpha) interval lies wholly below -min_effect exactly when the gate fails.
  CHECK(fail.ci.high < -0.002);
  CHECK(fail.ci.low < -0.010);

  // A loss of 0.1 pp is below a 0.2 pp minimum effect: it passes, however sure the test is.
  std::vector<double> slightly = baseline;
  for (double& v : slightly) v -= 0.001;
  const GateDecision pass = RegressionGate(slightly, baseline, 0.05, 0.002);
  CHECK(pass.verdict == Verdict::kPass);
  CHECK(pass.p >= 0.05);
  CHECK(pass.ci.high >= -0.002);
  // An improvement always passes.
  CHECK(RegressionGate(baseline, worse, 0.05, 0).verdict == Verdict::kPass);
}

TEST_CASE("Gate with fewer than two seeds says so, never passes", "[stats][gate]") {
  const GateDecision one = RegressionGate({0.95}, {0.990, 0.991, 0.989});
  CHECK(one.verdict == Verdict::kTooFewSeeds);
  CHECK_FALSE(one.welch);
  CHECK(RegressionGate({0.95, 0.96}, {0.99}).verdict == Verdict::kTooFewSeeds);
  CHECK_THROWS_MATCHES(RegressionGate({0.95, 0.96}, {0.99, 0.98}, 0.05, -0.001),
                       mnb::Error, IsKind(ErrorKind::kInternal));
  // A baseline CSV's mean or std is the user's file: a NaN there is bad input.
  Summary baseline;
  baseline.n = 3;
  baseline.mean = std::numeric_limits<double>::quiet_NaN();
  const Summary candidate = *Summarize({0.95, 0.96});
  CHECK_THROWS_MATCHES(RegressionGateFromSummaries(candidate, baseline, 0.05, 0), mnb::Error,
                       IsKind(ErrorKind::kBadInput));
}

TEST_CASE("Indistinguishable from the best, Holm-corrected; one seed is too few",
          "[stats][gate]") {
  const std::vector<std::vector<double>> variants = {
      {0.9895, 0.9905, 0.9900, 0.9885, 0.9910},  // close behind the best
      {0.990, 0.991, 0.989, 0.990, 0.992},       // rank 1
      {0.980, 0.981, 0.979, 0.980, 0.982},       // a full point below
      {0.995},                                   // one lucky seed
  };
  const std::vector<BestComparison> marks = CompareWithBest(variants, 1, 0.05, 0.01);
  REQUIRE(marks.size() == 4);
  CHECK(marks[1].standing == Standing::kBest);
  CHECK_FALSE(marks[1].welch);
  CHECK(marks[0].standing == Standing::kIndistinguishable);
  CHECK(marks[2].standing == Standing::kDistinguishable);
  CHECK(marks[3].standing == Standing::kTooFewSeeds);
  CHECK_FALSE(marks[3].welch);
  // Reference values: scipy 1.16 stats.ttest_ind(variant, best, equal_var=False) gives
  // p = 0.4755899394031087 (t = -0.7495, df = 7.779) for the close one and
  // p = 7.071086608820713e-07 (t = -13.8675, df = 8) for the one a point below. Holm over the two
  // comparisons doubles the smaller p and gives the larger max(2 p_min, p) = p.
  REQUIRE(marks[0].welch);
  REQUIRE(marks[2].welch);
  CHECK_THAT(marks[0].welch->p_two_sided, WithinRel(0.4755899394031087, 1e-9));
  CHECK_THAT(marks[2].welch->p_two_sided, WithinRel(7.071086608820713e-07, 1e-6));
  CHECK_THAT(marks[2].p_adjusted, WithinRel(2 * 7.071086608820713e-07, 1e-6));
  CHECK_THAT(marks[0].p_adjusted, WithinRel(0.4755899394031087, 1e-9));
  CHECK(marks[3].p_adjusted == 1);

  // A best with one seed leaves every variant "too few seeds": no tie, no win.
  const std::vector<BestComparison> lone = CompareWithBest({{0.99}, {0.98, 0.97}}, 0, 0.05, 0.01);
  CHECK(lone[0].standing == Standing::kTooFewSeeds);
  CHECK(lone[1].standing == Standing::kTooFewSeeds);
  CHECK_THROWS_MATCHES(CompareWithBest(variants, 4, 0.05, 0.01),
                       mnb::Error, IsKind(ErrorKind::kInternal));
  CHECK_THROWS_MATCHES(CompareWithBest(variants, 1, 0.05, 0),
                       mnb::Error, IsKind(ErrorKind::kInternal));
}

TEST_CASE("Not separated is a tie only where the seeds had the power to see one point",
          "[stats][gate][power]") {
  // Five seeds 0.1 point apart: 80% power for one point is easily met, so a tie.
  const std::vector<std::vector<double>> tight = {{0.990, 0.991, 0.989, 0.990, 0.992},
                                                  {0.9895, 0.9905, 0.9900, 0.9885, 0.9910}};
  const auto marks = CompareWithBest(tight, 0, 0.05, 0.01);
  CHECK(marks[1].standing == Standing::kIndistinguishable);
  CHECK(marks[1].power > 0.99);
  // Two seeds far apart (the 91.80% against 56.40%): not separated, and not a tie either.
  // Power for one point with sds 0.0198 and 0.1697 at n = 2 (scipy 1.17 noncentral t: 0.0502),
  // and 5 seeds each would separate the observed 35.4 points.
  const auto noisy = CompareWithBest({{0.904, 0.932}, {0.444, 0.684}}, 0, 0.05, 0.01);
  CHECK(noisy[1].standing == Standing::kUndecided);
  CHECK(noisy[1].power < 0.8);
  CHECK(noisy[1].seeds_needed == 5);
  CHECK_THAT(noisy[1].power, WithinAbs(0.05017499892204381, 1e-8));
  // Even a stated effect of 50 points would be seen with only 26% power (scipy: 0.2635).
  CHECK_THAT(CompareWithBest({{0.904, 0.932}, {0.444, 0.684}}, 0, 0.05, 0.5)[1].power,
             WithinAbs(0.26350333019873656, 1e-8));
}

TEST_CASE("Gate from summaries equals the gate from the seeds they summarise", "[stats][gate]") {
  // A baseline frozen to a CSV keeps n, mean and std only: the decision must not change.
  const std::vector<double> baseline = {0.990, 0.991, 0.989, 0.990, 0.992};
  const std::vector<double> candidate = {0.9885, 0.9880, 0.9891, 0.9870};
  const GateDecision from_seeds = RegressionGate(candidate, baseline, 0.05, 0.001);
  const GateDecision from_summaries =
      RegressionGateFromSummaries(*Summarize(candidate), *Summarize(baseline), 0.05, 0.001);
  REQUIRE(from_seeds.welch);
  REQUIRE(from_summaries.welch);
  CHECK(from_summaries.verdict == from_seeds.verdict);
  CHECK(from_summaries.p == from_seeds.p);
  CHECK(from_summaries.ci.low == from_seeds.ci.low);
  CHECK(from_summaries.welch->df == from_seeds.welch->df);
  Summary one;
  one.n = 1;
  one.mean = 0.99;
  CHECK(RegressionGateFromSummaries(*Summarize(candidate), one).verdict == Verdict::kTooFewSeeds);
}
