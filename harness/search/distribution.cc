#include "harness/search/distribution.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <ostream>

namespace mnb::search {

Value Value::Integer(int64_t v) {
  Value out;
  out.kind = Kind::kInteger;
  out.integer = v;
  out.number = static_cast<double>(v);
  return out;
}

Value Value::Float(double v) {
  Value out;
  out.kind = Kind::kFloat;
  out.number = v;
  return out;
}

Value Value::String(std::string v) {
  Value out;
  out.kind = Kind::kString;
  out.text = std::move(v);
  return out;
}

std::string Value::ToString() const {
  switch (kind) {
    case Kind::kInteger: return std::to_string(integer);
    case Kind::kFloat: return fmt::format("{:.6g}", number);
    case Kind::kString: return text;
  }
  return text;
}

bool Value::operator==(const Value& other) const {
  if (kind != other.kind) return false;
  switch (kind) {
    case Kind::kInteger: return integer == other.integer;
    case Kind::kFloat: return number == other.number;
    case Kind::kString: return text == other.text;
  }
  return false;
}

std::ostream& operator<<(std::ostream& out, const Value& v) { return out << v.ToString(); }

Distribution Distribution::Uniform(double low, double high) {
  Distribution d;
  d.kind = Kind::kUniform;
  d.low = low;
  d.high = high;
  return d;
}

Distribution Distribution::LogUniform(double low, double high) {
  Distribution d = Uniform(low, high);
  d.kind = Kind::kLogUniform;
  return d;
}

Distribution Distribution::Int(int64_t low, int64_t high) {
  Distribution d = Uniform(static_cast<double>(low), static_cast<double>(high));
  d.kind = Kind::kInt;
  return d;
}

Distribution Distribution::Choice(std::vector<Value> values) {
  Distribution d;
  d.kind = Kind::kChoice;
  d.choices = std::move(values);
  return d;
}

const char* KindName(Distribution::Kind kind) {
  switch (kind) {
    case Distribution::Kind::kUniform: return "uniform";
    case Distribution::Kind::kLogUniform: return "log_uniform";
    case Distribution::Kind::kInt: return "int";
    case Distribution::Kind::kChoice: return "choice";
  }
  return "?";
}

namespace {

std::string Bounds(const Distribution& d) { return fmt::format("[{}, {}]", d.low, d.high); }

}  // namespace

std::optional<std::string> DistributionError(const Distribution& d) {
  const char* name = KindName(d.kind);
  if (d.kind == Distribution::Kind::kChoice) {
    if (d.choices.empty()) return std::string("choice needs at least one value, got []");
    return std::nullopt;
  }
  if (!std::isfinite(d.low) || !std::isfinite(d.high))
    return fmt::format("{} needs finite bounds, got {}", name, Bounds(d));
  if (d.kind == Distribution::Kind::kInt) {
    if (d.low != std::floor(d.low) || d.high != std::floor(d.high))
      return fmt::format("int needs integer bounds, got {}", Bounds(d));
    if (d.low > d.high)
      return fmt::format("int range is empty: {} (expected low <= high)", Bounds(d));
    return std::nullopt;
  }
  if (d.kind == Distribution::Kind::kLogUniform && (d.low <= 0 || d.high <= 0))
    return fmt::format("log_uniform needs bounds > 0, got {}", Bounds(d));
  // A zero-width float range is one value: written as a scalar, not as a distribution.
  if (d.low >= d.high)
    return fmt::format("{} range is {}: {} (expected low < high)", name,
                       d.low == d.high ? "empty" : "inverted", Bounds(d));
  return std::nullopt;
}

std::string Describe(const Distribution& d) {
  if (d.kind != Distribution::Kind::kChoice)
    return fmt::format("{} {}", KindName(d.kind), Bounds(d));
  std::string out = "choice [";
  for (size_t i = 0; i < d.choices.size(); ++i) {
    if (i > 0) out += ", ";
    const Value& v = d.choices[i];
    out += v.kind == Value::Kind::kString ? "\"" + v.text + "\"" : v.ToString();
  }
  return out + "]";
}

double RoundFloat(double x, double low, double high) {
  // printf/strtod round correctly on every C library we build with, so the text is portable.
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%.6g", x);
  return std::clamp(std::strtod(buffer, nullptr), low, high);
}

Value ValueAt(const Distribution& d, double u) {
  u = std::clamp(u, 0.0, std::nextafter(1.0, 0.0));
  switch (d.kind) {
    case Distribution::Kind::kUniform:
      return Value::Float(RoundFloat(d.low + u * (d.high - d.low), d.low, d.high));
    case Distribution::Kind::kLogUniform: {
      const double log_low = std::log(d.low);
      const double x = std::exp(log_low + u * (std::log(d.high) - log_low));
      return Value::Float(RoundFloat(x, d.low, d.high));
    }
    case Distribution::Kind::kInt: {
      const double span = d.high - d.low + 1;
      const double offset = std::min(std::floor(u * span), span - 1);
      return Value::Integer(static_cast<int64_t>(d.low + offset));
    }
    case Distribution::Kind::kChoice: {
      const size_t n = d.choices.size();
      return d.choices[std::min(static_cast<size_t>(u * static_cast<double>(n)), n - 1)];
    }
  }
  return Value{};
}

std::optional<size_t> ChoiceIndex(const Distribution& d, const Value& v) {
  for (size_t i = 0; i < d.choices.size(); ++i)
    if (d.choices[i] == v) return i;
  return std::nullopt;
}

bool Contains(const Distribution& d, const Value& v) {
  switch (d.kind) {
    case Distribution::Kind::kUniform:
    case Distribution::Kind::kLogUniform:
      return v.kind != Value::Kind::kString && v.number >= d.low && v.number <= d.high;
    case Distribution::Kind::kInt:
      return v.kind == Value::Kind::kInteger && v.number >= d.low && v.number <= d.high;
    case Distribution::Kind::kChoice: return ChoiceIndex(d, v).has_value();
  }
  return false;
}

}  // namespace mnb::search
