// Per-variant summary statistics: n, mean, sample standard deviation and a Student-t confidence
// interval for the mean.
//
// Contract: Summarize takes a variant's values (e.g. test accuracies as fractions, one per seed)
// and returns nothing for an empty list. A value that is not finite (a database may hold one)
// throws mnb::Error kBadInput.
// The standard deviation is the sample one (divisor n - 1), exactly 0 when all values are equal
// and reported as 0 for n = 1, where it is undefined: `ci` is then empty, because one seed says
// nothing about seed-to-seed spread. For n >= 2 the interval is mean ± t(1 - (1 - level) / 2;
// n - 1) · std / sqrt(n). `level` must lie in (0, 1) (else kInternal). Pure functions: no store,
// no torch.
#ifndef MNISTBENCH_HARNESS_STATS_SUMMARY_H_
#define MNISTBENCH_HARNESS_STATS_SUMMARY_H_

#include <cstddef>
#include <optional>
#include <vector>

namespace mnb::stats {

struct Interval {
  double low = 0, high = 0;
};

struct Summary {
  size_t n = 0;
  double mean = 0;
  double std_dev = 0;           // sample std (n - 1); 0 for n = 1
  double min = 0, max = 0;
  std::optional<Interval> ci;   // Student-t interval of the mean at `level`; none for n = 1
  double level = 0.95;
};

std::optional<Summary> Summarize(const std::vector<double>& values, double level = 0.95);

// A mean that skips missing values, adding in the order values arrive (as SQL AVG does).
class RunningMean {
 public:
  void Add(double x) { sum_ += x, ++n_; }
  void Add(const std::optional<double>& x) {
    if (x) Add(*x);
  }
  long long count() const { return n_; }
  std::optional<double> Value() const {
    return n_ > 0 ? std::optional<double>(sum_ / static_cast<double>(n_)) : std::nullopt;
  }

 private:
  double sum_ = 0;
  long long n_ = 0;
};

// The one interval every output gives for a mean accuracy (a fraction): the Student-t interval
// intersected with [0, 1]. The true mean lies in [0, 1], so the intersection holds it whenever
// the t interval does (the same coverage), and no bound reads past 100% or below 0%.
Interval ClampToUnit(Interval interval);
// Summarize over accuracies: its interval clamped so.
std::optional<Summary> SummarizeAccuracies(const std::vector<double>& accuracies,
                                           double level = 0.95);

// Quantile of Student's t distribution with `df` (> 0, may be fractional) degrees of freedom:
// the x with P(T <= x) = p, p in (0, 1) (else mnb::Error kInternal). Boost.Math underneath.
double StudentTQuantile(double p, double df);

// Throws mnb::Error kInternal unless 0 < probability < 1; `what` names the parameter.
void RequireOpenUnit(double probability, const char* what);

}  // namespace mnb::stats

#endif  // MNISTBENCH_HARNESS_STATS_SUMMARY_H_
