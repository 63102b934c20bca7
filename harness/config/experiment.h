// Experiment files: TOML in, a validated Experiment and its Plan out.
//
// Contract: LoadExperiment parses and validates the whole file before anything runs. Every
// problem (TOML syntax, unknown key, wrong type, empty list, unknown model/option/dataset/
// optimizer/loss, bad range, a layer list that does not fit) throws ConfigError whose message is
// one line `FILE:LINE: what is wrong (expected ...)`. ExpandPlan (expand_plan.cc) turns an
// Experiment into the cartesian product of its grid, or a search's trials (search_plan.h) each
// with every seed, per model, in a fixed order (models in file order, then zoo
// options, then optimizer, loss, lr, lr_schedule, momentum, weight_decay, batch_size, epochs,
// augment_shift, init, adam_eps, input_scale, seed), with duplicates (same run key) collapsed.
// A model with `recipe = "published"` takes its zoo recipe (harness/plan/recipe.h) over the
// experiment's [grid] and [dataset] val_size; keys in its own grid (or val_size in its own
// dataset table) still win.
//
// Format (every grid value and zoo option may be a scalar or a non-empty list):
//   name = "quickstart"            # optional; default: the file's stem
//   description = "..."
//   [dataset]
//   name = "mnist"                 # mnist | fashion-mnist | kannada-mnist
//   val_size = 5000                # split_seed = 0, eval_sets = ["dig-mnist"],
//                                  # limit_train = 0, limit_test = 0
//   path = "DIR"                   # ... or your own files: format, train, test, eval
//                                  # (custom_dataset.h)
//   [grid]
//   optimizer = "adam"             # adam | sgd
//   loss = "ce"                    # ce | mse
//   lr = [1e-3, 3e-4]              # lr_schedule = "constant" | "cosine"
//   batch_size = 64                # epochs, seed, weight_decay, momentum, augment_shift
//   init = "torch"                 # torch | keras (glorot_uniform weights, zero biases)
//   adam_eps = 1e-8                # Adam's epsilon, > 0
//   input_scale = "standardize"    # standardize (train mean/std) | unit (pixel / 255)
//   [search]                       # optional (search_config.h): method = "grid" | "random" |
//   method = "random"              # "sobol", trials = N per [[model]] block, seed = S; then a
//   trials = 20                    # [grid] or model grid value may be a distribution:
//   seed = 0                       # lr = { log_uniform = [1e-4, 1e-1] }, epochs = { int = [2, 8] }
//   [race]                         # optional (race_config.h): min_seeds = 3, max_seeds = 10,
//                                  # alpha = 0.05; then the grid's one seed is the first
//   [[model]]
//   name = "lenet5"                # a zoo model ...
//   options = { activation = ["relu", "tanh"], conv4 = [0, 50] }
//   grid = { epochs = 6, batch_size = 600 }     # overrides [grid] for this model
//   expect = { min_test_accuracy = 97.0 }       # for `mnistbench check`; or "published"
//   dataset = "kannada-mnist"                   # or a table like [dataset]: this model's data
//   recipe = "published"                        # the seed project's own recipe (zoo)
//   [[model]]
//   name = "my-mlp"                # ... or any name with an inline layer list
//   layers = "flatten, dense(128), relu, dense(10)"
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
Experiment LoadExperiment(const std::string& path);
Experiment ParseExperiment(std::string_view toml_text, const std::string& path_for_messages);
// Every run of the experiment, in plan order (grid product, or trials x seeds per model block);
// ConfigError, before any run is built, when it would exceed `max_runs` (kMaxPlannedRuns).
Plan ExpandPlan(const Experiment& experiment, int64_t max_runs = kMaxPlannedRuns);

}  // namespace mnb

#endif  // MNISTBENCH_HARNESS_CONFIG_EXPERIMENT_H_
