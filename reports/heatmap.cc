#include "reports/heatmap.h"

#include <algorithm>
#include <cmath>
#include <map>

namespace mnb {

namespace {

std::vector<double> Distinct(std::vector<double> values) {
  std::sort(values.begin(), values.end());
  values.erase(std::unique(values.begin(), values.end()), values.end());
  return values;
}

size_t IndexOf(const std::vector<double>& sorted, double v) {
  return static_cast<size_t>(std::lower_bound(sorted.begin(), sorted.end(), v) - sorted.begin());
}

}  // namespace

HeatMapGrid BuildHeatMap(const std::vector<HeatMapSample>& samples) {
  std::vector<HeatMapSample> kept;
  for (const HeatMapSample& s : samples) {
    if (std::isfinite(s.x) && std::isfinite(s.y) && std::isfinite(s.value)) kept.push_back(s);
  }
  HeatMapGrid grid;
  std::vector<double> xs, ys;
  for (const HeatMapSample& s : kept) {
    xs.push_back(s.x);
    ys.push_back(s.y);
  }
  grid.columns = Distinct(xs);
  grid.rows = Distinct(ys);
  struct Sum {
    double total = 0;
    int64_t n = 0;
  };
  std::map<std::pair<size_t, size_t>, Sum> sums;  // (row, column): by row, then column
  for (const HeatMapSample& s : kept) {
    Sum& sum = sums[{IndexOf(grid.rows, s.y), IndexOf(grid.columns, s.x)}];
    sum.total += s.value;
    ++sum.n;
  }
  for (const auto& [at, sum] : sums) {
    grid.cells.push_back({at.second, at.first, sum.total / static_cast<double>(sum.n), sum.n});
  }
  return grid;
}

std::vector<std::pair<size_t, size_t>> HeatMapKeyPairs(size_t varying_keys) {
  std::vector<std::pair<size_t, size_t>> pairs;
  const size_t keys = std::min(varying_keys, kHeatMapKeys);
  for (size_t a = 0; a < keys; ++a) {
    for (size_t b = a + 1; b < keys; ++b) pairs.emplace_back(a, b);
  }
  return pairs;
}

}  // namespace mnb
