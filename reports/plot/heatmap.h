// The cells of a hyper-parameter heat map: runs placed by two numeric settings (lr x batch_size),
// each cell the mean of their test accuracies.
//
// Contract: columns are the distinct x values ascending, rows the distinct y values ascending
// (numeric order, so 0.003 sits between 0.001 and 0.01 however the settings are written; the
// renderer spaces them evenly, which is a log axis for a geometric grid such as 1e-3, 1e-2,
// 1e-1). A key with more than kHeatMapMaxValues distinct values (a random, Sobol or TPE search
// draws a new lr for every trial) is binned instead: kHeatMapBins equal bins over its range,
// equal in log space when its values are positive and span a decade or more (log_uniform lr),
// else linear; the axis then holds each bin's centre (geometric for log bins) and its range,
// every bin kept so the axis stays regular. A cell exists only where a sample falls; its mean
// adds the samples in the order given and n counts them. Samples with a non-finite coordinate
// or value are left out. Pure.
#ifndef MNISTBENCH_REPORTS_PLOT_HEATMAP_H_
#define MNISTBENCH_REPORTS_PLOT_HEATMAP_H_

#include <cstddef>
#include <cstdint>
#include <utility>
#include <vector>

namespace mnb {

struct HeatMapSample {  // one completed run
  double x = 0, y = 0;  // its two settings
  double value = 0;     // its final test accuracy
};

struct HeatMapCell {
  size_t column = 0, row = 0;  // indices into HeatMapGrid::columns and ::rows
  double mean = 0;
  int64_t n = 0;
};

struct HeatMapAxis {
  std::vector<double> values;  // distinct values, or bin centres, ascending
  // Binned axes only, parallel to values: each bin's [low, high) (the last bin closed).
  std::vector<std::pair<double, double>> bins;
  bool log_bins = false;  // binned equally in log space
  bool binned() const { return !bins.empty(); }
};

struct HeatMapGrid {
  HeatMapAxis columns, rows;       // x and y
  std::vector<HeatMapCell> cells;  // by row, then column
};

constexpr size_t kHeatMapMaxValues = 8;  // more distinct values than this are binned
constexpr size_t kHeatMapBins = 6;

HeatMapGrid BuildHeatMap(const std::vector<HeatMapSample>& samples);

// At most this many varying keys of a model get heat maps: one per pair among them.
constexpr size_t kHeatMapKeys = 3;

// Which pairs of a model's varying numeric keys (by position, in label order) get a heat map:
// every pair among the first kHeatMapKeys, (0, 1), (0, 2), (1, 2); none below two keys. Three
// maps at most keep the page readable; a sweep over more keys is read through the parallel
// coordinates, which show every key.
std::vector<std::pair<size_t, size_t>> HeatMapKeyPairs(size_t varying_keys);

}  // namespace mnb

#endif  // MNISTBENCH_REPORTS_PLOT_HEATMAP_H_
