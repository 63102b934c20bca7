#include "reports/fidelity.h"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <cmath>
#include <tuple>
#include <map>

#include <nlohmann/json.hpp>

#include "harness/plan/plan.h"
#include "harness/plan/recipe.h"
#include "models/recipe.h"
#include "reports/text_format.h"

namespace mnb {

const char* const kFidelityNote =
    "Published: the test accuracy the seed project reports. Ours: the mean over completed seeds "
    "with its 95% Student-t confidence interval. Verdict: at or above (our mean reaches the "
    "published figure), within noise (below it, but the figure lies inside our interval), below "
    "(the interval lies below it). Recipe: published when the runs trained exactly the project's "
    "recipe, else what they changed.";

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

// 97.31 -> 0.9731, the double nearest that decimal (published figures have two decimals at most),
// so the CSV writes it as published rather than as 97.31 / 100 = 0.9731000000000001.
double PublishedFraction(double percent) { return std::round(percent * 100.0) / 10000.0; }

std::vector<double> CompletedTestAccuracies(const ReportData& data, size_t variant) {
  std::vector<double> values;
  for (size_t i = 0; i < data.runs.size(); ++i) {
    const RunSummaryRow& run = data.runs[i];
    if (data.variant_of_run[i] == variant && run.completed() && run.test_accuracy) {
      values.push_back(*run.test_accuracy);
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

std::string Deviations(const FidelityRow& row) {
  return row.recipe_deviations.empty() ? "published"
                                       : fmt::format("{}", fmt::join(row.recipe_deviations, " "));
}

}  // namespace

void SelectFidelity(ReportData& data) {
  std::map<std::string, size_t> experiment_order;
  for (size_t i = 0; i < data.experiments.size(); ++i) experiment_order[data.experiments[i]] = i;
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
    row.ours = stats::SummarizeAccuracies(CompletedTestAccuracies(data, v));
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

TextTable FidelityTable(const ReportData& data) {
  TextTable t;
  t.header = {"experiment", "variant", "source", "recipe", "published %",
              "ours %: mean [95% CI]", "n", "\xCE\x94 pp", "verdict"};
  t.right = {false, false, false, false, true, true, true, true, false};
  for (const FidelityRow& row : data.fidelity) {
    std::string ours = kMissing, n = "0", delta = kMissing, verdict = "no completed run";
    if (row.ours) {
      ours = Percent(row.ours->mean);
      if (row.ours->ci) {
        ours += fmt::format(" [{}, {}]", Percent(row.ours->ci->low), Percent(row.ours->ci->high));
      }
      n = fmt::format("{}", row.ours->n);
      delta = fmt::format("{:+.2f}", 100.0 * row.ours->mean - row.published);
      verdict = stats::FidelityVerdictText(*row.verdict);
    }
    t.rows.push_back({row.experiment, data.leaderboard[row.variant].label, row.source,
                      Deviations(row), fmt::format("{:.2f}", row.published), ours, n, delta,
                      verdict});
  }
  return t;
}

std::string FidelityCsv(const ReportData& data) {
  std::string out;
  AppendCsvRecord(&out, {"experiment", "variant", "model", "dataset", "source", "recipe",
                         "published_accuracy", "n", "test_accuracy_mean", "test_accuracy_std",
                         "ci_low", "ci_high", "difference", "verdict"});
  for (const FidelityRow& row : data.fidelity) {
    const VariantRow& v = data.leaderboard[row.variant];
    std::vector<std::string> record = {row.experiment, v.label, v.model, v.dataset, row.source,
                                       Deviations(row), Exact(PublishedFraction(row.published))};
    if (row.ours) {
      const stats::Summary& s = *row.ours;
      record.insert(record.end(),
                    {fmt::format("{}", s.n), Exact(s.mean), s.n >= 2 ? Exact(s.std_dev) : "",
                     s.ci ? Exact(s.ci->low) : "", s.ci ? Exact(s.ci->high) : "",
                     Exact(s.mean - PublishedFraction(row.published)),
                     stats::FidelityVerdictText(*row.verdict)});
    } else {
      record.insert(record.end(), {"0", "", "", "", "", "", ""});
    }
    AppendCsvRecord(&out, record);
  }
  return out;
}

}  // namespace mnb
