// Point labels (reports/plot/label_layout.h): apart when there is room, inside the frame always.
#include <catch2/catch.hpp>

#include "reports/plot/label_layout.h"

using namespace mnb;

namespace {

const LabelBox kFrame{0, 0, 400, 200};

bool Inside(const LabelBox& b) {
  return b.left >= 0 && b.top >= 0 && b.left + b.width <= 400 && b.top + b.height <= 200;
}

}  // namespace

TEST_CASE("a lone label sits below and right of its point", "[plots][reports]") {
  const auto placed = PlaceLabels({{100, 100, 10}}, kFrame);
  REQUIRE(placed.size() == 1);
  CHECK(placed[0].x == 107);
  CHECK(placed[0].y == 115);
  CHECK_FALSE(placed[0].anchor_end);
}

TEST_CASE("labels of points at the same place do not overlap", "[plots][reports]") {
  // Three variants with equal cost and accuracy, as a tie on the front gives.
  const auto placed = PlaceLabels({{100, 100, 20}, {100, 100, 20}, {100, 100, 20}}, kFrame);
  REQUIRE(placed.size() == 3);
  for (size_t a = 0; a < 3; ++a) {
    CHECK(Inside(placed[a].box));
    for (size_t b = a + 1; b < 3; ++b) CHECK_FALSE(placed[a].box.Overlaps(placed[b].box));
  }
}

TEST_CASE("a label near the right edge goes left, near the bottom goes up", "[plots][reports]") {
  const auto placed = PlaceLabels({{390, 195, 12}}, kFrame);
  REQUIRE(placed.size() == 1);
  CHECK(placed[0].anchor_end);
  CHECK(placed[0].y < 195);
  CHECK(Inside(placed[0].box));
}

TEST_CASE("a crowded plot still places every label inside the frame", "[plots][reports]") {
  const LabelBox small{0, 0, 120, 40};
  std::vector<LabelRequest> many(12, LabelRequest{60, 20, 8});
  const auto placed = PlaceLabels(many, small);
  REQUIRE(placed.size() == 12);
  for (const PlacedLabel& p : placed) CHECK(Inside(p.box));
}

TEST_CASE("boxes that only touch do not overlap", "[plots][reports]") {
  CHECK_FALSE((LabelBox{0, 0, 10, 10}).Overlaps(LabelBox{10, 0, 10, 10}));
  CHECK((LabelBox{0, 0, 10, 10}).Overlaps(LabelBox{9, 9, 10, 10}));
}
