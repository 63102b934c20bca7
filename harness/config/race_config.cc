#include "harness/config/race_config.h"

#include <fmt/format.h>

#include <optional>

#include "harness/config/experiment.h"

namespace mnb {
namespace {

int LineOf(const toml::node& node) { return static_cast<int>(node.source().begin.line); }

[[noreturn]] void Fail(const std::string& path, int line, const std::string& what) {
  throw ConfigError(fmt::format("{}:{}: {}", path, line, what));
}

int64_t SeedCount(const toml::node& node, const char* key, int64_t min, const std::string& path) {
  const std::optional<int64_t> v = node.is_integer() ? node.value<int64_t>() : std::nullopt;
  if (!v || *v < min || *v > kMaxRaceSeeds) {
    Fail(path, LineOf(node), fmt::format("[race] {} is not an integer in [{}, {}] (expected e.g. "
                                         "{} = {})", key, min, kMaxRaceSeeds, key,
                                         std::string(key) == "min_seeds" ? 3 : 10));
  }
  return *v;
}

}  // namespace

RaceConfig ParseRaceTable(const toml::table& t, const std::string& path) {
  RaceConfig race;
  race.line = LineOf(t);
  RaceSettings& s = race.settings;
  for (auto&& [key, node] : t) {
    const std::string k(key.str());
    if (k == "min_seeds") {
      s.min_seeds = SeedCount(node, "min_seeds", 2, path);
    } else if (k == "max_seeds") {
      s.max_seeds = SeedCount(node, "max_seeds", 2, path);
    } else if (k == "alpha") {
      const std::optional<double> v = node.is_number() ? node.value<double>() : std::nullopt;
      if (!v || !(*v > 0 && *v < 0.5)) {
        Fail(path, LineOf(node), "[race] alpha is not a number in (0, 0.5) (expected e.g. "
                                 "alpha = 0.05)");
      }
      s.alpha = *v;
    } else if (k == "tie_within") {
      const std::optional<double> v = node.is_number() ? node.value<double>() : std::nullopt;
      if (!v || !(*v >= 0 && *v <= 10)) {
        Fail(path, LineOf(node), "[race] tie_within is not a number of accuracy points in "
                                 "[0, 10] (expected e.g. tie_within = 1.0, or 0 for no ties)");
      }
      s.tie_within = *v / 100;
    } else {
      Fail(path, static_cast<int>(key.source().begin.line),
           fmt::format("unknown key '{}' in [race] (expected min_seeds, max_seeds, alpha, "
                       "tie_within)", k));
    }
  }
  if (s.min_seeds == 0 || s.max_seeds == 0) {
    Fail(path, race.line, fmt::format("[race] needs {} (expected e.g. min_seeds = 3 and "
                                      "max_seeds = 10)",
                                      s.min_seeds == 0 ? "min_seeds" : "max_seeds"));
  }
  if (s.max_seeds < s.min_seeds) {
    Fail(path, LineOf(*t.get("max_seeds")),
         fmt::format("[race] max_seeds = {} is below min_seeds = {} (expected max_seeds >= "
                     "min_seeds)", s.max_seeds, s.min_seeds));
  }
  return race;
}

}  // namespace mnb
