// Hyper-parameter heat-map cells (reports/plot/heatmap.h): means over the runs in each cell, columns
// and rows in numeric order, missing combinations, and which pairs of keys get a map.
#include <catch2/catch.hpp>

#include <cmath>

#include "reports/plot/heatmap.h"

using namespace mnb;

TEST_CASE("heat-map cells are the mean of their runs, in numeric order", "[plots][reports]") {
  // lr x batch_size, two seeds in most cells; lr written so that text order would be wrong
  // (0.01 < 0.003 as text).
  const std::vector<HeatMapSample> samples = {
      {0.01, 32, 0.90}, {0.01, 32, 0.94}, {0.003, 32, 0.80}, {0.003, 32, 0.82},
      {0.01, 128, 0.97}, {0.1, 128, 0.50}, {0.1, 128, 0.60}, {0.1, 128, 0.70}};
  const HeatMapGrid grid = BuildHeatMap(samples);
  CHECK(grid.columns.values == std::vector<double>{0.003, 0.01, 0.1});
  CHECK(grid.rows.values == std::vector<double>{32, 128});
  CHECK_FALSE(grid.columns.binned());
  REQUIRE(grid.cells.size() == 4);  // (0.003, 128) and (0.1, 32) were never run
  // By row, then column.
  CHECK((grid.cells[0].row == 0 && grid.cells[0].column == 0));
  CHECK(grid.cells[0].mean == Approx(0.81));
  CHECK(grid.cells[0].n == 2);
  CHECK((grid.cells[1].row == 0 && grid.cells[1].column == 1));
  CHECK(grid.cells[1].mean == Approx(0.92));
  CHECK((grid.cells[2].row == 1 && grid.cells[2].column == 1));
  CHECK(grid.cells[2].mean == 0.97);
  CHECK(grid.cells[2].n == 1);
  CHECK((grid.cells[3].row == 1 && grid.cells[3].column == 2));
  CHECK(grid.cells[3].mean == Approx(0.6));
  CHECK(grid.cells[3].n == 3);
}

TEST_CASE("heat map: non-finite samples are left out, no samples give no cells",
          "[plots][reports]") {
  const HeatMapGrid grid = BuildHeatMap({{1, 2, NAN}, {1, 2, 0.5}, {INFINITY, 2, 0.9}});
  CHECK(grid.columns.values == std::vector<double>{1});
  REQUIRE(grid.cells.size() == 1);
  CHECK(grid.cells[0].mean == 0.5);
  CHECK(BuildHeatMap({}).cells.empty());
}

TEST_CASE("heat maps are drawn for every pair among the first three varying keys",
          "[plots][reports]") {
  using Pairs = std::vector<std::pair<size_t, size_t>>;
  CHECK(HeatMapKeyPairs(0).empty());
  CHECK(HeatMapKeyPairs(1).empty());
  CHECK(HeatMapKeyPairs(2) == Pairs{{0, 1}});
  CHECK(HeatMapKeyPairs(3) == Pairs{{0, 1}, {0, 2}, {1, 2}});
  CHECK(HeatMapKeyPairs(7) == Pairs{{0, 1}, {0, 2}, {1, 2}});  // at most three maps
}

TEST_CASE("a searched setting with many values is binned, log-spaced over a decade",
          "[plots][reports]") {
  // Twelve trials of a log-uniform lr in [1e-4, 1e-2] against three batch sizes.
  std::vector<HeatMapSample> samples;
  for (int i = 0; i < 12; ++i) {
    const double lr = 1e-4 * std::pow(100.0, i / 11.0);
    samples.push_back({lr, i % 3 == 0 ? 32.0 : 64.0 + 64.0 * (i % 3 == 2), 0.9 + 0.001 * i});
  }
  const HeatMapGrid grid = BuildHeatMap(samples);
  CHECK_FALSE(grid.rows.binned());
  REQUIRE(grid.columns.binned());
  REQUIRE(grid.columns.values.size() == kHeatMapBins);
  // Equal in log space: each bin spans a factor of 100^(1/6), its centre the geometric mean.
  CHECK(grid.columns.bins.front().first == 1e-4);
  CHECK(grid.columns.bins.back().second == samples.back().x);
  for (size_t i = 0; i < kHeatMapBins; ++i) {
    const auto& [low, high] = grid.columns.bins[i];
    CHECK(high / low == Approx(std::pow(100.0, 1.0 / 6)));
    CHECK(grid.columns.values[i] == Approx(std::sqrt(low * high)));
  }
  // Every sample lands in one cell; the extremes in the first and last bins.
  int64_t n = 0;
  for (const HeatMapCell& c : grid.cells) n += c.n;
  CHECK(n == 12);
  CHECK(grid.cells.front().column == 0);
  size_t last_column = 0;
  for (const HeatMapCell& c : grid.cells) last_column = std::max(last_column, c.column);
  CHECK(last_column == kHeatMapBins - 1);
}

TEST_CASE("a setting spanning less than a decade is binned linearly", "[plots][reports]") {
  std::vector<HeatMapSample> samples;
  for (int i = 0; i <= 9; ++i) samples.push_back({0.1 + 0.05 * i, 1, 0.5});  // 0.1 .. 0.55
  samples.push_back({0.1, 2, 0.5});
  const HeatMapGrid grid = BuildHeatMap(samples);
  REQUIRE(grid.columns.binned());
  for (const auto& [low, high] : grid.columns.bins) CHECK(high - low == Approx(0.075));
  CHECK(grid.columns.values[0] == Approx(0.1375));
  CHECK(grid.rows.values == std::vector<double>{1, 2});  // eight values or fewer: exact
}
