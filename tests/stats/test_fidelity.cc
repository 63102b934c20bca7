// The fidelity verdict on real seed results: cnn5-seed003's three seeds of this repository's
// seeds sweep (96.71, 95.86, 96.66 %) against the published 97.31 %.
#include <catch2/catch.hpp>

#include <string>

#include "harness/stats/fidelity.h"

using namespace mnb::stats;

TEST_CASE("Fidelity verdict: at or above, within noise, below, one seed", "[stats][fidelity]") {
  const auto cnn5 = Summarize({96.71, 95.86, 96.66});
  REQUIRE(cnn5);
  // mean 96.41, sample std sqrt(0.455 / 2) = 0.47697, t(0.975; 2) = 4.30265:
  // the 95% interval is 96.41 ± 1.18487 = [95.2251, 97.5949].
  REQUIRE(cnn5->ci);
  CHECK(cnn5->ci->high == Approx(97.5949).margin(1e-4));

  CHECK(JudgeFidelity(97.31, *cnn5) == FidelityVerdict::kWithinNoise);
  CHECK(JudgeFidelity(97.60, *cnn5) == FidelityVerdict::kBelow);
  CHECK(JudgeFidelity(96.41, *cnn5) == FidelityVerdict::kAtOrAbove);  // the mean itself
  CHECK(JudgeFidelity(95.00, *cnn5) == FidelityVerdict::kAtOrAbove);

  const auto one = Summarize({96.71});
  CHECK(JudgeFidelity(97.31, *one) == FidelityVerdict::kOneSeed);
  CHECK(JudgeFidelity(96.00, *one) == FidelityVerdict::kAtOrAbove);

  CHECK(std::string(FidelityVerdictText(FidelityVerdict::kWithinNoise)) == "within noise");
  CHECK(std::string(FidelityVerdictText(FidelityVerdict::kAtOrAbove)) == "at or above");
}
