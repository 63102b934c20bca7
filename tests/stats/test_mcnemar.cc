// McNemar's exact test: the reference p-value and the disagreement counts.
#include <catch2/catch.hpp>

#include <cstdint>
#include <vector>

#include "harness/base/error.h"
#include "tests/error_matchers.h"
#include "harness/stats/mcnemar.h"

using mnb::ErrorKind;
using mnb::testing::IsKind;
using namespace mnb::stats;
using Catch::Matchers::WithinAbs;

TEST_CASE("Exact McNemar matches the binomial by hand", "[stats][mcnemar]") {
  // b = 10, c = 2: 2 · P(X <= 2), X ~ Bin(12, 1/2) = 2 · (1 + 12 + 66) / 4096 = 79/2048 ≈ 0.03857.
  CHECK_THAT(ExactMcNemarP(10, 2), WithinAbs(79.0 / 2048.0, 1e-14));
  CHECK_THAT(ExactMcNemarP(2, 10), WithinAbs(79.0 / 2048.0, 1e-14));
  // b = 0, c = 5: 2 · (1/2)^5 = 1/16.
  CHECK_THAT(ExactMcNemarP(0, 5), WithinAbs(1.0 / 16.0, 1e-14));
  // Balanced disagreement: 2 · P(X <= n/2) > 1 is capped at 1.
  CHECK(ExactMcNemarP(7, 7) == 1.0);
  CHECK(ExactMcNemarP(0, 0) == 1.0);
  CHECK_THROWS_MATCHES(ExactMcNemarP(-1, 3), mnb::Error, IsKind(ErrorKind::kInternal));
}

TEST_CASE("Disagreements count only the examples exactly one classifier gets right",
          "[stats][mcnemar]") {
  const std::vector<uint8_t> labels = {0, 1, 2, 3, 4, 5, 6, 7, 8, 9};
  const std::vector<uint8_t> a = {0, 1, 2, 3, 4, 5, 6, 0, 0, 9};  // wrong on 7, 8
  const std::vector<uint8_t> b = {0, 1, 9, 9, 9, 5, 6, 7, 1, 9};  // wrong on 2, 3, 4, 8
  const Disagreements d = CountDisagreements(a, b, labels);
  CHECK(d.b == 3);  // 2, 3, 4: A right, B wrong
  CHECK(d.c == 1);  // 7: A wrong, B right (8: both wrong, differently — no information)
  const McNemarResult r = McNemarTest(a, b, labels);
  CHECK(r.b == 3);
  CHECK(r.c == 1);
  CHECK_THAT(r.p, WithinAbs(2 * 5.0 / 16.0, 1e-14));  // 2 · P(X <= 1), X ~ Bin(4, 1/2)

  const Disagreements self = CountDisagreements(a, a, labels);
  CHECK(self.b == 0);
  CHECK(self.c == 0);
}

TEST_CASE("Disagreements refuse predictions of other lengths", "[stats][mcnemar]") {
  CHECK_THROWS_MATCHES(CountDisagreements({1, 2}, {1, 2, 3}, {1, 2}),
                       mnb::Error, IsKind(ErrorKind::kInternal));
  CHECK_THROWS_MATCHES(CountDisagreements({1, 2}, {1, 2}, {1}),
                       mnb::Error, IsKind(ErrorKind::kInternal));
}
