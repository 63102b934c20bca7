#include "reports/data/fidelity_select.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <tuple>

#include <nlohmann/json.hpp>

#include "harness/plan/plan.h"
#include "harness/plan/recipe.h"
#include "models/recipe.h"

namespace mnb {

namespace {

// A variant's configuration as a RunSpec: variant_config is a run's config without its seed.
RunSpec VariantSpec(const VariantRow& v) {
  nlohmann::json config = nlohmann::json::parse(v.variant_config);
  config["seed"] = 0;
  return RunSpecFromJson(config.dump());
}

// "seed 003 (Keras): SGD, ..." -> "seed 003 (Keras)": the project, not its whole recipe text.
std::string ProjectName(const ZooRecipe& recipe) {
  return recipe.source.substr(0, recipe.source.find(':'));
}

// Each variant's completed runs' test accuracies, by leaderboard index, in one pass over the runs
// (a pass per variant was quadratic: 5,000 variants x 100,000 runs).
std::vector<std::vector<double>> CompletedTestAccuracies(const ReportData& data) {
  std::vector<std::vector<double>> values(data.leaderboard.size());
  for (size_t i = 0; i < data.runs.size(); ++i) {
    const RunSummaryRow& run = data.runs[i];
    if (run.completed() && run.test_accuracy) {
      values[data.variant_of_run[i]].push_back(*run.test_accuracy);
    }
  }
  return values;
}

size_t RecipeOrder(const std::string& model) {
  const auto& recipes = PublishedRecipes();
  for (size_t i = 0; i < recipes.size(); ++i) {
    if (recipes[i].model == model) return i;
  }
  return recipes.size();
}

}  // namespace

void SelectFidelity(ReportData& data) {
  std::map<std::string, size_t> experiment_order;
  for (size_t i = 0; i < data.experiments.size(); ++i) experiment_order[data.experiments[i]] = i;
  const std::vector<std::vector<double>> accuracies = CompletedTestAccuracies(data);
  for (size_t v = 0; v < data.leaderboard.size(); ++v) {
    const VariantRow& variant = data.leaderboard[v];
    const ZooRecipe* recipe = variant.layers.empty() ? PublishedRecipe(variant.model) : nullptr;
    if (recipe == nullptr || variant.dataset != recipe->dataset) continue;
    FidelityRow row;
    row.experiment = variant.experiment;
    row.variant = v;
    row.source = ProjectName(*recipe);
    row.published = recipe->published_accuracy;
    row.recipe_deviations = RecipeDeviations(*recipe, VariantSpec(variant));
    row.ours = stats::SummarizeAccuracies(accuracies[v]);
    if (row.ours) row.verdict = stats::JudgeFidelity(PublishedFraction(row.published), *row.ours);
    data.fidelity.push_back(std::move(row));
  }
  // The leaderboard is by experiment and rank already; a stable sort keeps rank within ties.
  std::stable_sort(data.fidelity.begin(), data.fidelity.end(),
                   [&](const FidelityRow& a, const FidelityRow& b) {
                     const auto key = [&](const FidelityRow& r) {
                       return std::make_tuple(experiment_order[r.experiment],
                                              RecipeOrder(data.leaderboard[r.variant].model),
                                              !r.recipe_deviations.empty());
                     };
                     return key(a) < key(b);
                   });
}

double PublishedFraction(double percent) { return std::round(percent * 100.0) / 10000.0; }

}  // namespace mnb
