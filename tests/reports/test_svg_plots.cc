// The HTML report's comparison plots end to end: what LoadReport selects for them from the
// golden database (tests/golden_db.h) checked against the runs themselves, every new SVG
// well-formed XML (the suite's own check, and xmllint where installed) with hostile names kept
// inert, and the overlay beyond twenty variants.
#include <catch2/catch.hpp>

#include <fmt/format.h>

#include <cstdlib>
#include <fstream>
#include <map>

#include "harness/store/reader.h"
#include "reports/render/csv_report.h"
#include "reports/render/html.h"
#include "reports/render/html_plots.h"
#include "reports/data/report_data.h"
#include "reports/plot/svg.h"
#include "reports/plot/svg_plots.h"
#include "tests/golden_db.h"
#include "tests/report_test_support.h"
#include "tests/scratch_dir.h"
#include "tests/skip.h"

using namespace mnb;
using namespace mnb::testing;

namespace {

const char* kHostile = "x|<script>alert(\"1\")</script> & 'q' \xC3\xA9";

ReportData GoldenReport() {
  static ScratchDir dir("svg-plots-golden");
  static const std::string db = [] {
    const std::string path = dir.file("golden.db");
    BuildGoldenDb(path);
    return path;
  }();
  StoreReader results(db);
  return LoadReport(results, ReportOptions{});
}

// The suite's well-formedness check, and a real XML parser when one is installed.
void CheckXml(const std::vector<std::string>& svgs, const std::string& scratch) {
  for (const std::string& svg : svgs) {
    INFO(svg.substr(0, 200));
    CheckWellFormed(svg);
    CHECK(svg.find("<script") == std::string::npos);
  }
  if (std::system("command -v xmllint >/dev/null 2>&1") != 0) {
    MNB_SKIP("xmllint is not installed (Debian libxml2-utils, scripts/install_deps.sh)");
  }
  for (size_t i = 0; i < svgs.size(); ++i) {
    const std::string file = scratch + "/plot" + std::to_string(i) + ".svg";
    std::ofstream(file, std::ios::binary) << svgs[i];
    INFO(svgs[i].substr(0, 200));
    CHECK(std::system(("xmllint --noout '" + file + "' 2>/dev/null").c_str()) == 0);
  }
}

size_t Count(const std::string& text, const std::string& what) {
  size_t n = 0;
  for (size_t at = text.find(what); at != std::string::npos; at = text.find(what, at + 1)) ++n;
  return n;
}

}  // namespace

TEST_CASE("the golden sweep's heat map holds the mean test accuracy of each lr x batch cell",
          "[plots][reports]") {
  const ReportData data = GoldenReport();
  REQUIRE(data.heat_maps.size() == 1);  // only grid-cnn varies two numbers
  const HyperparameterHeatMap& map = data.heat_maps[0];
  CHECK(map.experiment == kGoldenSweep);
  CHECK(map.model == "grid-cnn");
  CHECK(map.key_x == "lr");
  CHECK(map.key_y == "batch_size");
  CHECK(map.grid.columns.values == std::vector<double>{1e-3, 1e-2, 1e-1});
  CHECK(map.grid.rows.values == std::vector<double>{32, 128});
  REQUIRE(map.grid.cells.size() == 6);
  std::map<std::pair<double, double>, std::vector<double>> runs;  // (lr, batch) -> accuracies
  for (const RunSummaryRow& r : data.runs) {
    if (r.model == "grid-cnn") runs[{r.lr, static_cast<double>(r.batch_size)}].push_back(*r.test_accuracy);
  }
  for (const HeatMapCell& c : map.grid.cells) {
    const auto& values = runs.at({map.grid.columns.values[c.column], map.grid.rows.values[c.row]});
    REQUIRE(values.size() == 2);
    CHECK(c.n == 2);
    CHECK(c.mean == Approx((values[0] + values[1]) / 2).epsilon(1e-14));
  }
}

TEST_CASE("the golden sweep's Pareto fronts and parallel axes", "[plots][reports]") {
  const ReportData data = GoldenReport();
  const ParetoSet* sweep = nullptr;
  for (const ParetoSet& p : data.pareto) sweep = p.experiment == kGoldenSweep ? &p : sweep;
  REQUIRE(sweep != nullptr);
  std::vector<std::string> params_front, seconds_front;
  for (size_t k = 0; k < sweep->variants.size(); ++k) {
    const std::string& label = data.leaderboard[sweep->variants[k]].label;
    if (sweep->on_front_params[k].value()) params_front.push_back(label);
    if (sweep->on_front_seconds[k].value()) seconds_front.push_back(label);
  }
  // By rank: grid-mlp is the most accurate; grid-cnn's best is the cheapest in parameters, its
  // best at batch 128 the fastest; grid-wide is dominated on both.
  CHECK(params_front == std::vector<std::string>{"grid-mlp", "grid-cnn lr=0.01 batch_size=32"});
  CHECK(seconds_front == std::vector<std::string>{"grid-mlp", "grid-cnn lr=0.01 batch_size=32",
                                                  "grid-cnn lr=0.01 batch_size=128"});

  const ParallelCoordinates* pc = nullptr;
  for (const ParallelCoordinates& p : data.parallel) pc = p.experiment == kGoldenSweep ? &p : pc;
  REQUIRE(pc != nullptr);
  std::vector<std::string> axes;
  for (const ParallelAxis& a : pc->axes) axes.push_back(a.name);
  CHECK(axes == std::vector<std::string>{"model", "lr", "batch_size", "layers", "val_accuracy",
                                         "test_accuracy"});
  CHECK(pc->runs.size() == 15);
  CHECK(pc->axes[1].scale.log);
  CHECK_FALSE(pc->axes[1].percent);
  CHECK(pc->axes[5].percent);
  // Every experiment with two variants that completed a run gets an overlay; the kannada one
  // has no validation split and says so.
  REQUIRE(data.overlays.size() == 3);
  CHECK(data.overlays[1].split == "test");
  CHECK(data.overlays[2].variants.size() == 8);
}

TEST_CASE("every plot in the golden report is well-formed XML with hostile names inert",
          "[plots][html][reports]") {
  ScratchDir dir("svg-plots-xml");
  const ReportData data = GoldenReport();
  const std::string html = RenderHtml(data, ReportOptions{});
  CheckWellFormed(html);
  const std::vector<std::string> svgs = Svgs(html);
  CHECK(svgs.size() > 20);
  CheckXml(svgs, dir.path().string());
  for (const char* heading : {"Curves of every variant", "Hyper-parameter heat maps",
                              "the Pareto front", "Parallel coordinates"}) {
    CHECK_THAT(html, Catch::Contains(heading));
  }
  // The sweep's name (quote, ampersand, angle brackets, a multiplication sign) only escaped.
  CHECK_THAT(html, Catch::Contains("sweep: lr \xC3\x97 batch_size &lt;grid&gt; &amp; &#39;q&#39;"));
  CHECK(html.find("<grid>") == std::string::npos);

  // Each plot on its own with hostile text everywhere a name goes, and with nothing to draw.
  HeatMapGrid grid = BuildHeatMap({{1e-3, 32, 0.9}, {1e-2, 64, 0.95}});
  std::vector<ParallelAxis> axes = {LayoutAxis(kHostile, {AxisValue{std::nullopt, kHostile}}, false),
                                    LayoutAxis("test_accuracy", {AxisValue{0.9, ""}}, true)};
  const std::vector<std::string> alone = {
      SvgSettingsHeatMap(kHostile, kHostile, kHostile, grid),
      SvgSettingsHeatMap(kHostile, "x", "y", HeatMapGrid{}),
      SvgParetoPlot(kHostile, kHostile, {{kHostile, 10, 0.9, true}, {kHostile, 20, 0.8, false}}),
      SvgParetoPlot(kHostile, "x", {}),
      SvgParallelCoordinates(kHostile, axes,
                             {{kHostile, {AxisValue{std::nullopt, kHostile}, AxisValue{0.9, ""}}, 0.9}},
                             kHostile),
      SvgParallelCoordinates(kHostile, {}, {}, "x")};
  CheckXml(alone, dir.path().string());
  for (const std::string& svg : alone) CHECK(svg.find("alert(\"1\")") == std::string::npos);
  CHECK_THAT(alone[1], Catch::Contains("no data"));
}

TEST_CASE("beyond twenty variants the overlay draws the top twenty and counts the rest",
          "[plots][html][reports]") {
  ReportData data;
  CurveOverlay overlay;
  overlay.experiment = "many";
  overlay.split = "validation";
  for (int i = 0; i < 23; ++i) {
    VariantRow v;
    v.experiment = "many";
    v.label = fmt::format("variant {} {}", i + 1, kHostile);
    v.rank = i + 1;
    data.leaderboard.push_back(v);
    VariantSeries series{static_cast<size_t>(i), {}};
    for (int e = 1; e <= 3; ++e) {
      VariantEpoch epoch;
      epoch.epoch = e;
      const double acc = 0.9 - 0.01 * i + 0.01 * e;
      epoch.val_accuracy = SeedBand{acc, acc - 0.005, acc + 0.005, 2};
      epoch.val_loss = SeedBand{1 - acc, 0.95 - acc, 1.05 - acc, 2};
      series.epochs.push_back(epoch);
    }
    overlay.variants.push_back(series);
  }
  data.experiments = {"many"};
  data.overlays = {overlay};
  std::string html;
  AppendPlotSections(&html, data);
  const std::vector<std::string> svgs = Svgs(html);
  REQUIRE(svgs.size() == 2);  // accuracy and loss
  ScratchDir dir("svg-plots-many");
  CheckXml(svgs, dir.path().string());
  const std::string& accuracy = svgs[0];
  CHECK_THAT(accuracy, Catch::Contains("+3 more (grey, not listed)"));
  CHECK(Count(accuracy, "class=\"legend\"") == 21);  // twenty variants and the note
  CHECK(Count(accuracy, "<polygon") == 3);            // bands: the top three only
  CHECK(Count(accuracy, "<path") == 23);              // every variant is drawn
  CHECK(Count(accuracy, "stroke=\"#0072b2\"") >= 1);  // the top one in Okabe-Ito blue
  CHECK_THAT(accuracy, Catch::Contains("validation accuracy (%)"));
  CHECK(accuracy.find("<script") == std::string::npos);
  // Listed variants carry their name as a tooltip on the line.
  CHECK_THAT(accuracy, Catch::Contains("<title>4. variant 4 x|&lt;script&gt;"));
}
