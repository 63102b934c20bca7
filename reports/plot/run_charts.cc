#include "reports/plot/run_charts.h"

#include "reports/plot/palette.h"
#include "reports/plot/svg.h"

namespace mnb {

std::string RunCurveCharts(const std::vector<EpochResult>& epochs,
                           const std::vector<std::string>& eval_sets) {
  std::vector<Series> accuracy = {{"train", CategoryColour(0), {}, {}},
                                  {"val", CategoryColour(1), {}, {}},
                                  {"test", CategoryColour(2), {}, {}}};
  std::vector<Series> loss = accuracy;
  for (size_t i = 0; i < eval_sets.size(); ++i) {
    accuracy.push_back({eval_sets[i], CategoryColour(3 + i), {}, {}});
  }
  for (const EpochResult& e : epochs) {
    const double x = static_cast<double>(e.epoch);
    accuracy[0].points.emplace_back(x, e.train_accuracy);
    accuracy[1].points.emplace_back(x, e.val_accuracy);
    accuracy[2].points.emplace_back(x, e.test_accuracy);
    loss[0].points.emplace_back(x, e.train_loss);
    loss[1].points.emplace_back(x, e.val_loss);
    loss[2].points.emplace_back(x, e.test_loss);
    for (size_t i = 0; i < eval_sets.size(); ++i) {
      const auto found = e.eval_accuracy.find(eval_sets[i]);
      accuracy[3 + i].points.emplace_back(
          x, found != e.eval_accuracy.end() ? std::optional<double>(found->second) : std::nullopt);
    }
  }
  return "<div class=\"figures\">\n<figure>" +
         SvgLineChart("accuracy %", accuracy, "epoch", /*percent=*/true) + "</figure>\n<figure>" +
         SvgLineChart("loss", loss, "epoch", /*percent=*/false) + "</figure>\n</div>\n";
}

}  // namespace mnb
