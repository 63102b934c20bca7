// Where a plot's point labels go so that no two overlap: a scatter plot (the Pareto front)
// labels each point beside it, and points close together (equal costs, ties in accuracy) would
// otherwise print their names over one another.
//
// Contract: PlaceLabels is pure and deterministic. Labels are placed in the order given, each at
// the first candidate position whose box overlaps no label placed before it and lies inside the
// frame: beside the point on the side with more room (below, then above), then stepping further
// down and up by one line. When no candidate is free (a crowded plot) the label takes the first
// candidate inside the frame: it may overlap, but it is never lost and never leaves the plot.
// Boxes are estimated from the text's length (kCharWidth per code point), as no font metrics
// exist at render time.
#ifndef MNISTBENCH_REPORTS_PLOT_LABEL_LAYOUT_H_
#define MNISTBENCH_REPORTS_PLOT_LABEL_LAYOUT_H_

#include <cstddef>
#include <vector>

namespace mnb {

struct LabelBox {
  double left = 0, top = 0, width = 0, height = 0;
  bool Overlaps(const LabelBox& other) const;
};

struct LabelRequest {
  double x = 0, y = 0;  // the point, in SVG units
  size_t chars = 0;     // the label's length in code points
};

struct PlacedLabel {
  double x = 0, y = 0;         // the text's anchor and baseline
  bool anchor_end = false;     // text-anchor="end" (the label lies left of its point)
  LabelBox box;
};

constexpr double kCharWidth = 6.6;   // a 12px sans-serif character, on average
constexpr double kLineHeight = 13;

std::vector<PlacedLabel> PlaceLabels(const std::vector<LabelRequest>& labels,
                                     const LabelBox& frame);

}  // namespace mnb

#endif  // MNISTBENCH_REPORTS_PLOT_LABEL_LAYOUT_H_
