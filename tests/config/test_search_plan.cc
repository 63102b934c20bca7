// [search] in an experiment file: random and Sobol trials fixed when planned, distributions in
// [grid] and a model's grid, and one FILE:LINE line for every kind of bad search input.
#include <catch2/catch.hpp>

#include <fstream>
#include <set>
#include <string>

#include "harness/config/experiment.h"
#include "harness/config/search_plan.h"
#include "harness/search/random_sampler.h"
#include "harness/search/sobol_sampler.h"
#include "tests/cli_runner.h"
#include "tests/scratch_dir.h"

using namespace mnb;
using namespace mnb::testing;

namespace {

const std::string kSearch = R"toml(name = "search"
[dataset]
name = "mnist"
val_size = 500
[search]
method = "random"
trials = 6
seed = 7
[grid]
lr = { log_uniform = [1e-4, 1e-1] }
batch_size = [32, 64, 128]
epochs = { int = [1, 3] }
seed = [1, 2]
[[model]]
name = "lenet5"
[[model]]
name = "mlp-seed003"
grid = { batch_size = 256 }
)toml";

std::string With(const std::string& from, const std::string& to) {
  std::string text = kSearch;
  const size_t at = text.find(from);
  REQUIRE(at != std::string::npos);
  return text.replace(at, from.size(), to);
}

Plan PlanOf(const std::string& text) { return ExpandPlan(ParseExperiment(text, "exp.toml")); }

std::vector<std::string> KeysOf(const Plan& plan) {
  std::vector<std::string> keys;
  for (const PlannedRun& run : plan.runs) keys.push_back(run.run_key);
  return keys;
}

// The lenet5 block's space, in plan order: lr, batch_size (a list is a choice), epochs.
search::SearchSpace LenetSpace() {
  using search::Distribution;
  using search::Value;
  return {{"lr", Distribution::LogUniform(1e-4, 1e-1)},
          {"batch_size", Distribution::Choice({Value::Integer(32), Value::Integer(64),
                                               Value::Integer(128)})},
          {"epochs", Distribution::Int(1, 3)}};
}

void CheckTrialsAre(const Plan& plan, const std::string& method) {
  const search::SearchSpace space = LenetSpace();
  int lenet = 0;
  for (const PlannedRun& run : plan.runs) {
    if (run.spec.model != "lenet5") continue;
    ++lenet;
    REQUIRE(run.trial >= 0);
    const auto trial = static_cast<uint64_t>(run.trial);
    const search::Params want = method == "sobol" ? search::SobolTrial(space, 7, trial)
                                                  : search::RandomTrial(space, 7, trial);
    INFO("trial " << trial);
    CHECK(run.spec.lr == want[0].number);
    CHECK(run.spec.batch_size == want[1].integer);
    CHECK(run.spec.epochs == want[2].integer);
  }
  CHECK(lenet == 12);  // 6 trials x 2 seeds
}

void ExpectError(const std::string& text, int line, const std::string& fragment) {
  INFO(text);
  try {
    ParseExperiment(text, "exp.toml");
    FAIL("no error");
  } catch (const ConfigError& e) {
    const std::string message = e.what();
    CHECK_THAT(message, Catch::StartsWith("exp.toml:" + std::to_string(line) + ": "));
    CHECK_THAT(message, Catch::Contains(fragment));
    CHECK(message.find('\n') == std::string::npos);
  }
}

}  // namespace

TEST_CASE("a random search plans each trial once per seed, from the search seed alone",
          "[search][config]") {
  const Plan plan = PlanOf(kSearch);
  REQUIRE(plan.runs.size() == 24);  // 2 blocks x 6 trials x 2 seeds, no two alike
  CheckTrialsAre(plan, "random");
  CHECK(KeysOf(PlanOf(kSearch)) == KeysOf(plan));  // the same file, the same runs
  std::set<int64_t> seeds;
  for (const PlannedRun& run : plan.runs) {
    CHECK(run.spec.lr >= 1e-4);
    CHECK(run.spec.lr <= 1e-1);
    if (run.spec.model == "mlp-seed003") CHECK(run.spec.batch_size == 256);  // its own grid wins
    seeds.insert(static_cast<int64_t>(run.spec.seed));
  }
  CHECK(seeds == std::set<int64_t>{1, 2});
  // Another search seed, other trials.
  const std::vector<std::string> other = KeysOf(PlanOf(With("seed = 7", "seed = 8")));
  CHECK(other.size() == plan.runs.size());
  CHECK(other != KeysOf(plan));
  // Appending trials keeps the earlier ones: a sweep grown from 6 to 9 trials resumes.
  const Plan more = PlanOf(With("trials = 6", "trials = 9"));
  std::set<std::string> grown;
  for (const std::string& key : KeysOf(more)) grown.insert(key);
  for (const std::string& key : KeysOf(plan)) CHECK(grown.count(key) == 1);
}

TEST_CASE("a Sobol search plans the scrambled Sobol points", "[search][config]") {
  const Plan plan = PlanOf(With("\"random\"", "\"sobol\""));
  REQUIRE(plan.runs.size() == 24);
  CheckTrialsAre(plan, "sobol");
  CHECK(KeysOf(plan) != KeysOf(PlanOf(kSearch)));
}

TEST_CASE("a TPE search plans its ten random start-up trials and leaves the rest to TPE",
          "[search][config]") {
  std::string text = With("\"random\"", "\"tpe\"");
  text.replace(text.find("trials = 6"), 10, "trials = 14");
  const Plan plan = PlanOf(text);
  REQUIRE(plan.runs.size() == 40);  // 2 blocks x 10 trials x 2 seeds
  CheckTrialsAre(PlanOf(With("\"random\"", "\"tpe\"")), "random");  // 6 trials: all start-up
  for (const PlannedRun& run : plan.runs) {
    CHECK(run.spec.search_trial.tpe());
    CHECK(run.spec.search_trial.trials == 14);
    CHECK(run.spec.search_trial.trial == run.trial);
    CHECK(run.spec.search_trial.block == static_cast<int64_t>(run.block));
  }
  // The trial is bookkeeping, not identity: the run key is the random search's.
  const Plan random = PlanOf(kSearch);
  CHECK(random.runs[0].run_key == PlanOf(With("\"random\"", "\"tpe\"")).runs[0].run_key);
}

TEST_CASE("a search that draws the same configuration twice runs it once", "[search][config]") {
  // lenet5: a choice of two batch sizes is the only dimension, so six trials draw at most two
  // configurations; mlp-seed003 fixes its batch size, leaving no dimension at all.
  const Plan plan = PlanOf(With("lr = { log_uniform = [1e-4, 1e-1] }\nbatch_size = [32, 64, 128]\n"
                                "epochs = { int = [1, 3] }",
                                "lr = 0.001\nbatch_size = [32, 64]\nepochs = 1"));
  std::set<std::string> keys;
  int mlp = 0;
  for (const PlannedRun& run : plan.runs) {
    CHECK(keys.insert(run.run_key).second);
    if (run.spec.model == "mlp-seed003") ++mlp;
  }
  CHECK(mlp == 2);  // one configuration, two seeds
  CHECK(plan.runs.size() <= 6);
}

TEST_CASE("bad search input is one line naming the file's line", "[search][config]") {
  ExpectError(With("trials = 6", "trials = 0"), 7, "[search] trials is not an integer >= 1");
  ExpectError(With("trials = 6\n", ""), 5, "[search] method = \"random\" needs trials");
  ExpectError(With("method = \"random\"", "method = \"hyperband\""), 6, "[search] method = \"hyperband\" (expected \"grid\", \"random\", \"sobol\" or \"tpe\")");
  ExpectError(With("method = \"random\"\ntrials = 6", "method = \"grid\"\ntrials = 6"), 7,
              "[search] trials applies to random, sobol and tpe search");
  ExpectError(With("[search]\nmethod = \"random\"\ntrials = 6\nseed = 7\n", ""), 8,
              "epochs is a distribution, which only a search samples");
  ExpectError(With("seed = 7", "seed = 7\nprun = \"asha\""), 9, "unknown key 'prun' in [search]");
  ExpectError(With("[1e-4, 1e-1]", "[0, 1e-1]"), 10, "lr: log_uniform needs bounds > 0");
  ExpectError(With("[1e-4, 1e-1]", "[1e-1, 1e-4]"), 10, "lr: log_uniform");
  ExpectError(With("int = [1, 3]", "int = [3, 1]"), 12, "epochs: int range is empty");
  ExpectError(With("int = [1, 3]", "uniform = [1, 3]"), 12,
              "epochs is a uniform distribution, but epochs takes an integer >= 1 (expected int or choice)");
  ExpectError(With("int = [1, 3]", "int = [1.5, 3]"), 12, "(expected two integers [low, high])");
  ExpectError(With("int = [1, 3]", "int = [0, 3]"), 12, "epochs = 0 in epochs = { int = ... } (expected an integer >= 1)");
  ExpectError(With("int = [1, 3]", "int = [1, 3], choice = [1]"), 12, "epochs is a table of 2 keys");
  ExpectError(With("log_uniform = [1e-4, 1e-1]", "normal = [0, 1]"), 10, "lr = { normal = ... }");
  ExpectError(With("seed = [1, 2]", "seed = { int = [1, 2] }"), 13, "seed cannot be a distribution");
  ExpectError(With("[[model]]\nname = \"lenet5\"", "[[model]]\nname = \"lenet5\"\ngrid = { optimizer = { uniform = [0, 1] } }"),
              16, "optimizer is a uniform distribution, but optimizer takes");
}

TEST_CASE("run --dry-run shows each trial with its sampled values", "[search][cli][torch]") {
  ScratchDir dir("search-dry");
  const std::string file = dir.file("search.toml");
  std::ofstream(file) << kSearch;
  const CliResult r = RunCli("run --device cpu '" + file + "' --dry-run");
  INFO(r.out << r.err);
  CHECK(r.exit_code == 0);
  CHECK_THAT(r.out, Catch::Contains("trial 5 "));
  CHECK_THAT(r.out, Catch::Contains("random search, seed 7: 6 trial(s) per [[model]] block"));
  CHECK_THAT(r.out, Catch::Contains("24 run(s) in experiment 'search'"));
}
