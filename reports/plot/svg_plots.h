// Inline SVG comparison plots for the HTML report: a heat map of mean test accuracy over two
// settings, accuracy against a cost with its Pareto front, and parallel coordinates of runs.
// Pure functions from plot data (heatmap.h, pareto.h, parallel_axes.h) to markup.
//
// Contract: as svg.h's charts: well-formed XML, every piece of text HTML-escaped, coordinates
// formatted without locale, no script, no external asset, no element ids (several plots share
// one page). Colours are palette.h's: Okabe-Ito for categories, viridis for accuracy, with a
// legend or colour bar saying what they mean; axes are labelled with their units. Empty input
// yields a small "no data" figure.
#ifndef MNISTBENCH_REPORTS_PLOT_SVG_PLOTS_H_
#define MNISTBENCH_REPORTS_PLOT_SVG_PLOTS_H_

#include <optional>
#include <string>
#include <vector>

#include "reports/plot/heatmap.h"
#include "reports/plot/parallel_axes.h"

namespace mnb {

// Cells coloured and annotated by their mean test accuracy (a fraction, shown in percent); the
// tooltip adds n. Columns are `x_key`'s values, rows `y_key`'s, both ascending, evenly spaced.
std::string SvgSettingsHeatMap(const std::string& title, const std::string& x_key,
                               const std::string& y_key, const HeatMapGrid& grid);

struct ParetoMark {
  std::string label;  // the variant
  double cost = 0;    // x: parameters or seconds per epoch
  double accuracy = 0;  // y: a fraction
  bool on_front = false;
};

// Dominated marks grey, the front in colour joined by its staircase and labelled. `cost_label`
// names the x axis with its unit ("parameters", "seconds per epoch (s)"); a log axis says so.
std::string SvgParetoPlot(const std::string& title, const std::string& cost_label,
                          const std::vector<ParetoMark>& marks);

struct ParallelLine {
  std::string label;  // its tooltip: the run and its variant
  std::vector<std::optional<AxisValue>> values;  // parallel to the axes
  double colour_value = 0;  // a fraction (test accuracy): the line's viridis colour
};

// One vertical axis per ParallelAxis, one line per run coloured by colour_value on a viridis
// scale over the lines' range, the best drawn last (on top); `colour_label` heads the colour bar.
std::string SvgParallelCoordinates(const std::string& title, const std::vector<ParallelAxis>& axes,
                                   const std::vector<ParallelLine>& lines,
                                   const std::string& colour_label);

}  // namespace mnb

#endif  // MNISTBENCH_REPORTS_PLOT_SVG_PLOTS_H_
