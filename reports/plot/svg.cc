#include "reports/plot/svg.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

#include "harness/base/text_escape.h"
#include "reports/plot/palette.h"
#include "reports/plot/plot_scale.h"
#include "reports/format/text_format.h"

namespace mnb {

namespace {

std::string Number(double v) { return fmt::format("{:.1f}", v); }

// The series' band as one translucent polygon: along the highs, back along the lows. Points
// without a band value are skipped (the band bridges them).
template <typename Px, typename Py>
std::string BandPolygon(const Series& s, const Px& px, const Py& py) {
  std::string upper, lower;
  for (size_t i = 0; i < s.points.size() && i < s.band.size(); ++i) {
    if (!s.band[i]) continue;
    const double x = s.points[i].first;
    upper += fmt::format("{},{} ", Number(px(x)), Number(py(s.band[i]->second)));
    lower = fmt::format("{},{} ", Number(px(x)), Number(py(s.band[i]->first))) + lower;
  }
  if (upper.empty()) return "";
  return fmt::format("<polygon points=\"{}{}\" fill=\"{}\" fill-opacity=\"0.18\" stroke=\"none\" />\n",
                     upper, lower.substr(0, lower.size() - 1), HtmlEscape(s.color));
}

// Where a line chart's parts go, in SVG units.
struct LineLayout {
  double width = 520, height = 260, left = 56, right = 120, top = 28, bottom = 40;
  double plot_w = 344, plot_h = 192;
  size_t legend_rows = 0;
};

// The legend's name as shown: cut at kLegendChars code points, with an ellipsis.
std::string LegendName(const std::string& name) { return Truncated(name, kLegendChars); }

// Room for the legend: wider for long names (about 6.6 units a character at 12px), taller for
// many rows; the defaults for a few short names.
LineLayout Layout(const std::vector<Series>& series, const LineChartOptions& options) {
  LineLayout l;
  size_t longest = DisplayWidth(options.legend_note);
  for (const Series& s : series) {
    if (!s.in_legend) continue;
    ++l.legend_rows;
    longest = std::max(longest, DisplayWidth(LegendName(s.name)));
  }
  if (!options.legend_note.empty()) ++l.legend_rows;
  if (!options.y_label.empty()) l.left = 72;
  l.right = std::max(l.right, std::ceil(40 + 6.6 * static_cast<double>(longest)));
  l.plot_h = std::max(l.plot_h, 18.0 * static_cast<double>(l.legend_rows) + 10);
  l.width = l.left + l.plot_w + l.right;
  l.height = l.top + l.plot_h + l.bottom;
  return l;
}

struct Range {
  double x_min = 1e300, x_max = -1e300, y_min = 1e300, y_max = -1e300;
};

// Over every finite point and its band; x_min > x_max when there is none.
Range DataRange(const std::vector<Series>& series) {
  Range r;
  for (const Series& s : series) {
    for (size_t i = 0; i < s.points.size(); ++i) {
      const auto& [x, y] = s.points[i];
      if (!y || !std::isfinite(*y)) continue;
      r.x_min = std::min(r.x_min, x);
      r.x_max = std::max(r.x_max, x);
      r.y_min = std::min(r.y_min, *y);
      r.y_max = std::max(r.y_max, *y);
      if (i < s.band.size() && s.band[i]) {
        r.y_min = std::min(r.y_min, s.band[i]->first);
        r.y_max = std::max(r.y_max, s.band[i]->second);
      }
    }
  }
  return r;
}

// One series' line and its markers (or, without markers, a tooltip on the line).
template <typename Px, typename Py>
std::string SeriesLine(const Series& s, bool percent, const Px& px, const Py& py) {
  std::string path, out;
  bool pen_down = false;
  for (const auto& [x, y] : s.points) {
    if (!y || !std::isfinite(*y)) {
      pen_down = false;
      continue;
    }
    path += fmt::format("{}{},{} ", pen_down ? "L" : "M", Number(px(x)), Number(py(*y)));
    pen_down = true;
  }
  if (!path.empty()) {
    const std::string opacity =
        s.opacity < 1 ? fmt::format(" stroke-opacity=\"{}\"", s.opacity) : std::string();
    out += fmt::format("<path d=\"{}\" fill=\"none\" stroke=\"{}\" stroke-width=\"{}\"{}", path,
                       HtmlEscape(s.color), s.stroke_width, opacity);
    out += s.markers ? " />\n" : fmt::format("><title>{}</title></path>\n", HtmlEscape(s.name));
  }
  if (!s.markers) return out;
  for (const auto& [x, y] : s.points) {
    if (!y || !std::isfinite(*y)) continue;
    out += fmt::format(
        "<circle cx=\"{}\" cy=\"{}\" r=\"3\" fill=\"{}\"><title>{} epoch {:g}: {}</title>"
        "</circle>\n",
        Number(px(x)), Number(py(*y)), HtmlEscape(s.color), HtmlEscape(s.name), x,
        percent ? Percent(*y) + "%" : fmt::format("{:.4f}", *y));
  }
  return out;
}

std::string LegendRow(const LineLayout& l, size_t row, const std::string& colour,
                      const std::string& name) {
  const double x = l.left + l.plot_w, y = l.top + 10 + 18 * static_cast<double>(row);
  const std::string shown = LegendName(name);
  return fmt::format(
      "<line x1=\"{0}\" y1=\"{1}\" x2=\"{2}\" y2=\"{1}\" stroke=\"{3}\" stroke-width=\"3\" />"
      "<text x=\"{4}\" y=\"{5}\" class=\"legend\">{6}{7}</text>\n",
      Number(x + 10), Number(y), Number(x + 28), HtmlEscape(colour), Number(x + 32),
      Number(y + 4), HtmlEscape(shown),
      shown == name ? std::string() : "<title>" + HtmlEscape(name) + "</title>");
}

// The frame, y grid with its labels, x ticks and the axis labels.
template <typename Px, typename Py>
std::string LineAxes(const LineLayout& l, const Range& r, double y_step, const Px& px,
                     const Py& py, const LineChartOptions& options) {
  std::string out = fmt::format(
      "<rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" class=\"plot\" />\n", l.left, l.top,
      l.plot_w, l.plot_h);
  for (double y = r.y_min; y <= r.y_max + y_step / 2; y += y_step) {
    const std::string label = options.percent ? fmt::format("{:g}", std::round(y * 1e6) / 1e4)
                                              : fmt::format("{:g}", std::round(y * 1e6) / 1e6);
    out += fmt::format(
        "<line x1=\"{0}\" y1=\"{1}\" x2=\"{2}\" y2=\"{1}\" class=\"grid\" />"
        "<text x=\"{3}\" y=\"{4}\" class=\"axis\" text-anchor=\"end\">{5}</text>\n",
        l.left, Number(py(y)), Number(l.left + l.plot_w), l.left - 6, Number(py(y) + 4), label);
  }
  const double x_step = std::max(1.0, NiceStep(r.x_max - r.x_min, 8));
  for (double x = std::ceil(r.x_min); x <= r.x_max + 1e-9; x += x_step) {
    out += fmt::format("<text x=\"{}\" y=\"{}\" class=\"axis\" text-anchor=\"middle\">{:g}</text>\n",
                       Number(px(x)), l.top + l.plot_h + 16, x);
  }
  out += fmt::format("<text x=\"{}\" y=\"{}\" class=\"axis\" text-anchor=\"middle\">{}</text>\n",
                     Number(l.left + l.plot_w / 2), l.height - 6, HtmlEscape(options.x_label));
  if (!options.y_label.empty()) {
    const double y = l.top + l.plot_h / 2;
    out += fmt::format(
        "<text x=\"14\" y=\"{0}\" class=\"axis\" text-anchor=\"middle\" "
        "transform=\"rotate(-90 14 {0})\">{1}</text>\n",
        Number(y), HtmlEscape(options.y_label));
  }
  return out;
}

}  // namespace

std::string SvgLineChart(const std::string& title, const std::vector<Series>& series,
                         const std::string& x_label, bool percent) {
  LineChartOptions options;
  options.x_label = x_label;
  options.percent = percent;
  return SvgLineChart(title, series, options);
}

std::string SvgLineChart(const std::string& title, const std::vector<Series>& series,
                         const LineChartOptions& options) {
  const LineLayout l = Layout(series, options);
  Range r = DataRange(series);
  std::string out = fmt::format(
      "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{0}\" height=\"{1}\" "
      "viewBox=\"0 0 {0} {1}\" role=\"img\" aria-label=\"{2}\" class=\"chart\">\n"
      "<text x=\"{3}\" y=\"18\" class=\"chart-title\">{2}</text>\n",
      l.width, l.height, HtmlEscape(title), l.left);
  if (r.x_min > r.x_max) {
    out += fmt::format("<text x=\"{}\" y=\"{}\" class=\"axis\">no data</text>\n</svg>\n", l.left,
                       l.top + l.plot_h / 2);
    return out;
  }
  if (r.x_max == r.x_min) {
    r.x_min -= 0.5;
    r.x_max += 0.5;
  }
  if (r.y_max - r.y_min < 1e-9) {
    const double pad = std::max(std::abs(r.y_max) * 0.01, 1e-3);
    r.y_min -= pad;
    r.y_max += pad;
  }
  const double y_step = NiceStep(r.y_max - r.y_min, 5);
  r.y_min = std::floor(r.y_min / y_step) * y_step;
  r.y_max = std::ceil(r.y_max / y_step) * y_step;
  auto px = [&](double x) { return l.left + (x - r.x_min) / (r.x_max - r.x_min) * l.plot_w; };
  auto py = [&](double y) { return l.top + (1 - (y - r.y_min) / (r.y_max - r.y_min)) * l.plot_h; };

  out += LineAxes(l, r, y_step, px, py, options);
  std::vector<size_t> order(series.size());
  for (size_t i = 0; i < order.size(); ++i) order[i] = options.top_first ? order.size() - 1 - i : i;
  for (size_t i : order) out += BandPolygon(series[i], px, py);
  std::vector<size_t> legend_row(series.size());  // rows in series order, whatever the drawing order
  size_t rows = 0;
  for (size_t i = 0; i < series.size(); ++i) legend_row[i] = series[i].in_legend ? rows++ : 0;
  std::string legend;  // after every line when drawn top first, else each after its line
  for (size_t i : order) {
    out += SeriesLine(series[i], options.percent, px, py);
    if (!series[i].in_legend) continue;
    (options.top_first ? legend : out) +=
        LegendRow(l, legend_row[i], series[i].color, series[i].name);
  }
  if (!options.legend_note.empty()) {
    legend += LegendRow(l, rows, kBackgroundColour, options.legend_note);
  }
  return out + legend + "</svg>\n";
}

std::string SvgConfusionHeatMap(const std::string& title,
                                const std::vector<std::vector<int64_t>>& confusion) {
  const size_t n = confusion.size();
  constexpr double kCell = 38, kLeft = 64, kTop = 56;
  const double width = kLeft + kCell * std::max<size_t>(n, 1) + 16;
  const double height = kTop + kCell * std::max<size_t>(n, 1) + 16;
  std::string out = fmt::format(
      "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{0}\" height=\"{1}\" "
      "viewBox=\"0 0 {0} {1}\" role=\"img\" aria-label=\"{2}\" class=\"heatmap\">\n"
      "<text x=\"4\" y=\"16\" class=\"chart-title\">{2}</text>\n"
      "<text x=\"{3}\" y=\"34\" class=\"axis\" text-anchor=\"middle\">predicted</text>\n"
      "<text x=\"14\" y=\"{4}\" class=\"axis\" text-anchor=\"middle\" "
      "transform=\"rotate(-90 14 {4})\">true</text>\n",
      Number(width), Number(height), HtmlEscape(title), Number(kLeft + kCell * n / 2),
      Number(kTop + kCell * n / 2));
  if (n == 0) return out + "</svg>\n";
  for (size_t c = 0; c < n; ++c) {
    out += fmt::format("<text x=\"{}\" y=\"{}\" class=\"axis\" text-anchor=\"middle\">{}</text>\n",
                       Number(kLeft + kCell * (c + 0.5)), kTop - 6, c);
    out += fmt::format("<text x=\"{}\" y=\"{}\" class=\"axis\" text-anchor=\"end\">{}</text>\n",
                       kLeft - 6, Number(kTop + kCell * (c + 0.5) + 4), c);
  }
  for (size_t t = 0; t < n; ++t) {
    int64_t row_total = 0;
    for (int64_t v : confusion[t]) row_total += v;
    for (size_t p = 0; p < confusion[t].size() && p < n; ++p) {
      const double share = row_total > 0 ? static_cast<double>(confusion[t][p]) / row_total : 0;
      // Off-diagonal cells are scaled up: a 2% confusion should be visible next to a 98% hit.
      const double shade = t == p ? share : std::min(1.0, std::sqrt(share) * 1.5);
      const int r = static_cast<int>(std::lround(255 - shade * (255 - (t == p ? 31 : 214))));
      const int g = static_cast<int>(std::lround(255 - shade * (255 - (t == p ? 119 : 39))));
      const int b = static_cast<int>(std::lround(255 - shade * (255 - (t == p ? 180 : 40))));
      out += fmt::format(
          "<rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" fill=\"rgb({},{},{})\" "
          "class=\"cell\"><title>true {} predicted {}: {} ({:.1f}% of class {})</title></rect>\n",
          Number(kLeft + kCell * p), Number(kTop + kCell * t), kCell, kCell, r, g, b, t, p,
          confusion[t][p], 100 * share, t);
      out += fmt::format(
          "<text x=\"{}\" y=\"{}\" class=\"count{}\" text-anchor=\"middle\">{}</text>\n",
          Number(kLeft + kCell * (p + 0.5)), Number(kTop + kCell * (t + 0.5) + 4),
          shade > 0.55 ? " light" : "", confusion[t][p]);
    }
  }
  return out + "</svg>\n";
}

}  // namespace mnb
