// The Pareto front (reports/plot/pareto.h) on hand-made points: dominance on either axis, ties in
// cost or in value, exact duplicates on and off the front, non-finite points, and the order the
// staircase is drawn in.
#include <catch2/catch.hpp>

#include <cmath>
#include <limits>

#include "reports/plot/pareto.h"

using namespace mnb;

TEST_CASE("the Pareto front keeps what no other point beats on both accuracy and cost",
          "[plots][reports]") {
  //                     cost, value
  const std::vector<ParetoPoint> points = {{10, 0.90},   // 0: cheapest
                                           {20, 0.95},   // 1: better, dearer
                                           {30, 0.94},   // 2: dominated by 1
                                           {40, 0.99},   // 3: best
                                           {25, 0.90},   // 4: dominated by 0 (same value, dearer)
                                           {20, 0.93}};  // 5: dominated by 1 (same cost, worse)
  CHECK(ParetoFront(points) == std::vector<bool>{true, true, false, true, false, false});
  CHECK(FrontInCostOrder(points, ParetoFront(points)) == std::vector<size_t>{0, 1, 3});
}

TEST_CASE("Pareto: duplicates stay together, dominated duplicates leave together",
          "[plots][reports]") {
  const std::vector<ParetoPoint> on = {{5, 0.8}, {5, 0.8}, {9, 0.7}};
  CHECK(ParetoFront(on) == std::vector<bool>{true, true, false});
  const std::vector<ParetoPoint> off = {{7, 0.6}, {3, 0.9}, {7, 0.6}};
  CHECK(ParetoFront(off) == std::vector<bool>{false, true, false});
  // One point alone is its own front; nothing gives an empty front.
  CHECK(ParetoFront({{1, 0.1}}) == std::vector<bool>{true});
  CHECK(ParetoFront({}).empty());
  // Duplicates on the front are drawn in the order given.
  CHECK(FrontInCostOrder(on, ParetoFront(on)) == std::vector<size_t>{0, 1});
}

TEST_CASE("Pareto: a point without a finite cost or value is never on the front",
          "[plots][reports]") {
  const double nan = std::numeric_limits<double>::quiet_NaN();
  const double inf = std::numeric_limits<double>::infinity();
  // A NaN would otherwise "dominate" nothing and be dominated by nothing, and sit on the front;
  // a -inf cost would dominate every point.
  const std::vector<ParetoPoint> points = {{nan, 0.99}, {-inf, 0.5}, {4, nan}, {4, 0.7}, {8, 0.6}};
  CHECK(ParetoFront(points) == std::vector<bool>{false, false, false, true, false});
}
