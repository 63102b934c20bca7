// Distributions of one hyper-parameter, and the value type they yield.
//
// Contract: uniform, log_uniform, int (both ends included) and choice. Nothing here throws:
// DistributionError returns the one thing wrong as one line without a location (the config
// parser prefixes FILE:LINE). Every sampler maps u in [0, 1) through ValueAt, the inverse CDF;
// floats are rounded to 6 significant digits, so run keys agree on every libm.
// Details: docs/search.md "Distributions".
#ifndef MNISTBENCH_HARNESS_SEARCH_DISTRIBUTION_H_
#define MNISTBENCH_HARNESS_SEARCH_DISTRIBUTION_H_

#include <cstdint>
#include <iosfwd>
#include <optional>
#include <string>
#include <vector>

namespace mnb::search {

// One hyper-parameter value: what a sampler proposes and what a finished trial recorded.
struct Value {
  enum class Kind { kInteger, kFloat, kString } kind = Kind::kFloat;
  int64_t integer = 0;
  double number = 0;  // also set for integers
  std::string text;   // strings only

  static Value Integer(int64_t v);
  static Value Float(double v);
  static Value String(std::string v);
  std::string ToString() const;  // integers in decimal, floats as %.6g, strings as they are
  bool operator==(const Value& other) const;
  bool operator!=(const Value& other) const { return !(*this == other); }
};
std::ostream& operator<<(std::ostream& out, const Value& v);  // ToString(), for test messages

struct Distribution {
  enum class Kind { kUniform, kLogUniform, kInt, kChoice } kind = Kind::kUniform;
  double low = 0, high = 0;   // uniform, log_uniform, int (integral values)
  std::vector<Value> choices; // choice only, in the order written

  static Distribution Uniform(double low, double high);
  static Distribution LogUniform(double low, double high);
  static Distribution Int(int64_t low, int64_t high);
  static Distribution Choice(std::vector<Value> values);
};

// Empty when the distribution is well formed.
std::optional<std::string> DistributionError(const Distribution& d);
// The kind as the experiment file spells it: "uniform", "log_uniform", "int", "choice".
const char* KindName(Distribution::Kind kind);
// "uniform [0, 0.5]", "log_uniform [0.0001, 0.1]", "int [2, 10]", "choice [32, 64, 128]".
std::string Describe(const Distribution& d);

// The value at quantile u in [0, 1) (u outside is clamped). `d` must be valid.
Value ValueAt(const Distribution& d, double u);
// Whether `v` is a value `d` can yield (within the range, integral, or one of the choices).
bool Contains(const Distribution& d, const Value& v);
// The index of `v` among a choice's values, if it is one of them.
std::optional<size_t> ChoiceIndex(const Distribution& d, const Value& v);

// A float rounded to 6 significant digits, then clamped into [low, high].
double RoundFloat(double x, double low, double high);

}  // namespace mnb::search

#endif  // MNISTBENCH_HARNESS_SEARCH_DISTRIBUTION_H_
