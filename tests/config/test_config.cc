// Experiment files: grid expansion, run keys, and FILE:LINE errors for every kind of bad input.
#include <catch2/catch.hpp>

#include <filesystem>

#include "harness/config/experiment.h"
#include "models/recipe.h"
#include "tests/test_support.h"

using namespace mnb;

namespace {

const char* kMinimal = R"toml(
[dataset]
name = "mnist"
[[model]]
name = "lenet5"
)toml";

Plan PlanOf(const std::string& text) { return ExpandPlan(ParseExperiment(text, "exp.toml")); }

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

TEST_CASE("a minimal experiment is one run with the documented defaults", "[config]") {
  const Plan plan = PlanOf(kMinimal);
  REQUIRE(plan.runs.size() == 1);
  CHECK(plan.experiment_name == "exp");
  const RunSpec& s = plan.runs[0].spec;
  CHECK(s.model == "lenet5");
  CHECK(s.optimizer == "adam");
  CHECK(s.lr == 1e-3);
  CHECK(s.batch_size == 64);
  CHECK(s.epochs == 1);
  CHECK(s.val_size == 5000);
  CHECK(plan.runs[0].params == 61706);
}

TEST_CASE("the plan is the cartesian product with per-model overrides in a fixed order",
          "[config]") {
  const Plan plan = PlanOf(R"toml(
name = "grid"
[dataset]
name = "mnist"
[grid]
lr = [1e-3, 3e-4]
seed = [1, 2, 3]
epochs = 2
[[model]]
name = "lenet5"
options = { activation = ["relu", "tanh"] }
[[model]]
name = "my-mlp"
layers = ["flatten", "dense(32)", "relu", "dense(10)"]
grid = { epochs = 5, lr = 0.01 }
)toml");
  // lenet5: 2 activations x 2 lr x 3 seeds; my-mlp: its own single lr x 3 seeds.
  REQUIRE(plan.runs.size() == 12 + 3);
  CHECK(plan.runs[0].spec.model_options.at("activation") == "relu");
  CHECK(plan.runs[0].spec.lr == 1e-3);
  CHECK(plan.runs[0].spec.seed == 1);
  CHECK(plan.runs[1].spec.seed == 2);  // seed varies fastest
  CHECK(plan.runs[3].spec.lr == 3e-4);
  CHECK(plan.runs[6].spec.model_options.at("activation") == "tanh");
  CHECK(plan.runs[12].spec.model == "my-mlp");
  CHECK(plan.runs[12].spec.epochs == 5);
  CHECK(plan.runs[12].spec.lr == 0.01);
  CHECK(plan.runs[12].params == 784 * 32 + 32 + 32 * 10 + 10);
  CHECK(plan.runs[0].spec.epochs == 2);
}

TEST_CASE("duplicate runs collapse and keys ignore how a default is written", "[config]") {
  const Plan plan = PlanOf(R"toml(
[dataset]
name = "mnist"
[[model]]
name = "lenet5"
[[model]]
name = "lenet5"
options = { activation = "relu", conv4 = 0 }
)toml");
  CHECK(plan.runs.size() == 1);
}

TEST_CASE("run keys are stable and change with every defining field", "[plan]") {
  RunSpec a;
  const std::string key = RunKey(a);
  CHECK(key.size() == 16);
  CHECK(RunKey(a) == key);
  RunSpec b = a;
  b.threads = 7;
  b.device = "cuda:1";
  CHECK(RunKey(b) == key);  // execution fields are not identity
  b.model_options["pool1"] = "max";  // the default, made explicit
  CHECK(RunKey(b) == key);
  b.momentum = 0.5;  // Adam ignores momentum
  CHECK(RunKey(b) == key);
  for (int field = 0; field < 8; ++field) {
    RunSpec c = a;
    switch (field) {
      case 0: c.lr = 2e-3; break;
      case 1: c.seed = 2; break;
      case 2: c.batch_size = 32; break;
      case 3: c.model_options["activation"] = "tanh"; break;
      case 4: c.dataset = "fashion-mnist"; break;
      case 5: c.val_size = 0; break;
      case 6: c.eval_sets = {"dig-mnist"}; break;
      case 7: c.lr_schedule = "cosine"; break;
    }
    INFO(field);
    CHECK(RunKey(c) != key);
  }
  RunSpec layers1, layers2;
  layers1.layers = "flatten,dense(10)";
  layers2.layers = " flatten ,\n dense(10) ";
  CHECK(RunKey(layers1) == RunKey(layers2));
}

TEST_CASE("run specs round-trip through JSON exactly", "[plan]") {
  RunSpec s;
  s.model = "lenet5";
  s.model_options = {{"activation", "tanh"}};
  s.lr = 0.1 + 0.2;  // not representable exactly in decimal: must survive bit for bit
  s.eval_sets = {"dig-mnist"};
  s.seed = 18446744073709551615ULL;
  s.threads = 3;
  s.device = "cpu";
  const RunSpec back = RunSpecFromJson(RunSpecToJson(s));
  CHECK(back.lr == s.lr);
  CHECK(back.seed == s.seed);
  CHECK(RunSpecToJson(back) == RunSpecToJson(s));
  CHECK(RunKey(back) == RunKey(s));
}

TEST_CASE("every bad input is FILE:LINE and what was expected", "[config]") {
  ExpectError("[dataset]\nname = \"mnist\"\n[[model]]\nname = \"lenet5\"\nepochs = 3\n", 5,
              "unknown key 'epochs' in [[model]]");
  ExpectError("[dataset]\nname = \"mnist\"\n[grid]\nbatch_szie = 3\n[[model]]\nname = \"lenet5\"\n",
              4, "did you mean 'batch_size'");
  ExpectError("[dataset]\nname = \"mnist\"\n[grid]\nlr = [1e-3, -1.0]\n[[model]]\nname = \"lenet5\"\n",
              4, "lr = -1 (expected a number > 0)");
  ExpectError("[dataset]\nname = \"mnist\"\n[grid]\nbatch_size = 0\n[[model]]\nname = \"lenet5\"\n", 4,
              "batch_size = 0 (expected an integer >= 1)");
  ExpectError("[dataset]\nname = \"mnist\"\n[grid]\nepochs = \"two\"\n[[model]]\nname = \"lenet5\"\n",
              4, "expected an integer >= 1");
  ExpectError("[dataset]\nname = \"mnist\"\n[grid]\nseed = []\n[[model]]\nname = \"lenet5\"\n", 4,
              "empty list");
  ExpectError("[dataset]\nname = \"mnist\"\n[grid]\noptimizer = \"adamw\"\n[[model]]\nname = \"lenet5\"\n",
              4, "expected adam or sgd");
  ExpectError("[dataset]\nname = \"mnist\"\n\n[[model]]\nname = \"lenet6\"\n", 5,
              "unknown model 'lenet6'");
  ExpectError("[dataset]\nname = \"mnist\"\n[[model]]\nname = \"lenet5\"\noptions = { activation = \"gelu\" }\n",
              5, "relu | tanh");
  ExpectError("[dataset]\nname = \"mnist\"\n[[model]]\nname = \"x\"\nlayers = \"flatten, dense(12)\"\n", 5,
              "expected 10 class scores");
  ExpectError("[dataset]\nname = \"mnist2\"\n[[model]]\nname = \"lenet5\"\n", 2,
              "dataset 'mnist2' is unknown");
  ExpectError("[dataset]\nname = \"dig-mnist\"\n[[model]]\nname = \"lenet5\"\n", 2,
              "evaluation only");
  ExpectError("[dataset]\nname = \"mnist\"\neval_sets = [\"nope\"]\n[[model]]\nname = \"lenet5\"\n", 3,
              "unknown eval set 'nope'");
  ExpectError("[dataset]\nname = \"mnist\"\nval_size = -5\n[[model]]\nname = \"lenet5\"\n", 3,
              "val_size = -5");
  ExpectError("[dataset]\nname = \"mnist\"\n", 1, "no [[model]] blocks");
  ExpectError("name = \"x\"\n[[model]]\nname = \"lenet5\"\n", 1, "missing [dataset]");
  ExpectError("[dataset]\nname = \"mnist\"\n[[model]]\nname = \"lenet5\"\n[model.expect]\nmin_test_accuracy = 120\n",
              6, "a percentage in (0, 100]");
  ExpectError("[dataset]\nname = \"mnist\"\n[[model]]\nname = \"lenet5\n", 4, "expected valid TOML");
}

TEST_CASE("every shipped experiment file parses and expands", "[config]") {
  int files = 0;
  for (const auto& entry : std::filesystem::directory_iterator(MNISTBENCH_SOURCE_DIR "/experiments")) {
    if (entry.path().extension() != ".toml") continue;
    INFO(entry.path());
    ++files;
    if (entry.path().filename() == "kannada-kaggle.toml" &&
        !std::filesystem::is_directory(MNISTBENCH_SOURCE_DIR "/data/kannada-kaggle")) {
      // Its Kaggle files never ship: without them the user gets one line naming the folder.
      CHECK_THROWS_WITH(LoadExperiment(entry.path().string()),
                        Catch::Contains("kannada-kaggle.toml:11: [dataset] path '" MNISTBENCH_SOURCE_DIR
                                        "/data/kannada-kaggle' is not a directory"));
      continue;
    }
    const Plan plan = ExpandPlan(LoadExperiment(entry.path().string()));
    CHECK(!plan.runs.empty());
  }
  CHECK(files >= 5);
}

TEST_CASE("training-profile keys sweep in [grid] and a model's grid and name the run", "[config]") {
  const Plan plan = PlanOf(R"toml(
[dataset]
name = "mnist"
[grid]
init = ["torch", "keras"]
input_scale = "unit"
[[model]]
name = "lenet5"
grid = { adam_eps = 1e-7 }
)toml");
  REQUIRE(plan.runs.size() == 2);
  CHECK(plan.runs[0].spec.init == "torch");
  CHECK(plan.runs[1].spec.init == "keras");
  for (const PlannedRun& run : plan.runs) {
    CHECK(run.spec.input_scale == "unit");
    CHECK(run.spec.adam_eps == 1e-7);
    const std::string json = RunSpecToJson(run.spec);
    CHECK_THAT(json, Catch::Contains("\"input_scale\":\"unit\""));
    CHECK_THAT(json, Catch::Contains("\"adam_eps\":1e-07"));
    const RunSpec back = RunSpecFromJson(json);
    CHECK(back.init == run.spec.init);
    CHECK(back.adam_eps == run.spec.adam_eps);
    CHECK(back.input_scale == run.spec.input_scale);
    CHECK(RunKey(back) == run.run_key);
  }
  CHECK_THAT(RunSpecToJson(plan.runs[1].spec), Catch::Contains("\"init\":\"keras\""));
  CHECK(plan.runs[0].run_key != plan.runs[1].run_key);
}

TEST_CASE("profile keys at their defaults leave a run's key and JSON as they were", "[plan]") {
  RunSpec a;
  RunSpec b = a;
  b.init = "torch";
  b.adam_eps = 1e-8;
  b.input_scale = "standardize";
  CHECK(RunKey(b) == RunKey(a));
  CHECK(RunSpecToJson(a).find("init") == std::string::npos);
  CHECK(RunSpecToJson(a).find("adam_eps") == std::string::npos);
  CHECK(RunSpecToJson(a).find("input_scale") == std::string::npos);
  for (int field = 0; field < 3; ++field) {
    RunSpec c = a;
    if (field == 0) c.init = "keras";
    if (field == 1) c.adam_eps = 1e-7;
    if (field == 2) c.input_scale = "unit";
    INFO(field);
    CHECK(RunKey(c) != RunKey(a));
  }
  RunSpec sgd = a;
  sgd.optimizer = "sgd";
  RunSpec sgd_eps = sgd;
  sgd_eps.adam_eps = 1e-7;  // SGD ignores Adam's epsilon
  CHECK(RunKey(sgd_eps) == RunKey(sgd));
}

TEST_CASE("recipe = published takes the zoo's recipe over [grid]; explicit keys win", "[config]") {
  const Plan plan = PlanOf(R"toml(
[dataset]
name = "mnist"
val_size = 5000
[grid]
optimizer = "sgd"
lr = 0.5
lr_schedule = "cosine"
seed = [1, 2]
[[model]]
name = "cnn5-seed003"
recipe = "published"
[[model]]
name = "cnn-seed004"
recipe = "published"
grid = { epochs = 3, init = "keras" }
[[model]]
name = "fcnn-seed004"
recipe = "published"
dataset = { name = "mnist", val_size = 1000 }
)toml");
  REQUIRE(plan.runs.size() == 6);
  const ZooRecipe& cnn5 = *PublishedRecipe("cnn5-seed003");
  const RunSpec& a = plan.runs[0].spec;
  CHECK(a.model == "cnn5-seed003");
  CHECK(a.optimizer == cnn5.optimizer);
  CHECK(a.loss == cnn5.loss);
  CHECK(a.lr == cnn5.lr);
  CHECK(a.lr_schedule == "constant");
  CHECK(a.batch_size == cnn5.batch_size);
  CHECK(a.epochs == cnn5.epochs);
  CHECK(a.init == cnn5.init);
  CHECK(a.adam_eps == cnn5.adam_eps);
  CHECK(a.input_scale == cnn5.input_scale);
  CHECK(a.val_size == cnn5.val_size);
  CHECK(a.seed == 1);  // seeds still come from the grid
  CHECK(plan.runs[1].spec.seed == 2);
  const RunSpec& b = plan.runs[2].spec;
  CHECK(b.model == "cnn-seed004");
  CHECK(b.epochs == 3);        // the model's grid wins ...
  CHECK(b.init == "keras");
  CHECK(b.val_size == 12000);  // ... over what it does not name, which is the recipe's
  CHECK(b.batch_size == PublishedRecipe("cnn-seed004")->batch_size);
  const RunSpec& c = plan.runs[4].spec;
  CHECK(c.val_size == 1000);   // its own dataset table names val_size: that wins
  CHECK(c.epochs == 20);
}

TEST_CASE("bad profile keys and recipes are FILE:LINE and what was expected", "[config]") {
  ExpectError("[dataset]\nname = \"mnist\"\n[grid]\ninit = \"he\"\n[[model]]\nname = \"lenet5\"\n",
              4, "init = \"he\" (expected torch or keras)");
  ExpectError("[dataset]\nname = \"mnist\"\n[[model]]\nname = \"lenet5\"\n"
              "grid = { input_scale = \"minmax\" }\n",
              5, "input_scale = \"minmax\" (expected standardize or unit)");
  ExpectError("[dataset]\nname = \"mnist\"\n[grid]\nadam_eps = 0\n[[model]]\nname = \"lenet5\"\n",
              4, "adam_eps = 0 (expected a number > 0)");
  ExpectError("[dataset]\nname = \"mnist\"\n[grid]\nadam_eps = [1e-8, -1e-7]\n[[model]]\nname = \"lenet5\"\n",
              4, "adam_eps = -1e-07 (expected a number > 0)");
  ExpectError("[dataset]\nname = \"mnist\"\n[[model]]\nname = \"mine\"\n"
              "layers = \"flatten, dense(10)\"\nrecipe = \"published\"\n",
              6, "model 'mine' has no published recipe (it is an inline layer list");
  ExpectError("[dataset]\nname = \"mnist\"\n[[model]]\nname = \"mnb-vgg\"\nrecipe = \"published\"\n",
              5, "model 'mnb-vgg' has no published recipe");
  ExpectError("[dataset]\nname = \"mnist\"\n[[model]]\nname = \"lenet5\"\nrecipe = \"keras\"\n", 5,
              "unknown recipe 'keras' (expected \"published\")");
  ExpectError("[dataset]\nname = \"mnist\"\n[[model]]\nname = \"lenet5\"\nrecipe = 1\n", 5,
              "recipe is a integer (expected \"published\")");
}

TEST_CASE("expect min_test_accuracy = \"published\" takes the seed project's figure", "[config]") {
  const Experiment ex = ParseExperiment(
      "[dataset]\nname = \"mnist\"\n[[model]]\nname = \"cnn5-seed003\"\nrecipe = \"published\"\n"
      "expect = { min_test_accuracy = \"published\" }\n[[model]]\nname = \"lenet5\"\n"
      "expect = { min_test_accuracy = 97.5 }\n",
      "exp.toml");
  REQUIRE(ex.models.size() == 2);
  CHECK(*ex.models[0].expect.min_test_accuracy == PublishedRecipe("cnn5-seed003")->published_accuracy);
  CHECK(ex.models[0].expect.min_test_accuracy_is_published);
  CHECK(*ex.models[1].expect.min_test_accuracy == 97.5);
  CHECK_FALSE(ex.models[1].expect.min_test_accuracy_is_published);

  ExpectError("[dataset]\nname = \"mnist\"\n[[model]]\nname = \"mnb-vgg\"\n"
              "expect = { min_test_accuracy = \"published\" }\n",
              5, "model 'mnb-vgg' has no published figure (expected a seed model, or a percentage)");
  ExpectError("[dataset]\nname = \"fashion-mnist\"\n[[model]]\nname = \"lenet5\"\n"
              "expect = { min_test_accuracy = \"published\" }\n",
              5, "lenet5's figure is for mnist, this model trains on fashion-mnist");
  ExpectError("[dataset]\nname = \"mnist\"\n[[model]]\nname = \"lenet5\"\n"
              "expect = { min_test_accuracy = \"best\" }\n",
              5, "min_test_accuracy = \"best\" (expected a percentage in (0, 100] or \"published\")");
}
