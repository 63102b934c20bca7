// Inline SVG charts for the HTML report: line charts for learning curves and a confusion-matrix
// heat map. Pure functions from numbers to markup; no external assets, no script.
//
// Contract: the output is well-formed XML (every element closed, attributes quoted) and every
// piece of text in it is HTML-escaped, so it can be pasted into an HTML page as-is. Coordinates
// are formatted without locale. Empty input yields a small "no data" figure, never a broken one.
#ifndef MNISTBENCH_REPORTS_SVG_H_
#define MNISTBENCH_REPORTS_SVG_H_

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
};

// `percent`: y values are fractions shown as percentages on the axis.
std::string SvgLineChart(const std::string& title, const std::vector<Series>& series,
                         const std::string& x_label, bool percent);

// rows = true class, columns = predicted; shading by each row's share (recall per cell).
std::string SvgConfusionHeatMap(const std::string& title,
                                const std::vector<std::vector<int64_t>>& confusion);

}  // namespace mnb

#endif  // MNISTBENCH_REPORTS_SVG_H_
