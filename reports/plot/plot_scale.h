// Axis scales and their ticks for the report's plots: where a value sits along an axis, which
// values get a tick, and how a tick is written.
//
// Contract: pure, locale-independent functions. A linear scale's ends are rounded out to whole
// steps of 1, 2 or 5 times a power of ten; a log scale's ends to the nearest 1, 2 or 5 times a
// power of ten outside the data. Ticks lie inside [min, max] (a relative 1e-9 of slack), in
// ascending order, and are computed from integers (k * step, m * 10^d), never by repeated
// addition, so 0.3 is written "0.3" and 2e-3 equals the literal 2e-3. A range of one value, or
// none, is widened so that a scale never divides by zero.
#ifndef MNISTBENCH_REPORTS_PLOT_PLOT_SCALE_H_
#define MNISTBENCH_REPORTS_PLOT_PLOT_SCALE_H_

#include <string>
#include <vector>

namespace mnb {

struct AxisScale {
  double min = 0, max = 1;
  bool log = false;  // positions by log10 of the value (min > 0)

  // 0 at min, 1 at max (outside for values outside the range).
  double Fraction(double value) const;
};

// Values spanning at least this ratio get a log axis where one is allowed: a learning rate grid
// 1e-4..1e-1 or a zoo from 6,800 to 500,000 parameters reads evenly only on a log axis.
constexpr double kLogAxisMinRatio = 10;

// A step of 1, 2 or 5 times a power of ten giving about `count` steps over `span` (> 0).
double NiceStep(double span, int count);

// The scale for `values` (non-finite ones ignored): log when `allow_log`, every value is
// positive and max / min >= kLogAxisMinRatio; otherwise linear over about `linear_ticks` steps.
AxisScale ChooseScale(const std::vector<double>& values, bool allow_log, int linear_ticks = 5);

// Multiples of NiceStep(max - min, count) inside [min, max].
std::vector<double> LinearTicks(double min, double max, int count);
// 1, 2 and 5 times each power of ten inside [min, max] (min > 0); only the powers of ten once
// the range spans more than three decades, so labels never crowd.
std::vector<double> LogTicks(double min, double max);
// The ticks of `scale`: LogTicks or LinearTicks(min, max, linear_ticks).
std::vector<double> Ticks(const AxisScale& scale, int linear_ticks = 5);

// A tick's text, six significant digits at most: "0.001", "64", "2.5"; from 10,000 on in
// thousands ("20k"), from a million on in millions ("1.5M"), as parameter counts read.
// `percent`: a fraction shown as a percentage ("97.5").
std::string TickLabel(double value, bool percent = false);

}  // namespace mnb

#endif  // MNISTBENCH_REPORTS_PLOT_PLOT_SCALE_H_
