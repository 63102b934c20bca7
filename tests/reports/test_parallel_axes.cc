// Parallel-coordinates axes (reports/plot/parallel_axes.h): numeric axes (log for a learning-rate
// grid, linear for accuracies), text axes spaced evenly, missing values without a position.
#include <catch2/catch.hpp>

#include "reports/plot/parallel_axes.h"

using namespace mnb;

namespace {

std::optional<AxisValue> Number(double v) { return AxisValue{v, ""}; }
std::optional<AxisValue> Text(const std::string& t) { return AxisValue{std::nullopt, t}; }

}  // namespace

TEST_CASE("a learning-rate axis is logarithmic, an accuracy axis never", "[plots][reports]") {
  const ParallelAxis lr = LayoutAxis("lr", {Number(1e-3), Number(1e-2), Number(1e-1), std::nullopt},
                                     /*percent=*/false);
  CHECK(lr.numeric);
  CHECK(lr.scale.log);
  CHECK(*lr.Position(Number(1e-3)) == Approx(0));
  CHECK(*lr.Position(Number(1e-2)) == Approx(0.5));
  CHECK(*lr.Position(Number(1e-1)) == Approx(1));
  CHECK_FALSE(lr.Position(std::nullopt));
  CHECK_FALSE(lr.Position(Number(0)));  // no place for zero on a log axis
  const ParallelAxis accuracy = LayoutAxis("test_accuracy", {Number(0.05), Number(0.99)}, true);
  CHECK(accuracy.percent);
  CHECK_FALSE(accuracy.scale.log);
}

TEST_CASE("a text axis spaces its sorted values evenly", "[plots][reports]") {
  const ParallelAxis model =
      LayoutAxis("model", {Text("mlp"), Text("cnn"), Text("lenet5"), Text("cnn")}, false);
  CHECK_FALSE(model.numeric);
  CHECK(model.categories == std::vector<std::string>{"cnn", "lenet5", "mlp"});
  CHECK(*model.Position(Text("cnn")) == 0);
  CHECK(*model.Position(Text("lenet5")) == 0.5);
  CHECK(*model.Position(Text("mlp")) == 1);
  CHECK_FALSE(model.Position(Text("vgg")));
  // A number among text makes the axis text; one value sits in the middle.
  const ParallelAxis mixed = LayoutAxis("act", {Text("tanh"), AxisValue{2.0, "2"}}, false);
  CHECK_FALSE(mixed.numeric);
  CHECK(LayoutAxis("one", {Text("x")}, false).Position(Text("x")) == 0.5);
}
