#include "reports/svg.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

#include "harness/base/text_escape.h"
#include "reports/text_format.h"

namespace mnb {

namespace {

// A "nice" tick step (1, 2 or 5 times a power of ten) giving about `count` ticks over `span`.
double NiceStep(double span, int count) {
  const double raw = span / std::max(count, 1);
  const double power = std::pow(10.0, std::floor(std::log10(raw)));
  for (double m : {1.0, 2.0, 5.0, 10.0}) {
    if (raw <= m * power) return m * power;
  }
  return 10 * power;
}

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

}  // namespace

std::string SvgLineChart(const std::string& title, const std::vector<Series>& series,
                         const std::string& x_label, bool percent) {
  constexpr double kWidth = 520, kHeight = 260, kLeft = 56, kRight = 120, kTop = 28,
                   kBottom = 40;
  const double plot_w = kWidth - kLeft - kRight, plot_h = kHeight - kTop - kBottom;
  double x_min = 1e300, x_max = -1e300, y_min = 1e300, y_max = -1e300;
  for (const Series& s : series) {
    for (size_t i = 0; i < s.points.size(); ++i) {
      const auto& [x, y] = s.points[i];
      if (!y || !std::isfinite(*y)) continue;
      x_min = std::min(x_min, x);
      x_max = std::max(x_max, x);
      y_min = std::min(y_min, *y);
      y_max = std::max(y_max, *y);
      if (i < s.band.size() && s.band[i]) {
        y_min = std::min(y_min, s.band[i]->first);
        y_max = std::max(y_max, s.band[i]->second);
      }
    }
  }
  std::string out = fmt::format(
      "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{0}\" height=\"{1}\" "
      "viewBox=\"0 0 {0} {1}\" role=\"img\" aria-label=\"{2}\" class=\"chart\">\n"
      "<text x=\"{3}\" y=\"18\" class=\"chart-title\">{2}</text>\n",
      kWidth, kHeight, HtmlEscape(title), kLeft);
  if (x_min > x_max) {
    out += fmt::format("<text x=\"{}\" y=\"{}\" class=\"axis\">no data</text>\n</svg>\n", kLeft,
                       kTop + plot_h / 2);
    return out;
  }
  if (x_max == x_min) {
    x_min -= 0.5;
    x_max += 0.5;
  }
  if (y_max - y_min < 1e-9) {
    const double pad = std::max(std::abs(y_max) * 0.01, 1e-3);
    y_min -= pad;
    y_max += pad;
  }
  const double y_step = NiceStep(y_max - y_min, 5);
  y_min = std::floor(y_min / y_step) * y_step;
  y_max = std::ceil(y_max / y_step) * y_step;
  auto px = [&](double x) { return kLeft + (x - x_min) / (x_max - x_min) * plot_w; };
  auto py = [&](double y) { return kTop + (1 - (y - y_min) / (y_max - y_min)) * plot_h; };

  out += fmt::format("<rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" class=\"plot\" />\n",
                     kLeft, kTop, plot_w, plot_h);
  for (double y = y_min; y <= y_max + y_step / 2; y += y_step) {
    const std::string label = percent ? fmt::format("{:g}", std::round(y * 1e6) / 1e4)
                                      : fmt::format("{:g}", std::round(y * 1e6) / 1e6);
    out += fmt::format(
        "<line x1=\"{0}\" y1=\"{1}\" x2=\"{2}\" y2=\"{1}\" class=\"grid\" />"
        "<text x=\"{3}\" y=\"{4}\" class=\"axis\" text-anchor=\"end\">{5}</text>\n",
        kLeft, Number(py(y)), Number(kLeft + plot_w), kLeft - 6, Number(py(y) + 4), label);
  }
  const double x_step = std::max(1.0, NiceStep(x_max - x_min, 8));
  for (double x = std::ceil(x_min); x <= x_max + 1e-9; x += x_step) {
    out += fmt::format("<text x=\"{}\" y=\"{}\" class=\"axis\" text-anchor=\"middle\">{:g}</text>\n",
                       Number(px(x)), kTop + plot_h + 16, x);
  }
  out += fmt::format("<text x=\"{}\" y=\"{}\" class=\"axis\" text-anchor=\"middle\">{}</text>\n",
                     Number(kLeft + plot_w / 2), kHeight - 6, HtmlEscape(x_label));

  for (const Series& s : series) out += BandPolygon(s, px, py);
  for (size_t i = 0; i < series.size(); ++i) {
    const Series& s = series[i];
    std::string path;
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
      out += fmt::format("<path d=\"{}\" fill=\"none\" stroke=\"{}\" stroke-width=\"2\" />\n",
                         path, HtmlEscape(s.color));
    }
    for (const auto& [x, y] : s.points) {
      if (!y || !std::isfinite(*y)) continue;
      out += fmt::format(
          "<circle cx=\"{}\" cy=\"{}\" r=\"3\" fill=\"{}\"><title>{} epoch {:g}: {}</title>"
          "</circle>\n",
          Number(px(x)), Number(py(*y)), HtmlEscape(s.color), HtmlEscape(s.name), x,
          percent ? Percent(*y) + "%" : fmt::format("{:.4f}", *y));
    }
    const double legend_y = kTop + 10 + 18 * static_cast<double>(i);
    out += fmt::format(
        "<line x1=\"{0}\" y1=\"{1}\" x2=\"{2}\" y2=\"{1}\" stroke=\"{3}\" stroke-width=\"3\" />"
        "<text x=\"{4}\" y=\"{5}\" class=\"legend\">{6}</text>\n",
        Number(kLeft + plot_w + 10), Number(legend_y), Number(kLeft + plot_w + 28),
        HtmlEscape(s.color), Number(kLeft + plot_w + 32), Number(legend_y + 4),
        HtmlEscape(s.name));
  }
  out += "</svg>\n";
  return out;
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
