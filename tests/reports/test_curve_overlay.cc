// Which variants the curve overlay singles out (reports/plot/curve_overlay.h): the top three, the
// listed twenty, the background beyond, and the legend's "+N more".
#include <catch2/catch.hpp>

#include <string>

#include "reports/plot/curve_overlay.h"

using namespace mnb;

namespace {

// Roles as one letter each (H highlighted, L listed, B background), so a failure prints them.
std::string Code(const std::vector<CurveRole>& roles) {
  std::string code;
  for (CurveRole r : roles) {
    code += r == CurveRole::kHighlighted ? 'H' : r == CurveRole::kListed ? 'L' : 'B';
  }
  return code;
}

}  // namespace

TEST_CASE("the overlay highlights the top three and lists up to twenty", "[plots][reports]") {
  CHECK(Code(OverlayRoles(0)).empty());
  CHECK(Code(OverlayRoles(2)) == "HH");
  CHECK(Code(OverlayRoles(5)) == "HHHLL");
  CHECK(Code(OverlayRoles(20)) == "HHH" + std::string(17, 'L'));
  CHECK(MoreVariantsText(20).empty());
}

TEST_CASE("beyond twenty variants the rest are background, counted in the legend",
          "[plots][reports]") {
  CHECK(Code(OverlayRoles(21)) == "HHH" + std::string(17, 'L') + "B");
  CHECK(Code(OverlayRoles(27)) == "HHH" + std::string(17, 'L') + std::string(7, 'B'));
  CHECK(MoreVariantsText(21) == "+1 more (grey, not listed)");
  CHECK(MoreVariantsText(27) == "+7 more (grey, not listed)");
}
