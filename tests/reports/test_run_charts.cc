// One run's learning curves (reports/plot/run_charts.h): an accuracy and a loss chart in a
// "figures" div, series in the palette's order train, val, test, then eval sets; names escaped.
#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "reports/plot/palette.h"
#include "reports/plot/run_charts.h"
#include "tests/report_test_support.h"

using namespace mnb;
using namespace mnb::testing;

namespace {

// The stroke colour of the legend row showing `shown`; "" when there is none.
std::string LegendColour(const std::string& svg, const std::string& shown) {
  const size_t text = svg.find("class=\"legend\">" + shown + "</text>");
  if (text == std::string::npos) return "";
  const size_t line = svg.rfind("<line", text);
  const size_t stroke = svg.find("stroke=\"", line) + 8;
  return svg.substr(stroke, svg.find('"', stroke) - stroke);
}

std::vector<EpochResult> TwoEpochs() {
  EpochResult one;
  one.epoch = 1;
  one.train_accuracy = 0.5;
  one.val_accuracy = 0.625;
  one.test_accuracy = 0.6;
  one.train_loss = 2.30258;
  one.val_loss = 1.5;
  one.test_loss = 1.25;
  one.eval_accuracy["<dig>&"] = 0.4;
  EpochResult two = one;
  two.epoch = 2;
  two.train_accuracy = 0.75;
  two.val_accuracy.reset();  // a gap, not a zero
  two.eval_accuracy.clear();
  return {one, two};
}

}  // namespace

TEST_CASE("run charts: accuracy and loss side by side, in the palette's order", "[reports][plots]") {
  const std::string html = RunCurveCharts(TwoEpochs(), {"<dig>&"});
  CHECK_THAT(html, Catch::StartsWith("<div class=\"figures\">\n<figure><svg"));
  CHECK_THAT(html, Catch::EndsWith("</svg>\n</figure>\n</div>\n"));
  const std::vector<std::string> svgs = Svgs(html);
  REQUIRE(svgs.size() == 2);
  CHECK_THAT(svgs[0], Catch::Contains("aria-label=\"accuracy %\""));
  CHECK_THAT(svgs[1], Catch::Contains("aria-label=\"loss\""));
  for (const std::string& svg : svgs) CheckWellFormed(svg);
  CHECK(html.find("<script") == std::string::npos);

  CHECK(LegendColour(svgs[0], "train") == CategoryColour(0));
  CHECK(LegendColour(svgs[0], "val") == CategoryColour(1));
  CHECK(LegendColour(svgs[0], "test") == CategoryColour(2));
  CHECK(LegendColour(svgs[0], "&lt;dig&gt;&amp;") == CategoryColour(3));  // escaped
  CHECK(html.find("<dig>") == std::string::npos);
  CHECK(LegendColour(svgs[1], "train") == CategoryColour(0));
  CHECK(LegendColour(svgs[1], "test") == CategoryColour(2));
  CHECK(LegendColour(svgs[1], "&lt;dig&gt;&amp;").empty());  // eval sets: accuracy only
}

TEST_CASE("run charts: each point's value as a percentage or a loss, gaps left out",
          "[reports][plots]") {
  const std::vector<std::string> svgs = Svgs(RunCurveCharts(TwoEpochs(), {"<dig>&"}));
  REQUIRE(svgs.size() == 2);
  CHECK_THAT(svgs[0], Catch::Contains("<title>train epoch 1: 50.00%</title>"));
  CHECK_THAT(svgs[0], Catch::Contains("<title>train epoch 2: 75.00%</title>"));
  CHECK_THAT(svgs[0], Catch::Contains("<title>val epoch 1: 62.50%</title>"));
  CHECK(svgs[0].find("val epoch 2") == std::string::npos);  // no validation at epoch 2
  CHECK_THAT(svgs[0], Catch::Contains("<title>&lt;dig&gt;&amp; epoch 1: 40.00%</title>"));
  CHECK(svgs[0].find("&amp; epoch 2") == std::string::npos);  // not measured at epoch 2
  CHECK_THAT(svgs[1], Catch::Contains("<title>train epoch 1: 2.3026</title>"));
  CHECK_THAT(svgs[1], Catch::Contains("<title>test epoch 2: 1.2500</title>"));
  CHECK(svgs[1].find("%</title>") == std::string::npos);  // losses are not percentages
}

TEST_CASE("run charts: no epochs draw two empty charts, no eval sets three series",
          "[reports][plots]") {
  const std::vector<std::string> empty = Svgs(RunCurveCharts({}, {}));
  REQUIRE(empty.size() == 2);
  for (const std::string& svg : empty) {
    CHECK_THAT(svg, Catch::Contains(">no data</text>"));
    CheckWellFormed(svg);
  }
  const std::vector<std::string> plain = Svgs(RunCurveCharts(TwoEpochs(), {}));
  REQUIRE(plain.size() == 2);
  size_t legends = 0;
  for (size_t at = plain[0].find("class=\"legend\""); at != std::string::npos;
       at = plain[0].find("class=\"legend\"", at + 1)) {
    ++legends;
  }
  CHECK(legends == 3);
  CHECK(plain[0].find("dig") == std::string::npos);
}
