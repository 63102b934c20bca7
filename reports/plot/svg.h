// Inline SVG charts for the HTML report: line charts for learning curves (one run, a variant's
// seeds, or every variant of an experiment overlaid) and a confusion-matrix heat map. Pure
// functions from numbers to markup; no external assets, no script. The comparison plots (heat
// maps of settings, Pareto, parallel coordinates) are svg_plots.h.
//
// Contract: the output is well-formed XML (every element closed, attributes quoted) and every
// piece of text in it is HTML-escaped, so it can be pasted into an HTML page as-is. Coordinates
// are formatted without locale. Empty input yields a small "no data" figure, never a broken one.
#ifndef MNISTBENCH_REPORTS_PLOT_SVG_H_
#define MNISTBENCH_REPORTS_PLOT_SVG_H_

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace mnb {

struct Series {
  std::string name, color;
  std::vector<std::pair<double, std::optional<double>>> points;  // (x, y); gaps where y is empty
  // Optional, parallel to points: a (low, high) range drawn as a shaded band behind the line
  // (e.g. the lowest and highest seed around their mean).
  std::vector<std::optional<std::pair<double, double>>> band;
  // How it is drawn: an overlay of many variants thins and greys all but the top ones.
  double stroke_width = 2;
  double opacity = 1;     // of the line
  bool markers = true;    // a dot with a tooltip at each point; without, the line has a tooltip
  bool in_legend = true;  // a legend row with its colour and name
};

struct LineChartOptions {
  std::string x_label;
  std::string y_label;       // beside the y axis, rotated; empty: none (the title says it)
  bool percent = false;      // y values are fractions shown as percentages on the axis
  std::string legend_note;   // a last legend row in grey, e.g. "+4 more (grey, not listed)"
  bool top_first = false;    // draw the series last to first, so the first lies on top
};

std::string SvgLineChart(const std::string& title, const std::vector<Series>& series,
                         const std::string& x_label, bool percent);
// The same chart, widened for long legend names (cut at kLegendChars, the full name in a
// tooltip) and heightened for many legend rows.
std::string SvgLineChart(const std::string& title, const std::vector<Series>& series,
                         const LineChartOptions& options);
constexpr size_t kLegendChars = 40;

// rows = true class, columns = predicted; shading by each row's share (recall per cell).
std::string SvgConfusionHeatMap(const std::string& title,
                                const std::vector<std::vector<int64_t>>& confusion);

}  // namespace mnb

#endif  // MNISTBENCH_REPORTS_PLOT_SVG_H_
