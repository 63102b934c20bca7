#include "reports/plot/plot_scale.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

namespace mnb {

namespace {

constexpr double kSlack = 1e-9;  // relative: a tick computed a rounding error past an end counts

// m * 10^d computed so that it equals the literal "me<d>": an exact power of ten (|d| <= 22 is
// exact in a double), then one correctly rounded multiply or divide.
double Decade(double m, int d) {
  const double power = std::pow(10.0, std::abs(d));
  return d >= 0 ? m * power : m / power;
}

// The largest 1/2/5 x 10^d at most `v` (down) or the smallest at least `v` (up); v > 0.
double OneTwoFive(double v, bool up) {
  const int d = static_cast<int>(std::floor(std::log10(v)));
  double best = up ? Decade(1, d + 1) : Decade(1, d);
  for (int e = d - 1; e <= d + 1; ++e) {
    for (double m : {1.0, 2.0, 5.0}) {
      const double c = Decade(m, e);
      if (up && c >= v * (1 - kSlack) && c < best) best = c;
      if (!up && c <= v * (1 + kSlack) && c > best) best = c;
    }
  }
  return best;
}

}  // namespace

double AxisScale::Fraction(double value) const {
  if (log) return (std::log10(value) - std::log10(min)) / (std::log10(max) - std::log10(min));
  return (value - min) / (max - min);
}

double NiceStep(double span, int count) {
  const double raw = span / std::max(count, 1);
  const double power = std::pow(10.0, std::floor(std::log10(raw)));
  for (double m : {1.0, 2.0, 5.0, 10.0}) {
    if (raw <= m * power) return m * power;
  }
  return 10 * power;
}

AxisScale ChooseScale(const std::vector<double>& values, bool allow_log, int linear_ticks) {
  double low = HUGE_VAL, high = -HUGE_VAL;
  for (double v : values) {
    if (!std::isfinite(v)) continue;
    low = std::min(low, v);
    high = std::max(high, v);
  }
  AxisScale scale;
  if (low > high) return scale;  // no values: [0, 1]
  if (allow_log && low > 0 && high / low >= kLogAxisMinRatio) {
    scale.log = true;
    scale.min = OneTwoFive(low, /*up=*/false);
    scale.max = OneTwoFive(high, /*up=*/true);
    return scale;
  }
  if (high - low < 1e-12 * std::max(1.0, std::abs(high))) {
    const double pad = std::max(std::abs(high) * 0.05, 1e-3);
    low -= pad;
    high += pad;
  }
  const double step = NiceStep(high - low, linear_ticks);
  scale.min = std::floor(low / step) * step;
  scale.max = std::ceil(high / step) * step;
  return scale;
}

std::vector<double> LinearTicks(double min, double max, int count) {
  std::vector<double> ticks;
  if (!(max > min)) return ticks;
  const double step = NiceStep(max - min, count);
  const double slack = kSlack * (max - min);
  for (double k = std::ceil((min - slack) / step); k * step <= max + slack; ++k) {
    const double t = k * step;
    ticks.push_back(std::abs(t) < slack ? 0.0 : t);  // no "-0"
  }
  return ticks;
}

std::vector<double> LogTicks(double min, double max) {
  std::vector<double> ticks;
  if (!(min > 0) || !(max > min)) return ticks;
  const bool decades_only = max / min > 1000;
  const int first = static_cast<int>(std::floor(std::log10(min)));
  const int last = static_cast<int>(std::ceil(std::log10(max)));
  for (int d = first; d <= last; ++d) {
    for (double m : {1.0, 2.0, 5.0}) {
      if (decades_only && m != 1.0) continue;
      const double t = Decade(m, d);
      if (t >= min * (1 - kSlack) && t <= max * (1 + kSlack)) ticks.push_back(t);
    }
  }
  return ticks;
}

std::vector<double> Ticks(const AxisScale& scale, int linear_ticks) {
  return scale.log ? LogTicks(scale.min, scale.max)
                   : LinearTicks(scale.min, scale.max, linear_ticks);
}

std::string TickLabel(double value, bool percent) {
  if (percent) return fmt::format("{:g}", std::round(value * 1e6) / 1e4);
  const double magnitude = std::abs(value);
  if (magnitude >= 1e6) return fmt::format("{:g}M", value / 1e6);
  if (magnitude >= 1e4) return fmt::format("{:g}k", value / 1e3);
  return fmt::format("{:g}", value);
}

}  // namespace mnb
