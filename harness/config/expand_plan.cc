// ExpandPlan (experiment.h): an Experiment's model blocks into runs, by grid or by search.
#include <fmt/format.h>

#include <algorithm>
#include <set>

#include "harness/config/experiment.h"
#include "harness/config/grid_keys.h"
#include "harness/config/search_plan.h"
#include "harness/plan/recipe.h"
#include "harness/search/space_json.h"
#include "models/layer_spec.h"
#include "models/zoo.h"

namespace mnb {
namespace {

using Axes = std::vector<PlanAxis>;

// Appends to `out` every combination of the axes' listed values (in order, the last varying
// fastest). Distributions are for searches only, which replace them by one value per trial.
void Product(const Axes& axes, size_t at, const RunSpec& spec, std::vector<RunSpec>& out) {
  if (at == axes.size()) {
    out.push_back(spec);
    return;
  }
  for (const ConfigValue& v : axes[at].values) {
    RunSpec next = spec;
    ApplyAxis(next, axes[at].name, v);
    Product(axes, at + 1, next, out);
  }
}

// A block's axes in plan order: zoo options, then each grid key from the model's own grid,
// else from the experiment's [grid] unless the block's recipe sets that key.
Axes BlockAxes(const Experiment& experiment, const ModelBlock& model, const ZooRecipe* recipe) {
  Axes axes;
  for (const auto& [name, values] : model.options) axes.push_back({"option:" + name, values, {}});
  const std::vector<std::string>& recipe_keys = RecipeKeys();
  for (const GridKey& key : GridKeys()) {
    const bool from_recipe =
        recipe != nullptr &&
        std::find(recipe_keys.begin(), recipe_keys.end(), key.name) != recipe_keys.end();
    // A recipe's value beats the experiment's [grid]; the model's own grid beats both.
    for (const auto* source : {&model, static_cast<const ModelBlock*>(nullptr)}) {
      if (source == nullptr && from_recipe) break;
      const Grid& grid = source ? source->grid : experiment.grid;
      const GridDistributions& dists = source ? source->distributions : experiment.distributions;
      if (auto list = grid.find(key.name); list != grid.end()) {
        axes.push_back({key.name, list->second, {}});
        break;
      }
      if (auto dist = dists.find(key.name); dist != dists.end()) {
        axes.push_back({key.name, {}, dist->second.distribution});
        break;
      }
    }
  }
  return axes;
}

// The number of combinations of the axes' listed values, saturating above `limit`.
int64_t ProductSize(const Axes& axes, int64_t limit) {
  int64_t count = 1;
  for (const PlanAxis& axis : axes) {
    if (axis.values.empty()) continue;  // a distribution: one value per trial
    const auto n = static_cast<int64_t>(axis.values.size());
    if (count > limit / n) return limit + 1;
    count *= n;
  }
  return count;
}

// Throws before a block materialises more runs than the plan may still hold.
void CheckBudget(const Experiment& experiment, const ModelBlock& model, int64_t more,
                 int64_t budget, int64_t max_runs) {
  if (more <= budget) return;
  throw ConfigError(fmt::format(
      "{}:{}: model '{}' makes the plan larger than {} runs (expected at most {} runs per "
      "experiment file: fewer grid values or trials, or several files)",
      experiment.path, model.line, model.name, max_runs, max_runs));
}

// The runs of one block with their trial numbers: every combination under a grid (trial -1);
// under a search, each sampled trial with every seed. At most `budget` runs, else ConfigError.
std::vector<std::pair<int64_t, RunSpec>> BlockSpecs(const Experiment& experiment, size_t block,
                                                    const Axes& axes, const RunSpec& base,
                                                    int64_t budget, int64_t max_runs) {
  const SearchSettings& search = experiment.search;
  const ModelBlock& model = experiment.models[block];
  std::vector<std::pair<int64_t, RunSpec>> out;
  if (!search.sampled()) {
    CheckBudget(experiment, model, ProductSize(axes, budget), budget, max_runs);
    std::vector<RunSpec> specs;
    Product(axes, 0, base, specs);
    for (RunSpec& s : specs) out.push_back({-1, std::move(s)});
    return out;
  }
  CheckBudget(experiment, model, search.trials, budget, max_runs);
  for (const SampledTrial& trial : SampleTrials(search, axes)) {
    Axes fixed = axes;
    for (PlanAxis& axis : fixed) {
      for (const auto& [name, value] : trial.values) {
        if (name == axis.name) axis = {name, {value}, {}};
      }
    }
    RunSpec trial_base = base;
    if (search.method == "tpe") {
      // What a worker needs to propose this block's later trials (harness/run/tpe_proposer.h).
      trial_base.search_trial = {"tpe", search.seed, search.trials, static_cast<int64_t>(block),
                                 trial.trial, search::SpaceToJson(SearchSpaceOf(axes)),
                                 search::ParamsToJson(trial.params)};
    }
    const int64_t left = budget - static_cast<int64_t>(out.size());
    CheckBudget(experiment, model, ProductSize(fixed, left), left, max_runs);
    std::vector<RunSpec> specs;
    Product(fixed, 0, trial_base, specs);
    for (RunSpec& s : specs) out.push_back({trial.trial, std::move(s)});
  }
  return out;
}

// Under [race] the race owns the seeds: the block's one seed (the grid's, else the default) is
// the first, and the plan holds the first min_seeds of them; the race adds the rest while it runs.
void RaceSeeds(const Experiment& experiment, const ModelBlock& model, Axes& axes, RunSpec& spec) {
  auto seed =
      std::find_if(axes.begin(), axes.end(), [](const PlanAxis& a) { return a.name == "seed"; });
  if (seed != axes.end() && (seed->distribution || seed->values.size() != 1)) {
    throw ConfigError(fmt::format(
        "{}:{}: [race] chooses the seeds, but model '{}' has {} (expected one seed in the grid, "
        "the first the race uses, or none for 1)",
        experiment.path, experiment.race_line, model.name,
        seed->distribution ? "a seed distribution"
                           : fmt::format("{} seeds in its grid", seed->values.size())));
  }
  spec.race = experiment.race;
  spec.race.first_seed =
      seed != axes.end() ? static_cast<uint64_t>(seed->values[0].integer) : spec.seed;
  PlanAxis seeds{"seed", {}, {}};
  for (int64_t i = 0; i < spec.race.min_seeds; ++i) {
    const int64_t value = static_cast<int64_t>(spec.race.first_seed) + i;
    seeds.values.push_back({ConfigValue::Kind::kInteger, value, static_cast<double>(value),
                            std::to_string(value)});
  }
  if (seed != axes.end()) {
    *seed = seeds;
  } else {
    axes.push_back(seeds);  // seed is the last grid key (grid_keys.h)
  }
}

}  // namespace

Plan ExpandPlan(const Experiment& experiment, int64_t max_runs) {
  Plan plan;
  plan.experiment_name = experiment.name;
  std::set<std::string> seen;
  for (size_t block = 0; block < experiment.models.size(); ++block) {
    const ModelBlock& model = experiment.models[block];
    const ZooRecipe* recipe =
        model.recipe.empty() ? nullptr : &FindRecipe(model.recipe, model.name, model.layers);
    RunSpec spec = model.dataset ? *model.dataset : experiment.base;
    if (recipe != nullptr) {
      // The model's own grid axes are applied over the recipe below. val_size is no grid key:
      // the recipe's beats the experiment's [dataset], but not the model's own dataset table.
      ApplyRecipe(*recipe, model.dataset_sets_val_size ? std::set<std::string>{"val_size"}
                                                       : std::set<std::string>{},
                  spec);
    }
    spec.model = model.name;
    spec.layers = model.layers;
    spec.prune = experiment.search.prune;
    Axes axes = BlockAxes(experiment, model, recipe);
    if (experiment.race.active()) RaceSeeds(experiment, model, axes, spec);
    const int64_t budget = max_runs - static_cast<int64_t>(plan.runs.size());
    for (const auto& [trial, s] : BlockSpecs(experiment, block, axes, spec, budget, max_runs)) {
      if (s.prune.active() && s.val_size == 0) {
        // Pruners judge validation metrics: the test set must never steer training.
        throw ConfigError(fmt::format(
            "{}:{}: [search] prune = \"{}\" judges {}, but model '{}' has no validation split "
            "(expected val_size > 0 in [dataset], the model's dataset or its recipe)",
            experiment.path, experiment.search.line, s.prune.rule, s.prune.metric, s.model));
      }
      if (s.race.active() && s.val_size == 0) {
        // A race steers which variants get more seeds: by validation, never the test set.
        throw ConfigError(fmt::format(
            "{}:{}: [race] judges val_accuracy, but model '{}' has no validation split (expected "
            "val_size > 0 in [dataset], the model's dataset or its recipe)",
            experiment.path, experiment.race_line, s.model));
      }
      const std::string key = RunKey(s);
      // The same configuration twice (a repeated grid value, two trials that drew the same
      // choices) is one run.
      if (!seen.insert(key).second) continue;
      plan.runs.push_back({s, key, CostOf(ParseLayerList(ModelLayersText(s))).params, block, trial});
    }
  }
  return plan;
}

}  // namespace mnb
