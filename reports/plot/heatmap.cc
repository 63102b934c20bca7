#include "reports/plot/heatmap.h"

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

// The axis of these values: themselves when few, else kHeatMapBins bins over their range.
HeatMapAxis MakeAxis(const std::vector<double>& values) {
  HeatMapAxis axis;
  const std::vector<double> distinct = Distinct(values);
  if (distinct.size() <= kHeatMapMaxValues) {
    axis.values = distinct;
    return axis;
  }
  const double low = distinct.front(), high = distinct.back();
  const bool log = low > 0 && high / low >= 10;
  axis.log_bins = log;
  const double a = log ? std::log(low) : low, b = log ? std::log(high) : high;
  auto back = [&](double t) { return log ? std::exp(t) : t; };
  for (size_t i = 0; i < kHeatMapBins; ++i) {
    const double from = a + (b - a) * static_cast<double>(i) / kHeatMapBins;
    const double to = a + (b - a) * static_cast<double>(i + 1) / kHeatMapBins;
    // The outer edges are the data's own, exactly, so the first and last values fall inside.
    axis.bins.emplace_back(i == 0 ? low : back(from), i + 1 == kHeatMapBins ? high : back(to));
    axis.values.push_back(back((from + to) / 2));
  }
  return axis;
}

// The column (row) of value v on `axis`.
size_t IndexOf(const HeatMapAxis& axis, double v) {
  if (!axis.binned()) {
    return static_cast<size_t>(std::lower_bound(axis.values.begin(), axis.values.end(), v) -
                               axis.values.begin());
  }
  for (size_t i = 0; i + 1 < axis.bins.size(); ++i) {
    if (v < axis.bins[i].second) return i;
  }
  return axis.bins.size() - 1;
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
  grid.columns = MakeAxis(xs);
  grid.rows = MakeAxis(ys);
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
