// Experiment files: TOML in, a validated Experiment and its Plan out.
//
// Contract: the whole file is parsed and validated before anything runs; every problem (TOML
// syntax, unknown key, wrong type, empty list, unknown model/option/dataset/optimizer/loss, bad
// range, a layer list that does not fit) throws ConfigError, one line `FILE:LINE: what is wrong
// (expected ...)`. Format, plan order and `recipe = "published"`: docs/sweeps.md "Experiment
// files".
#ifndef MNISTBENCH_HARNESS_CONFIG_EXPERIMENT_H_
#define MNISTBENCH_HARNESS_CONFIG_EXPERIMENT_H_

#include <cstdint>
#include <map>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "harness/base/error.h"
#include "harness/config/search_settings.h"
#include "harness/plan/plan.h"

namespace mnb {

class ConfigError : public Error {
 public:
  explicit ConfigError(const std::string& message) : Error(ErrorKind::kBadInput, message) {}
  std::string UserLine() const override { return what(); }  // FILE:LINE: first
};

// One grid or option value as written in the file.
struct ConfigValue {
  enum class Kind { kInteger, kFloat, kString } kind = Kind::kString;
  int64_t integer = 0;
  double number = 0.0;  // also set for integers
  std::string text;     // also set for every kind: the canonical text of the value
};

using Grid = std::map<std::string, std::vector<ConfigValue>>;

struct Expectation {
  std::optional<double> min_test_accuracy;  // percent
  bool min_test_accuracy_is_published = false;  // "published": the seed project's figure
  std::optional<double> max_test_loss;
  std::optional<double> max_seconds_per_epoch;
  int line = 0;
};

struct ModelBlock {
  std::string name;
  std::string layers;  // inline layer list; empty for a zoo model
  std::map<std::string, std::vector<ConfigValue>> options;
  Grid grid;  // overrides of the experiment's grid
  GridDistributions distributions;  // ... written as distributions (searches only)
  std::optional<RunSpec> dataset;  // this model's own [dataset] (name or table), if any
  bool dataset_sets_val_size = false;  // its own dataset table names val_size
  std::string recipe;                  // "published" or empty
  Expectation expect;
  int line = 0;
};

struct Experiment {
  std::string name, description;
  std::string path, text;  // the file as read, kept in the store with its runs
  RunSpec base;            // dataset fields; grid fields hold the defaults
  Grid grid;
  GridDistributions distributions;  // [grid] keys written as distributions (searches only)
  SearchSettings search;            // [search]; method "grid" when absent
  RaceSettings race;                // [race] (race_config.h); inactive when absent
  int race_line = 0;
  std::vector<ModelBlock> models;
};

// The largest experiment file LoadExperiment reads (docs/testing.md "Input limits").
constexpr size_t kMaxExperimentBytes = size_t{1} << 20;
// Reads and validates the experiment file at `path`; ConfigError on any problem.
Experiment LoadExperiment(const std::string& path);
// As LoadExperiment, on text already read; messages name `path_for_messages`.
Experiment ParseExperiment(std::string_view toml_text, const std::string& path_for_messages);
// Every run (expand_plan.cc) in plan order, duplicate run keys collapsed; ConfigError, before any
// run is built, when it would exceed `max_runs` (kMaxPlannedRuns).
Plan ExpandPlan(const Experiment& experiment, int64_t max_runs = kMaxPlannedRuns);

}  // namespace mnb

#endif  // MNISTBENCH_HARNESS_CONFIG_EXPERIMENT_H_
