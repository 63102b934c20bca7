#include "harness/config/search_config.h"

#include <fmt/format.h>

#include <optional>
#include <vector>

#include "harness/plan/plan.h"

namespace mnb {
namespace {

using search::Distribution;
using search::Value;

int LineOf(const toml::node& node) { return static_cast<int>(node.source().begin.line); }

[[noreturn]] void Fail(const std::string& path, const toml::node& node, const std::string& what) {
  throw ConfigError(fmt::format("{}:{}: {}", path, LineOf(node), what));
}

// A number as written: integers stay integers, so `int = [2, 10]` is told from `[2.5, 10]`.
std::optional<Value> NumberOf(const toml::node& node) {
  if (node.is_integer()) return Value::Integer(*node.value<int64_t>());
  if (node.is_floating_point()) return Value::Float(*node.value<double>());
  return std::nullopt;
}

std::string ValueText(const Value& v) {
  return v.kind == Value::Kind::kString ? "\"" + v.text + "\"" : v.ToString();
}

// A value `key` accepts, by its kind and its own check (grid_keys.h).
bool Accepts(const GridKey& key, const Value& v) {
  const bool type_ok = key.kind == ConfigValue::Kind::kFloat     ? v.kind != Value::Kind::kString
                       : key.kind == ConfigValue::Kind::kInteger ? v.kind == Value::Kind::kInteger
                                                                 : v.kind == Value::Kind::kString;
  return type_ok && key.valid(ConfigValueOf(v));
}

// The distributions a key may take, for messages.
const char* KindsFor(const GridKey& key) {
  switch (key.kind) {
    case ConfigValue::Kind::kFloat: return "uniform, log_uniform or choice";
    case ConfigValue::Kind::kInteger: return "int or choice";
    case ConfigValue::Kind::kString: return "choice";
  }
  return "choice";
}

std::vector<Value> ListOf(const toml::node& node, const std::string& what, const std::string& path) {
  const toml::array* list = node.as_array();
  if (list == nullptr) Fail(path, node, fmt::format("{} is not a list (expected [...])", what));
  std::vector<Value> values;
  for (const toml::node& item : *list) {
    if (std::optional<Value> number = NumberOf(item)) {
      values.push_back(*number);
    } else if (item.is_string()) {
      values.push_back(Value::String(*item.value<std::string>()));
    } else {
      Fail(path, item, fmt::format("{} holds a non-scalar (expected numbers or strings)", what));
    }
  }
  return values;
}

}  // namespace

SearchSettings ParseSearchTable(const toml::table& t, const std::string& path) {
  SearchSettings settings;
  settings.line = LineOf(t);
  for (auto&& [key, node] : t) {
    const std::string k(key.str());
    if (k == "method") {
      const std::optional<std::string> method = node.value<std::string>();
      if (!node.is_string() || (*method != "grid" && *method != "random" && *method != "sobol" &&
                                *method != "tpe")) {
        Fail(path, node, fmt::format("[search] method = {} (expected \"grid\", \"random\", "
                                     "\"sobol\" or \"tpe\")",
                                     node.is_string() ? "\"" + *method + "\"" : "a non-string"));
      }
      settings.method = *method;
    } else if (k == "trials" || k == "seed") {
      const std::optional<int64_t> v = node.is_integer() ? node.value<int64_t>() : std::nullopt;
      const int64_t min = k == "trials" ? 1 : 0;
      if (!v || *v < min) {
        Fail(path, node, fmt::format("[search] {} is not an integer >= {} (expected e.g. {} = {})",
                                     k, min, k, k == "trials" ? 20 : 7));
      }
      if (k == "trials" && *v > kMaxPlannedRuns) {
        Fail(path, node, fmt::format("[search] trials = {} (expected at most {}, the most runs an "
                                     "experiment file may plan)", *v, kMaxPlannedRuns));
      }
      if (k == "trials") settings.trials = *v;
      if (k == "seed") settings.seed = static_cast<uint64_t>(*v);
    } else if (k == "prune" || k == "metric") {
      const std::optional<std::string> v = node.value<std::string>();
      const bool ok = node.is_string() && (k == "prune" ? *v == "none" || *v == "asha" || *v == "median"
                                                        : *v == "val_accuracy" || *v == "val_loss");
      if (!ok) {
        Fail(path, node, fmt::format("[search] {} = {} (expected {})", k,
                                     node.is_string() ? "\"" + *v + "\"" : "a non-string",
                                     k == "prune" ? "\"none\", \"asha\" or \"median\""
                                                  : "\"val_accuracy\" or \"val_loss\""));
      }
      (k == "prune" ? settings.prune.rule : settings.prune.metric) = *v;
    } else if (k == "min_epochs" || k == "reduction_factor" || k == "startup_trials") {
      const int64_t min = k == "reduction_factor" ? 2 : k == "min_epochs" ? 1 : 0;
      const std::optional<int64_t> v = node.is_integer() ? node.value<int64_t>() : std::nullopt;
      if (!v || *v < min) {
        Fail(path, node, fmt::format("[search] {} is not an integer >= {}", k, min));
      }
      (k == "min_epochs" ? settings.prune.min_epochs
       : k == "reduction_factor" ? settings.prune.reduction_factor
                                 : settings.prune.startup_trials) = *v;
    } else {
      throw ConfigError(fmt::format("{}:{}: unknown key '{}' in [search] (expected method, trials, "
                                    "seed, prune, metric, min_epochs, reduction_factor, "
                                    "startup_trials)", path, key.source().begin.line, k));
    }
  }
  // A pruner's parameters without the pruner would silently do nothing.
  const char* rule_keys[] = {"metric", "min_epochs", "reduction_factor", "startup_trials"};
  for (const char* k : rule_keys) {
    const toml::node* n = t.get(k);
    if (n == nullptr) continue;
    const bool applies = settings.prune.rule == "asha"   ? std::string(k) != "startup_trials"
                         : settings.prune.rule == "median" ? std::string(k) != "reduction_factor"
                                                          : false;
    if (!applies) {
      Fail(path, *n, fmt::format("[search] {} does not apply to prune = \"{}\" (expected {})", k,
                                 settings.prune.rule,
                                 std::string(k) == "reduction_factor" ? "prune = \"asha\""
                                 : std::string(k) == "startup_trials" ? "prune = \"median\""
                                                                      : "prune = \"asha\" or \"median\""));
    }
  }
  if (settings.sampled() && settings.trials == 0) {
    throw ConfigError(fmt::format("{}:{}: [search] method = \"{}\" needs trials (expected e.g. "
                                  "trials = 20)", path, settings.line, settings.method));
  }
  if (!settings.sampled() && t.get("trials") != nullptr) {
    Fail(path, *t.get("trials"), "[search] trials applies to random, sobol and tpe search "
                                 "(expected method = \"random\", \"sobol\" or \"tpe\" beside it)");
  }
  return settings;
}

Distribution ParseGridDistribution(const toml::table& t, const GridKey& key, const std::string& path) {
  const std::string expected = "one of { uniform = [low, high] }, { log_uniform = [low, high] }, "
                               "{ int = [low, high] }, { choice = [...] }";
  if (t.size() != 1) {
    Fail(path, t, fmt::format("{} is a table of {} keys (expected {})", key.name, t.size(), expected));
  }
  // toml++'s iterator holds the pair it yields: keep the iterator, not a reference to `*begin()`.
  const auto only = t.begin();
  const std::string name(only->first.str());
  const toml::node& node = only->second;
  const std::string what = fmt::format("{} = {{ {} = ... }}", key.name, name);
  if (std::string(key.name) == "seed") {
    Fail(path, t, "seed cannot be a distribution (expected a list: the seeds every trial runs with)");
  }
  std::vector<Value> values = ListOf(node, what, path);
  Distribution d;
  if (name == "choice") {
    if (values.empty()) Fail(path, node, fmt::format("{} is empty (expected at least one value)", what));
    d = Distribution::Choice(values);
  } else if (name == "uniform" || name == "log_uniform" || name == "int") {
    if (values.size() != 2 || values[0].kind == Value::Kind::kString ||
        values[1].kind == Value::Kind::kString) {
      Fail(path, node, fmt::format("{} (expected two numbers [low, high])", what));
    }
    const bool integral = name == "int";
    const ConfigValue::Kind wanted = integral ? ConfigValue::Kind::kInteger : ConfigValue::Kind::kFloat;
    if (key.kind != wanted) {
      Fail(path, t, fmt::format("{} is a {} distribution, but {} takes {} (expected {})", key.name,
                                name, key.name, key.expected, KindsFor(key)));
    }
    if (integral && (values[0].kind != Value::Kind::kInteger || values[1].kind != Value::Kind::kInteger)) {
      Fail(path, node, fmt::format("{} (expected two integers [low, high])", what));
    }
    const double low = values[0].number, high = values[1].number;
    d = name == "uniform"       ? Distribution::Uniform(low, high)
        : name == "log_uniform" ? Distribution::LogUniform(low, high)
                                : Distribution::Int(values[0].integer, values[1].integer);
    if (!integral) values = {Value::Float(low), Value::Float(high)};  // the endpoints, as floats
  } else {
    Fail(path, t, fmt::format("{} = {{ {} = ... }} (expected {})", key.name, name, expected));
  }
  if (const std::optional<std::string> error = search::DistributionError(d)) {
    Fail(path, node, fmt::format("{}: {}", key.name, *error));
  }
  for (const Value& v : values) {
    if (!Accepts(key, v)) {
      Fail(path, node, fmt::format("{} = {} in {} (expected {})", key.name, ValueText(v), what,
                                   key.expected));
    }
  }
  return d;
}

ConfigValue ConfigValueOf(const search::Value& value) {
  ConfigValue v;
  switch (value.kind) {
    case Value::Kind::kInteger:
      v.kind = ConfigValue::Kind::kInteger;
      v.integer = value.integer;
      v.number = value.number;
      v.text = std::to_string(value.integer);
      break;
    case Value::Kind::kFloat:
      v.kind = ConfigValue::Kind::kFloat;
      v.number = value.number;
      v.text = fmt::format("{}", value.number);  // as the parser writes a float (experiment.cc)
      break;
    case Value::Kind::kString:
      v.kind = ConfigValue::Kind::kString;
      v.text = value.text;
      break;
  }
  return v;
}

search::Value SearchValueOf(const ConfigValue& value) {
  switch (value.kind) {
    case ConfigValue::Kind::kInteger: return Value::Integer(value.integer);
    case ConfigValue::Kind::kFloat: return Value::Float(value.number);
    case ConfigValue::Kind::kString: return Value::String(value.text);
  }
  return Value::String(value.text);
}

}  // namespace mnb
