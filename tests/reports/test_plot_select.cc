// The plots' selections (reports/data/plot_select.h) on hand-made ReportData: which runs a
// parallel-coordinates plot draws, and that a store's variants give the keys its runs give.
#include <catch2/catch.hpp>

#include <algorithm>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "reports/data/plot_select.h"

using namespace mnb;

namespace {

// `runs` completed runs of one experiment over `variants` variants (lr varies), run i with test
// accuracy a permutation of i, so ranks and ids differ.
ReportData Sweep(size_t runs, size_t variants) {
  ReportData data;
  data.experiments = {"wide"};
  for (size_t v = 0; v < variants; ++v) {
    VariantRow row;
    row.experiment = "wide";
    data.leaderboard.push_back(row);
  }
  for (size_t i = 0; i < runs; ++i) {
    RunSummaryRow run;
    run.run_id = static_cast<int64_t>(i + 1);
    run.experiment = "wide";
    run.model = "lenet5";
    run.status = "completed";
    const size_t v = i % variants;
    run.variant_config = fmt::format(R"({{"model":"lenet5","lr":{}}})", 0.001 * static_cast<double>(v + 1));
    run.test_accuracy = static_cast<double>((i * 7919) % runs) / static_cast<double>(runs);
    data.runs.push_back(run);
    data.variant_of_run.push_back(v);
  }
  return data;
}

// Selects the parallel coordinates of Sweep(runs, variants): one plot, whose lines and values
// agree in number, with the axes lr and test_accuracy.
ParallelCoordinates OnlyPlot(size_t runs, size_t variants) {
  ReportData data = Sweep(runs, variants);
  SelectParallelCoordinates(data);
  REQUIRE(data.parallel.size() == 1);
  const ParallelCoordinates& pc = data.parallel[0];
  CHECK(pc.total_runs == runs);
  CHECK(pc.values.size() == pc.runs.size());
  REQUIRE(pc.axes.size() == 2);
  CHECK(pc.axes[0].name == "lr");
  CHECK(pc.axes[1].name == "test_accuracy");
  return pc;
}

}  // namespace

TEST_CASE("parallel coordinates: every run up to the cap", "[reports][plots]") {
  const ParallelCoordinates pc = OnlyPlot(kMaxParallelLines, 40);
  CHECK(pc.runs.size() == kMaxParallelLines);
}

TEST_CASE("parallel coordinates: above the cap, a sample spread over the ranks", "[reports][plots]") {
  const size_t total = 5 * kMaxParallelLines + 3;
  const ReportData data = Sweep(total, 50);
  const ParallelCoordinates pc = OnlyPlot(total, 50);
  REQUIRE(pc.runs.size() == kMaxParallelLines);
  CHECK(std::is_sorted(pc.runs.begin(), pc.runs.end()));  // in the runs' order
  CHECK(std::adjacent_find(pc.runs.begin(), pc.runs.end()) == pc.runs.end());  // each once
  // The best and the worst run are drawn; the drawn accuracies cover the ranks evenly: each
  // tenth of the accuracy range holds about a tenth of the lines.
  std::vector<double> drawn;
  for (size_t i : pc.runs) drawn.push_back(*data.runs[i].test_accuracy);
  std::sort(drawn.begin(), drawn.end());
  CHECK(drawn.front() == 0.0);
  CHECK(drawn.back() == static_cast<double>(total - 1) / static_cast<double>(total));
  for (int decile = 0; decile < 10; ++decile) {
    const auto in = std::count_if(drawn.begin(), drawn.end(), [&](double a) {
      return a >= decile / 10.0 && a < (decile + 1) / 10.0;
    });
    CHECK(in >= 195);
    CHECK(in <= 205);
  }
}
