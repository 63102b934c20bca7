// Run keys across releases: configurations that do not name the training-profile keys (init,
// adam_eps, input_scale) keep the keys the previous release gave them, so databases it wrote go
// on resuming. The keys below were printed by the release before those keys existed (f6212fe).
#include <catch2/catch.hpp>

#include <map>
#include <string>
#include <vector>

#include "harness/config/experiment.h"
#include "harness/plan/plan.h"

using namespace mnb;

namespace {

// experiments/*.toml as shipped then, in plan order.
const std::map<std::string, std::vector<std::string>> kPreviousKeys = {
    {"ci.toml",
      {
         "e8781bfed6328d54", "6f66fd67a6fa1dcd", "b370a26d51455fe4", "4a35b4186d4efdcd",
         "97a32a42a85524c8", "17f56cc87261ec2c", "0fd530ab2272c1e1", "ec3dce90dbb8fd77",
      }},
    {"fashion.toml",
      {
         "d4cfd01c9cd92751", "77cf6a753a699725", "1764497d90a4b6e9", "c6236e8b31b9b5e0",
         "ee85ba573f9dc28d", "5069b6062af5ca3f", "6918c67c45cd0ace", "e94d97df978b5680",
         "691c8fc3a8979978", "3bcf27f919e5e71c",
      }},
    {"kannada.toml",
      {
         "54690de2827ad6b0", "f41a8cb143f7d272", "4aa12dc1e8d565c6", "04e5a6907153e5cb",
         "afb7db623fcf9fa3", "2efd4621cfe83b3e", "17b6e1d1828ee3fa", "aabae35be25abe56",
         "91d7fcb111718d89", "10e713424ddd173e", "288b04ca52d383fc", "af7cbc1dc07113e7",
         "adcdf4ad090c9974", "8597b6a4347d941d", "db7e11e5732744ad",
      }},
    {"lenet-variants.toml",
      {
         "fcb5a7e9a7e6e46f", "04dc55c75e86f92f", "44de37b448239aa6", "f6ba7d09ca00769d",
         "73e8036c070334bb", "db24319c6f386e96", "a9afc335d6b9149e", "14258b0bae289e92",
         "d6ca81ae92a40f3b", "930d6b49ab75a1aa", "a2639a1bf17d6723", "63c88ac423e0eed4",
         "d670bcf61bad7d58", "b81b3abf770e4485", "187ed00556f5a0cc", "ed1fa75c49f45b87",
         "82b29ab4d0bb7510", "0fd00ae177b9ffc5", "bc32fc6ec741d786", "b2966e3ed8c7f73f",
         "76acda6a566c912a", "c13c1419923eeb53", "b29fae1a17652217", "f4f6f1626839bae8",
         "feded17301ca8db5", "5182073fe428012f", "a9ffc970f3179ee9", "6aa12cade11a3678",
         "7c9e3da4a94caeb4", "c926902a33ca911b", "ad8442f7e9998472", "1bdec43dfe82ba2b",
      }},
    {"quickstart.toml",
      {
         "d2e77372af117605", "5cfab9977fc58c60", "9e6986c33202ac4e", "87fcfc232ad2abe4",
      }},
};

// experiments/seeds.toml as shipped then (it now uses the published recipes), and its keys.
const char* kPreviousSeedsToml = R"toml(
# Every MNIST seed model with its published recipe, three seeds each, plus mnistbench's own.
# Where a seed project leaves a hyper-parameter unsaid, the framework default it ran with is
# used (Keras: batch 32, Adam lr 1e-3, SGD lr 0.01). Published test accuracies, for comparison:
#   mlp-seed003 77.52% · cnn5-seed003 97.31% · lenet5 97% · lenet5-conv4-tanh 98.26%
#   lenet5-conv4-tanh-fc2 98.49% · cnn-seed001 98.15% · fcnn-seed004 98% · cnn-seed004 99%
# Long: several hours on 2 CPU cores. Kannada's seed 000 lives in kannada.toml.
name = "seeds"
description = "The seed projects' models with their published hyper-parameters, 3 seeds"

[dataset]
name = "mnist"
val_size = 5000

[grid]
optimizer = "adam"
loss = "ce"
lr = 1e-3
batch_size = 32
epochs = 10
seed = [1, 2, 3]

[[model]]
name = "mlp-seed003"
grid = { optimizer = "sgd", momentum = 0.0, lr = 0.01, loss = "mse", epochs = 30, batch_size = 32 }

[[model]]
name = "cnn5-seed003"
grid = { loss = "mse", epochs = 5, batch_size = 32 }

[[model]]
name = "lenet5"
grid = { epochs = 6, batch_size = 600 }

[[model]]
name = "lenet5-conv4-tanh"
grid = { epochs = 6, batch_size = 600 }

[[model]]
name = "lenet5-conv4-tanh-fc2"
grid = { epochs = 6, batch_size = 600 }

[[model]]
name = "cnn-seed001"
grid = { epochs = 10, batch_size = 32 }

[[model]]
name = "fcnn-seed004"
grid = { epochs = 20, batch_size = 64 }

[[model]]
name = "cnn-seed004"
grid = { epochs = 10, batch_size = 64 }
)toml";
const std::vector<std::string> kPreviousSeedsKeys = {
         "4b7ddb176ad3b06f", "09f4e32b078bd9ab", "f3ea3d3110acb5ac", "f8392a30a03d364c",
         "5a4ac57d876ebd40", "59d00ae33f2691ec", "fcb5a7e9a7e6e46f", "04dc55c75e86f92f",
         "f6f89c323feafe9c", "7740a296188f5f0e", "d576bed0db95a0b7", "a278d68138f89576",
         "acb82b99ddd8169d", "1635459d48d91c9b", "319cdb415164b46a", "36de7b07dc263c3a",
         "29384cbdda399394", "9f3888d65053ca4a", "f721a57b6ca48004", "815f61b90104569d",
         "56f1feb415c0677c", "c52288796cb414b2", "8fcc2a3827254426", "aeecc309688ea7a8",
};

// A runs.config_json row as the previous release wrote it (quickstart.toml's mlp-seed003).
const char* kPreviousConfigJson =
    "{\"augment_shift\":0,\"batch_size\":32,\"dataset\":\"mnist\",\"device\":\"auto\",\"epochs\":2,"
    "\"eval_sets\":[],\"layers\":\"\",\"limit_test\":0,\"limit_train\":0,\"loss\":\"mse\",\"lr\":0.1,"
    "\"lr_schedule\":\"constant\",\"model\":\"mlp-seed003\",\"model_options\":{},\"momentum\":0.9,"
    "\"optimizer\":\"sgd\",\"seed\":1,\"split_seed\":0,\"threads\":0,\"val_size\":5000,"
    "\"weight_decay\":0.0}";
const char* kPreviousConfigKey = "87fcfc232ad2abe4";

std::vector<std::string> KeysOf(const Plan& plan) {
  std::vector<std::string> keys;
  for (const PlannedRun& run : plan.runs) keys.push_back(run.run_key);
  return keys;
}

}  // namespace

TEST_CASE("shipped experiments keep the previous release's run keys", "[plan][config]") {
  for (const auto& [file, keys] : kPreviousKeys) {
    INFO(file);
    const Plan plan = ExpandPlan(LoadExperiment(MNISTBENCH_SOURCE_DIR "/experiments/" + file));
    CHECK(KeysOf(plan) == keys);
  }
  const Plan seeds = ExpandPlan(ParseExperiment(kPreviousSeedsToml, "seeds-before.toml"));
  CHECK(KeysOf(seeds) == kPreviousSeedsKeys);
}

TEST_CASE("a run row written by the previous release reads back to the same run", "[plan]") {
  const RunSpec spec = RunSpecFromJson(kPreviousConfigJson);
  CHECK(spec.init == "torch");
  CHECK(spec.adam_eps == 1e-8);
  CHECK(spec.input_scale == "standardize");
  CHECK(RunSpecToJson(spec) == kPreviousConfigJson);
  CHECK(RunKey(spec) == kPreviousConfigKey);
}

TEST_CASE("a run planned for CUDA, or fast, is another run; CPU keys stay as they were", "[plan]") {
  const RunSpec cpu = RunSpecFromJson(kPreviousConfigJson);
  RunSpec cuda = cpu;
  cuda.device_kind = "cuda";
  RunSpec fast = cuda;
  fast.fast = true;
  CHECK(RunKey(cpu) == kPreviousConfigKey);
  CHECK(RunKey(cuda) != RunKey(cpu));
  CHECK(RunKey(fast) != RunKey(cuda));
  CHECK(VariantKey(cuda) != VariantKey(cpu));  // its own leaderboard row
  // The JSON names the device kind and fast mode only where they differ from the defaults, and
  // reads them back.
  CHECK(RunSpecToJson(cpu).find("device_kind") == std::string::npos);
  const RunSpec back = RunSpecFromJson(RunSpecToJson(fast));
  CHECK(back.device_kind == "cuda");
  CHECK(back.fast);
  CHECK(RunKey(back) == RunKey(fast));

  // PlanForDevice re-keys a whole plan; fast means nothing on the CPU, so it does not fork keys.
  Plan plan = ExpandPlan(ParseExperiment(kPreviousSeedsToml, "seeds-before.toml"));
  PlanForDevice(plan, "cpu", /*fast=*/true);
  CHECK(KeysOf(plan) == kPreviousSeedsKeys);
  PlanForDevice(plan, "cuda", /*fast=*/false);
  CHECK(plan.runs.front().spec.device_kind == "cuda");
  CHECK(plan.runs.front().run_key == RunKey(plan.runs.front().spec));
  CHECK(plan.runs.front().run_key != kPreviousSeedsKeys.front());
}
