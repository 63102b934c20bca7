// The Sobol sampler against the published Joe & Kuo sequence, and its seeded scrambling.
#include <catch2/catch.hpp>

#include <cmath>
#include <set>
#include <vector>

#include "harness/base/error.h"
#include "tests/error_matchers.h"
#include "harness/search/sobol_sampler.h"

using mnb::ErrorKind;
using mnb::testing::IsKind;
using namespace mnb::search;

TEST_CASE("Sobol: the first points match the Joe & Kuo reference", "[search][sobol]") {
  // S. Joe and F. Y. Kuo, "Constructing Sobol sequences with better two-dimensional
  // projections", SIAM J. Sci. Comput. 30 (2008), direction numbers new-joe-kuo-6.21201; the
  // points their sobol.cc prints (and SciPy's qmc.Sobol(d, scramble=False) returns), from
  // point 0 = the origin:
  //   dim 1: 0, 0.5, 0.75, 0.25, 0.375, 0.875, 0.625, 0.125, 0.1875
  //   dim 2: 0, 0.5, 0.25, 0.75, 0.375, 0.875, 0.125, 0.625, 0.3125
  //   dim 3: 0, 0.5, 0.25, 0.75, 0.625, 0.125, 0.875, 0.375, 0.9375
  const std::vector<std::vector<double>> reference = {
      {0, 0.5, 0.75, 0.25, 0.375, 0.875, 0.625, 0.125, 0.1875},
      {0, 0.5, 0.25, 0.75, 0.375, 0.875, 0.125, 0.625, 0.3125},
      {0, 0.5, 0.25, 0.75, 0.625, 0.125, 0.875, 0.375, 0.9375}};
  for (uint64_t i = 0; i < reference[0].size(); ++i) {
    const std::vector<double> point = SobolPoint(3, i);
    REQUIRE(point.size() == 3);
    for (size_t d = 0; d < 3; ++d) {
      INFO("point " << i << ", dimension " << d + 1);
      CHECK(point[d] == reference[d][i]);
    }
  }
}

TEST_CASE("Sobol: the first 2^m points stratify every coordinate", "[search][sobol]") {
  // The (t, m, s)-net property in one dimension: 16 points, one in each 1/16 interval — kept by
  // the digital shift, whatever the seed.
  for (uint64_t seed : {0ull, 1ull, 99ull}) {
    for (size_t d = 0; d < 5; ++d) {
      std::set<int> cells;
      for (uint64_t i = 0; i < 16; ++i)
        cells.insert(static_cast<int>(ScrambledSobolPoint(5, seed, i)[d] * 16));
      CHECK(cells.size() == 16);
    }
  }
}

TEST_CASE("Sobol: scrambling is seeded, in range, and differs between seeds", "[search][sobol]") {
  const SearchSpace space{{"lr", Distribution::LogUniform(1e-4, 1e-1)},
                          {"batch_size", Distribution::Choice({Value::Integer(32),
                                                               Value::Integer(64)})}};
  for (uint64_t trial = 0; trial < 64; ++trial) {
    const Params p = SobolTrial(space, 5, trial);
    CHECK(p == SobolTrial(space, 5, trial));
    CHECK(ParamsFit(space, p));
  }
  CHECK(ScrambledSobolPoint(2, 5, 0) != ScrambledSobolPoint(2, 6, 0));
  CHECK(ScrambledSobolPoint(2, 5, 0) != std::vector<double>{0, 0});  // the origin is shifted
  CHECK_THROWS_MATCHES(SobolPoint(kMaxSobolDimensions + 1, 3),
                       mnb::Error, IsKind(ErrorKind::kInternal));
}
