#include "reports/plot/svg_plots.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

#include "harness/base/text_escape.h"
#include "reports/plot/label_layout.h"
#include "reports/plot/palette.h"
#include "reports/plot/pareto.h"
#include "reports/plot/plot_scale.h"
#include "reports/format/text_format.h"

namespace mnb {

namespace {

std::string Num(double v) { return fmt::format("{:.1f}", v); }

constexpr size_t kLabelChars = 40;  // a point's label is cut there, the whole name in its tooltip

std::string Open(double width, double height, const std::string& title, const char* css_class) {
  return fmt::format(
      "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{0}\" height=\"{1}\" "
      "viewBox=\"0 0 {0} {1}\" role=\"img\" aria-label=\"{2}\" class=\"{3}\">\n"
      "<text x=\"4\" y=\"16\" class=\"chart-title\">{2}</text>\n",
      Num(width), Num(height), HtmlEscape(title), css_class);
}

std::string NoData(const std::string& title, const char* css_class) {
  return Open(320, 60, title, css_class) +
         "<text x=\"4\" y=\"44\" class=\"axis\">no data</text>\n</svg>\n";
}

// `text` cut to `chars` code points with an ellipsis, escaped; the whole text as a tooltip
// when cut. Long labels (variant names, layer lists) would otherwise run over their neighbours.
std::string Shown(const std::string& text, size_t chars) {
  const std::string shown = Truncated(text, chars);
  if (shown == text) return HtmlEscape(text);
  return HtmlEscape(shown) + "<title>" + HtmlEscape(text) + "</title>";
}

std::string RotatedLabel(double x, double y, const std::string& text) {
  return fmt::format(
      "<text x=\"{0}\" y=\"{1}\" class=\"axis\" text-anchor=\"middle\" "
      "transform=\"rotate(-90 {0} {1})\">{2}</text>\n",
      Num(x), Num(y), HtmlEscape(text));
}

// Viridis position of `v` within [low, high]; the middle when the range is one value.
double Shade(double v, double low, double high) {
  return high > low ? (v - low) / (high - low) : 0.5;
}

// A vertical viridis bar from `low` (bottom) to `high` (top), as percentages, under `label`.
std::string ColourBar(double x, double top, double height, double low, double high,
                      const std::string& label) {
  constexpr int kSteps = 12;
  std::string out = fmt::format("<text x=\"{}\" y=\"{}\" class=\"axis\">{}</text>\n", Num(x),
                                Num(top - 8), HtmlEscape(label));
  const double step = height / kSteps;
  for (int k = 0; k < kSteps; ++k) {
    const double t = 1 - (k + 0.5) / kSteps;
    out += fmt::format("<rect x=\"{}\" y=\"{}\" width=\"14\" height=\"{}\" fill=\"{}\" />\n",
                       Num(x), Num(top + k * step), Num(step + 0.5), Viridis(t));
  }
  out += fmt::format("<text x=\"{}\" y=\"{}\" class=\"axis\">{}</text>\n", Num(x + 18),
                     Num(top + 9), Percent(high));
  out += fmt::format("<text x=\"{}\" y=\"{}\" class=\"axis\">{}</text>\n", Num(x + 18),
                     Num(top + height), Percent(low));
  return out;
}

// ---- heat map ----

std::string HeatCell(const HeatMapCell& c, double x, double y, double w, double h, double low,
                     double high, const std::string& where) {
  const double t = Shade(c.mean, low, high);
  return fmt::format(
      "<rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" fill=\"{}\" class=\"cell\">"
      "<title>{}: mean test accuracy {}% over {} run{}</title></rect>\n"
      "<text x=\"{}\" y=\"{}\" class=\"count{}\" text-anchor=\"middle\">{}</text>\n",
      Num(x), Num(y), Num(w), Num(h), Viridis(t), HtmlEscape(where), Percent(c.mean), c.n,
      c.n == 1 ? "" : "s", Num(x + w / 2), Num(y + h / 2 + 4),
      LightTextOnViridis(t) ? " light" : "", Percent(c.mean));
}

// ---- heat map of settings ----

// A tick of a heat-map axis: the value, or a bin's centre marked as approximate.
std::string AxisTick(const HeatMapAxis& axis, size_t i) {
  return axis.binned() ? fmt::format("~{:.2g}", axis.values[i]) : TickLabel(axis.values[i]);
}

// What a cell's tooltip says of one key: its value, or its bin's range.
std::string AxisWhere(const std::string& key, const HeatMapAxis& axis, size_t i) {
  if (!axis.binned()) return fmt::format("{}={}", key, TickLabel(axis.values[i]));
  const bool last = i + 1 == axis.bins.size();
  return fmt::format("{} in [{:.3g}, {:.3g}{}", key, axis.bins[i].first, axis.bins[i].second,
                     last ? "]" : ")");
}

// The axis name, saying when its values were binned.
std::string AxisName(const std::string& key, const HeatMapAxis& axis) {
  if (!axis.binned()) return key;
  return fmt::format("{} ({} {}bins)", key, axis.bins.size(), axis.log_bins ? "log-spaced " : "");
}

}  // namespace

std::string SvgSettingsHeatMap(const std::string& title, const std::string& x_key,
                               const std::string& y_key, const HeatMapGrid& grid) {
  if (grid.cells.empty()) return NoData(title, "heatmap");
  constexpr double kCellW = 64, kCellH = 30, kLeft = 84, kTop = 44, kBar = 110;
  const size_t cols = grid.columns.values.size(), rows = grid.rows.values.size();
  const double plot_w = kCellW * static_cast<double>(cols);
  const double plot_h = kCellH * static_cast<double>(rows);
  const double width = std::max(kLeft + plot_w + 24 + kBar, 8.0 * DisplayWidth(title) + 16);
  std::string out = Open(width, kTop + plot_h + 48, title, "heatmap");
  double low = grid.cells.front().mean, high = low;
  for (const HeatMapCell& c : grid.cells) low = std::min(low, c.mean), high = std::max(high, c.mean);
  // Higher values of the y key sit higher, as on any plot; combinations never run stay blank.
  auto cell_y = [&](size_t row) { return kTop + kCellH * static_cast<double>(rows - 1 - row); };
  out += fmt::format("<rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" class=\"plot\" />\n",
                     kLeft, kTop, Num(plot_w), Num(plot_h));
  for (const HeatMapCell& c : grid.cells) {
    const std::string where = AxisWhere(x_key, grid.columns, c.column) + " " +
                              AxisWhere(y_key, grid.rows, c.row);
    out += HeatCell(c, kLeft + kCellW * static_cast<double>(c.column), cell_y(c.row), kCellW,
                    kCellH, low, high, where);
  }
  for (size_t c = 0; c < cols; ++c) {
    out += fmt::format("<text x=\"{}\" y=\"{}\" class=\"axis\" text-anchor=\"middle\">{}</text>\n",
                       Num(kLeft + kCellW * (static_cast<double>(c) + 0.5)), Num(kTop + plot_h + 16),
                       HtmlEscape(AxisTick(grid.columns, c)));
  }
  for (size_t r = 0; r < rows; ++r) {
    out += fmt::format("<text x=\"{}\" y=\"{}\" class=\"axis\" text-anchor=\"end\">{}</text>\n",
                       kLeft - 6, Num(cell_y(r) + kCellH / 2 + 4), HtmlEscape(AxisTick(grid.rows, r)));
  }
  out += fmt::format("<text x=\"{}\" y=\"{}\" class=\"axis\" text-anchor=\"middle\">{}</text>\n",
                     Num(kLeft + plot_w / 2), Num(kTop + plot_h + 36),
                     HtmlEscape(AxisName(x_key, grid.columns)));
  out += RotatedLabel(14, kTop + plot_h / 2, AxisName(y_key, grid.rows));
  out += ColourBar(kLeft + plot_w + 24, kTop + 8, std::max(plot_h - 8, 60.0), low, high,
                   "test acc %");
  return out + "</svg>\n";
}

namespace {

// ---- Pareto ----

struct Frame {
  double left, top, width, height;
};

// Grid lines and tick labels of both axes, and their names.
std::string ScatterAxes(const Frame& f, const AxisScale& xs, const AxisScale& ys,
                        const std::string& x_label, const std::string& y_label) {
  std::string out = fmt::format(
      "<rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" class=\"plot\" />\n", Num(f.left),
      Num(f.top), Num(f.width), Num(f.height));
  for (double t : Ticks(ys, 5)) {
    const double y = f.top + (1 - ys.Fraction(t)) * f.height;
    out += fmt::format(
        "<line x1=\"{0}\" y1=\"{1}\" x2=\"{2}\" y2=\"{1}\" class=\"grid\" />"
        "<text x=\"{3}\" y=\"{4}\" class=\"axis\" text-anchor=\"end\">{5}</text>\n",
        Num(f.left), Num(y), Num(f.left + f.width), Num(f.left - 6), Num(y + 4),
        TickLabel(t, /*percent=*/true));
  }
  for (double t : Ticks(xs, 6)) {
    const double x = f.left + xs.Fraction(t) * f.width;
    out += fmt::format(
        "<line x1=\"{0}\" y1=\"{1}\" x2=\"{0}\" y2=\"{2}\" class=\"grid\" />"
        "<text x=\"{0}\" y=\"{3}\" class=\"axis\" text-anchor=\"middle\">{4}</text>\n",
        Num(x), Num(f.top), Num(f.top + f.height), Num(f.top + f.height + 16), TickLabel(t));
  }
  out += fmt::format("<text x=\"{}\" y=\"{}\" class=\"axis\" text-anchor=\"middle\">{}</text>\n",
                     Num(f.left + f.width / 2), Num(f.top + f.height + 34),
                     HtmlEscape(x_label + (xs.log ? " (log scale)" : "")));
  return out + RotatedLabel(14, f.top + f.height / 2, y_label);
}

// A row of its own under the title, so neither runs into the other.
std::string ParetoLegend(double x) {
  return fmt::format(
      "<circle cx=\"{0}\" cy=\"30\" r=\"4.5\" fill=\"{1}\" />"
      "<text x=\"{2}\" y=\"34\" class=\"legend\">Pareto front</text>\n"
      "<circle cx=\"{3}\" cy=\"30\" r=\"3.5\" fill=\"{4}\" />"
      "<text x=\"{5}\" y=\"34\" class=\"legend\">dominated</text>\n",
      Num(x), OkabeIto()[0], Num(x + 8), Num(x + 98), kMutedColour, Num(x + 106));
}

}  // namespace

std::string SvgParetoPlot(const std::string& title, const std::string& cost_label,
                          const std::vector<ParetoMark>& marks) {
  if (marks.empty()) return NoData(title, "chart");
  const Frame f{72, 46, 472, 240};
  std::vector<double> costs, accuracies;
  std::vector<ParetoPoint> points;
  for (const ParetoMark& m : marks) {
    costs.push_back(m.cost);
    accuracies.push_back(m.accuracy);
    points.push_back({m.cost, m.accuracy});
  }
  const AxisScale xs = ChooseScale(costs, /*allow_log=*/true, 6);
  const AxisScale ys = ChooseScale(accuracies, /*allow_log=*/false, 5);
  auto px = [&](double v) { return f.left + xs.Fraction(v) * f.width; };
  auto py = [&](double v) { return f.top + (1 - ys.Fraction(v)) * f.height; };
  std::string out = Open(f.left + f.width + 24, f.top + f.height + 46, title, "chart");
  out += ParetoLegend(f.left);
  out += ScatterAxes(f, xs, ys, cost_label, "test accuracy (%)");
  // The front as a staircase: from each point along its accuracy to the next point's cost.
  std::vector<bool> on_front;
  for (const ParetoMark& m : marks) on_front.push_back(m.on_front);
  std::string stairs;
  for (size_t i : FrontInCostOrder(points, on_front)) {
    stairs += stairs.empty() ? fmt::format("M{},{} ", Num(px(marks[i].cost)), Num(py(marks[i].accuracy)))
                             : fmt::format("H{} V{} ", Num(px(marks[i].cost)), Num(py(marks[i].accuracy)));
  }
  if (!stairs.empty()) {
    out += fmt::format("<path d=\"{}\" fill=\"none\" stroke=\"{}\" stroke-width=\"1.5\" />\n",
                       stairs.substr(0, stairs.size() - 1), OkabeIto()[0]);
  }
  std::vector<size_t> front_marks;
  for (bool front : {false, true}) {  // the front on top
    for (size_t i = 0; i < marks.size(); ++i) {
      const ParetoMark& m = marks[i];
      if (m.on_front != front) continue;
      out += fmt::format(
          "<circle cx=\"{}\" cy=\"{}\" r=\"{}\" fill=\"{}\"><title>{}: {}%, {} {}</title>"
          "</circle>\n",
          Num(px(m.cost)), Num(py(m.accuracy)), front ? "4.5" : "3.5",
          front ? OkabeIto()[0] : kMutedColour, HtmlEscape(m.label), Percent(m.accuracy),
          HtmlEscape(TickLabel(m.cost)), HtmlEscape(cost_label));
      if (front) front_marks.push_back(i);
    }
  }
  // Every front point named beside it, apart from its neighbours' names (label_layout.h).
  std::vector<LabelRequest> requests;
  for (size_t i : front_marks) {
    requests.push_back({px(marks[i].cost), py(marks[i].accuracy),
                        std::min<size_t>(DisplayWidth(marks[i].label), kLabelChars)});
  }
  const std::vector<PlacedLabel> placed = PlaceLabels(requests, {f.left, f.top, f.width, f.height});
  for (size_t k = 0; k < placed.size(); ++k) {
    out += fmt::format("<text x=\"{}\" y=\"{}\" class=\"legend\" text-anchor=\"{}\">{}</text>\n",
                       Num(placed[k].x), Num(placed[k].y), placed[k].anchor_end ? "end" : "start",
                       Shown(marks[front_marks[k]].label, kLabelChars));
  }
  return out + "</svg>\n";
}

namespace {

// ---- parallel coordinates ----

// One axis: its line, its name on top, its ticks (numbers) or its values (text).
std::string ParallelAxisMarkup(const ParallelAxis& axis, double x, double top, double height) {
  std::string out = fmt::format(
      "<line x1=\"{0}\" y1=\"{1}\" x2=\"{0}\" y2=\"{2}\" stroke=\"#57606a\" stroke-width=\"1\" />\n"
      "<text x=\"{0}\" y=\"{3}\" class=\"legend\" text-anchor=\"middle\">{4}</text>\n",
      Num(x), Num(top), Num(top + height), Num(top - 12),
      Shown(axis.percent ? axis.name + " (%)" : axis.name + (axis.scale.log ? " (log)" : ""), 20));
  auto tick = [&](double position, const std::string& shown) {
    const double y = top + (1 - position) * height;
    return fmt::format(
        "<line x1=\"{0}\" y1=\"{1}\" x2=\"{2}\" y2=\"{1}\" stroke=\"#57606a\" />"
        "<text x=\"{3}\" y=\"{4}\" class=\"axis\" text-anchor=\"end\">{5}</text>\n",
        Num(x - 4), Num(y), Num(x), Num(x - 6), Num(y + 4), shown);
  };
  if (axis.numeric) {
    for (double t : Ticks(axis.scale, 4)) {
      out += tick(axis.scale.Fraction(t), HtmlEscape(TickLabel(t, axis.percent)));
    }
    return out;
  }
  for (const std::string& c : axis.categories) {
    out += tick(*axis.Position(AxisValue{std::nullopt, c}), Shown(c.empty() ? "\"\"" : c, 14));
  }
  return out;
}

}  // namespace

std::string SvgParallelCoordinates(const std::string& title, const std::vector<ParallelAxis>& axes,
                                   const std::vector<ParallelLine>& lines,
                                   const std::string& colour_label) {
  if (axes.empty() || lines.empty()) return NoData(title, "chart");
  constexpr double kLeft = 96, kSpacing = 140, kTop = 56, kHeight = 220, kRight = 120;
  const double last_axis = kLeft + kSpacing * static_cast<double>(axes.size() - 1);
  std::string out = Open(last_axis + kRight, kTop + kHeight + 24, title, "chart");
  double low = lines.front().colour_value, high = low;
  for (const ParallelLine& l : lines) {
    low = std::min(low, l.colour_value);
    high = std::max(high, l.colour_value);
  }
  std::vector<size_t> order(lines.size());
  for (size_t i = 0; i < order.size(); ++i) order[i] = i;
  std::stable_sort(order.begin(), order.end(), [&](size_t a, size_t b) {
    return lines[a].colour_value < lines[b].colour_value;  // the best drawn last, on top
  });
  for (size_t i : order) {
    const ParallelLine& line = lines[i];
    std::string path;
    bool pen_down = false;
    for (size_t k = 0; k < axes.size() && k < line.values.size(); ++k) {
      const std::optional<double> at = axes[k].Position(line.values[k]);
      if (!at) {
        pen_down = false;  // no value on this axis: the line breaks rather than guess one
        continue;
      }
      path += fmt::format("{}{},{} ", pen_down ? "L" : "M",
                          Num(kLeft + kSpacing * static_cast<double>(k)), Num(kTop + (1 - *at) * kHeight));
      pen_down = true;
    }
    if (path.empty()) continue;
    out += fmt::format(
        "<path d=\"{}\" fill=\"none\" stroke=\"{}\" stroke-width=\"1.5\" stroke-opacity=\"0.85\">"
        "<title>{}: {} {}%</title></path>\n",
        path.substr(0, path.size() - 1), Viridis(Shade(line.colour_value, low, high)),
        HtmlEscape(line.label), HtmlEscape(colour_label), Percent(line.colour_value));
  }
  for (size_t k = 0; k < axes.size(); ++k) {
    out += ParallelAxisMarkup(axes[k], kLeft + kSpacing * static_cast<double>(k), kTop, kHeight);
  }
  out += ColourBar(last_axis + 40, kTop + 8, kHeight - 8, low, high, colour_label + " %");
  return out + "</svg>\n";
}

}  // namespace mnb
