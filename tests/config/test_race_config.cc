// [race] in an experiment file (harness/config/race_config.h) and the plan it makes: the race
// owns the seeds; every problem is one line naming the file's line.
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <set>
#include <string>

#include "harness/config/experiment.h"
#include "harness/config/race_config.h"
#include "harness/plan/plan.h"

using namespace mnb;

namespace {

std::string File(const std::string& race, const std::string& grid = "lr = [1e-3, 3e-3]") {
  return "[dataset]\nname = \"mnist\"\nlimit_train = 1000\n[grid]\n" + grid + "\n" + race +
         "\n[[model]]\nname = \"lenet5\"\n";
}

}  // namespace

TEST_CASE("race config: the plan holds min_seeds seeds per variant from the grid's seed",
          "[config][race]") {
  const Experiment ex = ParseExperiment(File("[race]\nmin_seeds = 3\nmax_seeds = 10"), "r.toml");
  CHECK(ex.race.min_seeds == 3);
  CHECK(ex.race.max_seeds == 10);
  CHECK(ex.race.alpha == 0.05);
  CHECK(ex.race.tie_within == 0.01);  // one point, the leaderboard's "≈ best" effect
  CHECK(ex.race_line == 6);
  const Plan plan = ExpandPlan(ex);
  REQUIRE(plan.runs.size() == 6);  // 2 lrs x 3 seeds
  std::set<uint64_t> seeds;
  std::set<std::string> variants;
  for (const PlannedRun& run : plan.runs) {
    seeds.insert(run.spec.seed);
    variants.insert(VariantKey(run.spec));
    CHECK(run.spec.race.active());
    CHECK(run.spec.race.first_seed == 1);
  }
  CHECK(seeds == std::set<uint64_t>{1, 2, 3});
  CHECK(variants.size() == 2);
  // The race's settings travel with each run, and leave its key alone.
  const RunSpec back = RunSpecFromJson(RunSpecToJson(plan.runs[0].spec));
  CHECK(back.race.min_seeds == 3);
  CHECK(back.race.max_seeds == 10);
  CHECK(back.race.first_seed == 1);
  CHECK(back.race.tie_within == 0.01);
  // A race recorded before ties existed has no tie_within: it is read as one that never ties.
  nlohmann::json old = nlohmann::json::parse(RunSpecToJson(plan.runs[0].spec));
  old["race"].erase("tie_within");
  CHECK(RunSpecFromJson(old.dump()).race.tie_within == 0.0);
  CHECK(RunSpecFromJson(old.dump()).race.max_seeds == 10);
  RunSpec plain = plan.runs[0].spec;
  plain.race = RaceSettings{};
  CHECK(RunKey(plain) == plan.runs[0].run_key);

  // One seed in the grid is where the race starts.
  const Plan from7 = ExpandPlan(
      ParseExperiment(File("[race]\nmin_seeds = 2\nmax_seeds = 4\nalpha = 0.1\ntie_within = 0", "seed = 7"), "r.toml"));
  REQUIRE(from7.runs.size() == 2);
  CHECK(from7.runs[0].spec.seed == 7);
  CHECK(from7.runs[1].spec.seed == 8);
  CHECK(from7.runs[0].spec.race.first_seed == 7);
  CHECK(from7.runs[0].spec.race.alpha == 0.1);
  CHECK(from7.runs[0].spec.race.tie_within == 0);
}

TEST_CASE("race config: each bad [race] is one line naming its line", "[config][race]") {
  auto error = [](const std::string& text) {
    try {
      ExpandPlan(ParseExperiment(text, "r.toml"));
    } catch (const ConfigError& e) {
      return std::string(e.what());
    }
    return std::string("no error");
  };
  CHECK(error(File("[race]\nmin_seeds = 1\nmax_seeds = 5")) ==
        "r.toml:7: [race] min_seeds is not an integer in [2, 100] (expected e.g. min_seeds = 3)");
  CHECK(error(File("[race]\nmin_seeds = 3\nmax_seeds = 101")) ==
        "r.toml:8: [race] max_seeds is not an integer in [2, 100] (expected e.g. max_seeds = 10)");
  CHECK(error(File("[race]\nmin_seeds = 4\nmax_seeds = 3")) ==
        "r.toml:8: [race] max_seeds = 3 is below min_seeds = 4 (expected max_seeds >= min_seeds)");
  CHECK(error(File("[race]\nmax_seeds = 3")) ==
        "r.toml:6: [race] needs min_seeds (expected e.g. min_seeds = 3 and max_seeds = 10)");
  CHECK(error(File("[race]\nmin_seeds = 2\nmax_seeds = 3\nalpha = 0.7")) ==
        "r.toml:9: [race] alpha is not a number in (0, 0.5) (expected e.g. alpha = 0.05)");
  CHECK(error(File("[race]\nmin_seeds = 2\nmax_seeds = 3\ntie_within = -1")) ==
        "r.toml:9: [race] tie_within is not a number of accuracy points in [0, 10] (expected "
        "e.g. tie_within = 1.0, or 0 for no ties)");
  CHECK(error(File("[race]\nmin_seeds = 2\nmax_seeds = 3\nrounds = 2")) ==
        "r.toml:9: unknown key 'rounds' in [race] (expected min_seeds, max_seeds, alpha, "
        "tie_within)");
  CHECK(error(File("[race]\nmin_seeds = 2\nmax_seeds = 3", "seed = [1, 2]")) ==
        "r.toml:6: [race] chooses the seeds, but model 'lenet5' has 2 seeds in its grid "
        "(expected one seed in the grid, the first the race uses, or none for 1)");
  CHECK(error(File("[race]\nmin_seeds = 2\nmax_seeds = 3", "lr = 1e-3\n[dataset.x]")) != "no error");
  const std::string no_val =
      "[dataset]\nname = \"mnist\"\nval_size = 0\n[race]\nmin_seeds = 2\nmax_seeds = 3\n"
      "[[model]]\nname = \"lenet5\"\n";
  CHECK(error(no_val) == "r.toml:4: [race] judges val_accuracy, but model 'lenet5' has no "
                         "validation split (expected val_size > 0 in [dataset], the model's "
                         "dataset or its recipe)");
}
