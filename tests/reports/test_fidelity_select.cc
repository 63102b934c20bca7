// Fidelity rows (reports/data/fidelity_select.h) on hand-made ReportData: which variants meet a
// published figure, in what order, their deviations, summaries and verdicts.
#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "harness/plan/plan.h"
#include "harness/plan/recipe.h"
#include "models/recipe.h"
#include "reports/data/fidelity_select.h"

using namespace mnb;
using Catch::Matchers::WithinAbs;

namespace {

// A variant of a seed model trained on its published recipe, with `change` applied after.
template <typename Change>
VariantRow Seeded(const std::string& experiment, const std::string& model, const Change& change) {
  RunSpec spec;
  spec.model = model;
  const ZooRecipe* recipe = PublishedRecipe(model);
  REQUIRE(recipe != nullptr);
  ApplyRecipe(*recipe, {}, spec);
  spec.dataset = recipe->dataset;
  change(spec);
  VariantRow v;
  v.experiment = experiment;
  v.model = model;
  v.dataset = spec.dataset;
  v.variant_config = RunSpecToJson(spec);
  return v;
}
VariantRow Seeded(const std::string& experiment, const std::string& model) {
  return Seeded(experiment, model, [](RunSpec&) {});
}

void AddRun(ReportData& data, size_t variant, const std::string& status,
            std::optional<double> test_accuracy) {
  RunSummaryRow r;
  r.run_id = static_cast<int64_t>(data.runs.size() + 1);
  r.status = status;
  r.test_accuracy = test_accuracy;
  data.runs.push_back(r);
  data.variant_of_run.push_back(variant);
}

// e1's rows come first in the leaderboard, but e0 was created first.
ReportData Zoo() {
  ReportData data;
  data.experiments = {"e0", "e1"};
  data.leaderboard = {
      Seeded("e1", "cnn5-seed003", [](RunSpec& s) { s.lr = 0.01; }),  // 0: an ablation
      Seeded("e1", "cnn5-seed003"),                                    // 1: the recipe
      Seeded("e1", "mlp-seed003"),                                     // 2
      VariantRow{},                                                    // 3: mnb-vgg, no recipe
      Seeded("e1", "cnn5-seed003", [](RunSpec& s) { s.dataset = "fashion-mnist"; }),  // 4
      Seeded("e1", "cnn5-seed003"),                                    // 5: a layer list
      Seeded("e0", "cnn5-seed003"),                                    // 6
      Seeded("e0", "mlp-seed003")};                                    // 7: no runs
  data.leaderboard[3].experiment = "e1";
  data.leaderboard[3].model = "mnb-vgg";
  data.leaderboard[3].dataset = "mnist";
  data.leaderboard[5].layers = "flatten, dense(10)";
  AddRun(data, 0, "completed", 0.95);
  for (double a : {0.97, 0.975, 0.98}) AddRun(data, 1, "completed", a);
  AddRun(data, 1, "failed", 0.999);            // not completed: not counted
  AddRun(data, 1, "completed", std::nullopt);  // no accuracy: not counted
  AddRun(data, 2, "completed", 0.70);
  AddRun(data, 2, "completed", 0.71);
  for (size_t v : {size_t{3}, size_t{4}, size_t{5}}) AddRun(data, v, "completed", 0.99);
  AddRun(data, 6, "completed", 0.96);
  AddRun(data, 6, "completed", 0.975);
  return data;
}

}  // namespace

TEST_CASE("fidelity select: seed models on their dataset, by experiment and recipe order",
          "[reports][fidelity]") {
  ReportData data = Zoo();
  SelectFidelity(data);
  std::vector<size_t> variants;
  for (const FidelityRow& row : data.fidelity) variants.push_back(row.variant);
  // e0 first; mlp-seed003 before cnn5-seed003 (the zoo's order); the recipe before its ablation.
  CHECK(variants == std::vector<size_t>{7, 6, 2, 1, 0});
  REQUIRE(data.fidelity.size() == 5);
  CHECK(data.fidelity[0].experiment == "e0");
  CHECK(data.fidelity[4].experiment == "e1");
  CHECK(data.fidelity[1].source == "seed 003 (Keras)");
  CHECK(data.fidelity[1].published == 97.31);
  CHECK(data.fidelity[0].published == 77.52);
  CHECK(data.fidelity[3].recipe_deviations.empty());
  CHECK(data.fidelity[4].recipe_deviations == std::vector<std::string>{"lr=0.01"});
}

TEST_CASE("fidelity select: our seeds summarised and judged against the figure",
          "[reports][fidelity]") {
  ReportData data = Zoo();
  SelectFidelity(data);
  REQUIRE(data.fidelity.size() == 5);
  const auto row = [&](size_t variant) {
    for (const FidelityRow& r : data.fidelity) {
      if (r.variant == variant) return r;
    }
    FAIL("no row for variant " << variant);
    return FidelityRow{};
  };
  CHECK_FALSE(row(7).ours.has_value());  // no runs: nothing to judge
  CHECK_FALSE(row(7).verdict.has_value());

  const FidelityRow recipe = row(1);
  REQUIRE(recipe.ours.has_value());
  CHECK(recipe.ours->n == 3);  // completed runs with an accuracy only
  CHECK_THAT(recipe.ours->mean, WithinAbs(0.975, 1e-12));
  CHECK(recipe.verdict == stats::FidelityVerdict::kAtOrAbove);

  REQUIRE(row(0).ours.has_value());
  CHECK(row(0).ours->n == 1);
  CHECK(row(0).verdict == stats::FidelityVerdict::kOneSeed);

  CHECK_THAT(row(2).ours->mean, WithinAbs(0.705, 1e-12));
  CHECK(row(2).verdict == stats::FidelityVerdict::kBelow);  // 77.52 above the whole interval

  const FidelityRow noisy = row(6);
  REQUIRE(noisy.ours.has_value());
  REQUIRE(noisy.ours->ci.has_value());
  CHECK(noisy.ours->ci->high == 1.0);  // clipped to a fraction
  CHECK(noisy.ours->ci->low >= 0.0);
  CHECK(noisy.verdict == stats::FidelityVerdict::kWithinNoise);
}

TEST_CASE("fidelity select: published percentages as the nearest fraction", "[reports][fidelity]") {
  CHECK(PublishedFraction(97.31) == 0.9731);
  CHECK(PublishedFraction(77.52) == 0.7752);
  CHECK(PublishedFraction(99.0) == 0.99);
  CHECK(PublishedFraction(98.49) == 0.9849);
  CHECK(PublishedFraction(100.0) == 1.0);
  ReportData none;
  SelectFidelity(none);
  CHECK(none.fidelity.empty());
}
