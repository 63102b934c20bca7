// The plots' colours (reports/plot/palette.h): the Okabe-Ito palette as published, and the viridis
// scale's ends, middle and clamping.
#include <catch2/catch.hpp>

#include <regex>
#include <set>

#include "reports/plot/palette.h"

using namespace mnb;

TEST_CASE("the category palette is the eight Okabe-Ito colours, strongest first",
          "[plots][reports]") {
  const std::vector<std::string>& colours = OkabeIto();
  REQUIRE(colours.size() == 8);
  CHECK(std::set<std::string>(colours.begin(), colours.end()) ==
        std::set<std::string>{"#000000", "#e69f00", "#56b4e9", "#009e73", "#f0e442", "#0072b2",
                              "#d55e00", "#cc79a7"});
  CHECK(colours[0] == "#0072b2");  // blue: the top variant
  CHECK(colours.back() == "#f0e442");  // yellow, weakest on white: last
  CHECK(CategoryColour(8) == colours[0]);  // cycles
  CHECK(std::string(kMutedColour) != std::string(kBackgroundColour));
}

TEST_CASE("viridis runs from dark purple to yellow and clamps", "[plots][reports]") {
  CHECK(Viridis(0) == "#440154");
  CHECK(Viridis(1) == "#fde725");
  CHECK(Viridis(0.5) == "#21908c");
  CHECK(Viridis(-3) == Viridis(0));
  CHECK(Viridis(7) == Viridis(1));
  CHECK(Viridis(NAN) == Viridis(0));
  const std::regex hex("#[0-9a-f]{6}");
  for (int i = 0; i <= 20; ++i) CHECK(std::regex_match(Viridis(i / 20.0), hex));
  CHECK(LightTextOnViridis(0.1));
  CHECK_FALSE(LightTextOnViridis(0.9));
}
