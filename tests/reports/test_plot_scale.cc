// Axis scales and ticks (reports/plot/plot_scale.h): linear ticks without accumulated rounding, log
// ticks at 1, 2 and 5 per decade (decades only over wide ranges), when an axis turns log, and
// the tick labels.
#include <catch2/catch.hpp>

#include "reports/plot/plot_scale.h"

using namespace mnb;

TEST_CASE("log ticks sit at 1, 2 and 5 times each power of ten inside the range",
          "[plots][reports]") {
  // Equal to the literals, not merely close: computed as m / 10^k, never by repeated products.
  CHECK(LogTicks(1e-3, 1e-1) == std::vector<double>{1e-3, 2e-3, 5e-3, 1e-2, 2e-2, 5e-2, 1e-1});
  CHECK(LogTicks(5000, 1e6) ==
        std::vector<double>{5000, 1e4, 2e4, 5e4, 1e5, 2e5, 5e5, 1e6});
  CHECK(LogTicks(3, 40) == std::vector<double>{5, 10, 20});
  // More than three decades: the powers of ten alone.
  CHECK(LogTicks(1e-5, 1) == std::vector<double>{1e-5, 1e-4, 1e-3, 1e-2, 1e-1, 1});
  CHECK(LogTicks(0, 10).empty());  // no log of zero
  CHECK(LogTicks(10, 10).empty());
}

TEST_CASE("linear ticks are whole multiples of a 1-2-5 step", "[plots][reports]") {
  auto check = [](const std::vector<double>& ticks, const std::vector<double>& expected) {
    REQUIRE(ticks.size() == expected.size());
    for (size_t i = 0; i < ticks.size(); ++i) CHECK(ticks[i] == Approx(expected[i]).margin(1e-12));
  };
  check(LinearTicks(0, 1, 5), {0, 0.2, 0.4, 0.6, 0.8, 1});
  // The first tick is the range's end even where 0.9 / 0.02 rounds up past 45.
  check(LinearTicks(0.9, 1.0, 5), {0.9, 0.92, 0.94, 0.96, 0.98, 1});
  check(LinearTicks(-1, 1, 4), {-1, -0.5, 0, 0.5, 1});
  CHECK(LinearTicks(-1, 1, 4)[2] == 0.0);
  CHECK(TickLabel(LinearTicks(0, 1, 5)[3]) == "0.6");  // 3 * 0.2 is 0.6000000000000001
  CHECK(NiceStep(7, 5) == 2);
  CHECK(NiceStep(0.03, 5) == Approx(0.01));
  CHECK(LinearTicks(1, 1, 5).empty());
}

TEST_CASE("an axis is logarithmic when its positive values span a decade", "[plots][reports]") {
  const AxisScale lr = ChooseScale({1e-3, 1e-2, 1e-1}, /*allow_log=*/true);
  CHECK(lr.log);
  CHECK(lr.min == 1e-3);
  CHECK(lr.max == 1e-1);
  CHECK(lr.Fraction(1e-2) == Approx(0.5));
  const AxisScale params = ChooseScale({6800, 12730, 101770}, true);
  CHECK(params.log);
  CHECK(params.min == 5000);
  CHECK(params.max == 2e5);
  CHECK_FALSE(ChooseScale({32, 128}, true).log);     // a factor of 4
  CHECK_FALSE(ChooseScale({1e-3, 1e-1}, false).log);  // not allowed (accuracies)
  CHECK_FALSE(ChooseScale({0, 1e-3, 1e-1}, true).log);  // zero has no log
  const AxisScale batch = ChooseScale({32, 128}, true);
  CHECK(batch.min == 20);
  CHECK(batch.max == 140);
  // One value is widened rather than dividing by zero.
  const AxisScale one = ChooseScale({0.5}, false);
  CHECK(one.min < 0.5);
  CHECK(one.max > 0.5);
  CHECK(one.Fraction(0.5) == Approx(0.5));
}

TEST_CASE("tick labels are short", "[plots][reports]") {
  CHECK(TickLabel(0.001) == "0.001");
  CHECK(TickLabel(64) == "64");
  CHECK(TickLabel(20000) == "20k");
  CHECK(TickLabel(1.5e6) == "1.5M");
  CHECK(TickLabel(0.975, /*percent=*/true) == "97.5");
  CHECK(TickLabel(0.6000000000000001) == "0.6");
}
