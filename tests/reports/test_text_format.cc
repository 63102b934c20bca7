// Truncated (reports/format/text_format.h): labels cut by code point, never inside a UTF-8 sequence.
#include <catch2/catch.hpp>

#include "reports/format/text_format.h"

using namespace mnb;

TEST_CASE("Truncated keeps text that fits and cuts the rest with an ellipsis", "[reports]") {
  CHECK(Truncated("lenet5", 6) == "lenet5");
  CHECK(Truncated("lenet5", 40) == "lenet5");
  CHECK(Truncated("lenet5 lr=0.001", 6) == "lenet\xE2\x80\xA6");
  CHECK(DisplayWidth(Truncated("lenet5 lr=0.001", 6)) == 6);
  CHECK(Truncated("", 3).empty());
}

TEST_CASE("Truncated counts code points, not bytes", "[reports]") {
  const std::string times = "lr \xC3\x97 batch";  // "lr × batch": 10 code points, 11 bytes
  CHECK(Truncated(times, 10) == times);
  CHECK(Truncated(times, 5) == "lr \xC3\x97\xE2\x80\xA6");  // the two-byte sign kept whole
  CHECK(Truncated(times, 4) == "lr \xE2\x80\xA6");
}
