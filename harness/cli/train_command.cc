// `mnistbench train`: one run, printed epoch by epoch; no store involved. This file parses and
// validates; the training and its output are the torch side's (torch_commands.cc).
#include <fmt/format.h>

#include <algorithm>
#include <filesystem>
#include <set>

#include "harness/base/error.h"
#include "harness/cli/command.h"
#include "harness/cli/torch_side.h"
#include "harness/data/custom_data.h"
#include "harness/data/registry.h"
#include "harness/plan/plan.h"
#include "harness/plan/recipe.h"
#include "harness/plan/run_spec.h"
#include "models/layer_spec.h"

namespace mnb {

namespace {

// `train --data-path DIR --format csv --train F --test F --eval NAME=F`: your own files.
struct OwnDataFlags {
  std::string dir, format = "csv", train, test;
  std::vector<std::string> evals;
};

CustomDataFile OwnFile(const OwnDataFlags& flags, const std::string& flag,
                       const std::string& role, const std::string& value) {
  if (value.empty()) {
    throw BadInput(fmt::format("--{}: missing (expected FILE.csv or IMAGES,LABELS with "
                               "--data-path)", flag));
  }
  const size_t comma = value.find(',');
  if (comma != std::string::npos) {
    return {role, "idx", value.substr(0, comma), value.substr(comma + 1), ""};
  }
  if (flags.format != "csv") {
    throw BadInput(fmt::format("--{} {}: --format idx needs IMAGES,LABELS", flag, value));
  }
  return {role, "csv", value, "", ""};
}

CustomData ResolveOwnData(const OwnDataFlags& flags, const std::string& name) {
  if (flags.dir.empty()) throw BadInput("--train/--test: your own files need --data-path DIR");
  if (FindDataset(name) != nullptr) {
    throw BadInput(fmt::format("--dataset {} with --data-path: that name is a built-in "
                               "dataset's (expected a name for your own data)", name));
  }
  std::error_code error;
  if (!std::filesystem::is_directory(flags.dir, error)) {
    throw BadInput(fmt::format("--data-path {}: not a directory", flags.dir));
  }
  CustomData data;
  data.dir = std::filesystem::absolute(flags.dir).lexically_normal().string();
  data.files.push_back(OwnFile(flags, "train", "train", flags.train));
  data.files.push_back(OwnFile(flags, "test", "test", flags.test));
  for (const std::string& eval : flags.evals) {
    const size_t eq = eval.find('=');
    if (eq == std::string::npos || eq == 0) {
      throw BadInput(fmt::format("--eval '{}': expected NAME=FILE", eval));
    }
    data.files.push_back(OwnFile(flags, "eval", eval.substr(0, eq), eval.substr(eq + 1)));
  }
  ChecksumCustomData(&data);  // a missing file is one line naming it
  return data;
}

}  // namespace

void AddTrainCommand(CLI::App& app, CommandAction* action, const TorchSide& torch) {
  auto* cmd = app.add_subcommand("train", "Train one model on one dataset and print its metrics");
  auto spec = std::make_shared<RunSpec>();
  auto data_dir = std::make_shared<std::string>();
  auto options = std::make_shared<std::vector<std::string>>();
  auto json = std::make_shared<bool>(false);
  auto checkpoint_dir = std::make_shared<std::string>();
  auto recipe = std::make_shared<std::string>();
  auto dry_run = std::make_shared<bool>(false);

  cmd->add_option("--model", spec->model, "zoo model (see `mnistbench models`)")
      ->capture_default_str();
  cmd->add_option("--layers", spec->layers,
                  "inline layer list instead of a zoo model, e.g. \"flatten, dense(128), relu, "
                  "dense(10)\"");
  cmd->add_option("-O,--option", *options, "zoo model option KEY=VALUE (repeatable)");
  cmd->add_option("--dataset", spec->dataset, "mnist | fashion-mnist | kannada-mnist")
      ->capture_default_str();
  cmd->add_option("--data-dir", *data_dir, "data directory (default: $MNISTBENCH_DATA, else ./data)");
  auto own = std::make_shared<OwnDataFlags>();
  cmd->add_option("--data-path", own->dir,
                  "your own dataset's directory instead of --dataset's (with --train, --test)");
  cmd->add_option("--format", own->format, "your files' format: csv (Kaggle layout) | idx")
      ->check(CLI::IsMember({"csv", "idx"}));
  cmd->add_option("--train", own->train, "with --data-path: FILE.csv, or IMAGES,LABELS (IDX)");
  cmd->add_option("--test", own->test, "with --data-path: FILE.csv, or IMAGES,LABELS (IDX)");
  cmd->add_option("--eval", own->evals, "with --data-path: NAME=FILE.csv or NAME=IMAGES,LABELS");
  cmd->add_option("--epochs", spec->epochs)->check(CLI::PositiveNumber)->capture_default_str();
  cmd->add_option("--batch-size", spec->batch_size)->check(CLI::PositiveNumber)->capture_default_str();
  cmd->add_option("--lr", spec->lr)->check(CLI::PositiveNumber)->capture_default_str();
  cmd->add_option("--lr-schedule", spec->lr_schedule, "constant | cosine")
      ->check(CLI::IsMember({"constant", "cosine"}))
      ->capture_default_str();
  cmd->add_option("--optimizer", spec->optimizer)
      ->check(CLI::IsMember({"adam", "sgd"}))
      ->capture_default_str();
  cmd->add_option("--momentum", spec->momentum, "SGD momentum")
      ->check(CLI::Range(0.0, 0.999999))
      ->capture_default_str();
  cmd->add_option("--weight-decay", spec->weight_decay)->check(CLI::NonNegativeNumber)
      ->capture_default_str();
  cmd->add_option("--loss", spec->loss, "ce (cross-entropy) | mse (on one-hot targets)")
      ->check(CLI::IsMember({"ce", "mse"}))
      ->capture_default_str();
  cmd->add_option("--init", spec->init, "torch (layer defaults) | keras (glorot_uniform, zero bias)")
      ->check(CLI::IsMember({"torch", "keras"}))
      ->capture_default_str();
  cmd->add_option("--adam-eps", spec->adam_eps, "Adam's epsilon (Keras: 1e-7)")
      ->check(CLI::Validator(
          [](std::string& text) {
            try {
              if (std::stod(text) > 0) return std::string();
            } catch (const std::exception&) {
            }
            return "'" + text + "' (expected a number > 0)";
          },
          "NUMBER > 0"))
      ->capture_default_str();
  cmd->add_option("--input-scale", spec->input_scale,
                  "standardize (train mean/std) | unit (pixel / 255)")
      ->check(CLI::IsMember({"standardize", "unit"}))
      ->capture_default_str();
  cmd->add_option("--recipe", *recipe,
                  "published: the seed model's own recipe (see `mnistbench models`); flags given "
                  "explicitly still win");
  cmd->add_option("--seed", spec->seed)->capture_default_str();
  cmd->add_option("--val-size", spec->val_size, "stratified hold-out of train; 0 = none")
      ->check(CLI::NonNegativeNumber)
      ->capture_default_str();
  cmd->add_option("--split-seed", spec->split_seed, "seed of the hold-out")->capture_default_str();
  cmd->add_option("--limit-train", spec->limit_train, "train on a stratified subset of N; 0 = all")
      ->check(CLI::NonNegativeNumber);
  cmd->add_option("--limit-test", spec->limit_test, "evaluate on a stratified subset of N; 0 = all")
      ->check(CLI::NonNegativeNumber);
  cmd->add_option("--augment-shift", spec->augment_shift, "random shifts of up to N pixels")
      ->check(CLI::Range(0, 8));
  cmd->add_option("--eval-on", spec->eval_sets, "extra evaluation set(s), e.g. dig-mnist");
  cmd->add_option("--threads", spec->threads, "intra-op threads (default: all cores)")
      ->check(CLI::NonNegativeNumber);
  cmd->add_option("--device", spec->device, "auto | cpu | cuda | cuda:N")->capture_default_str();
  cmd->add_flag("--fast", spec->fast,
                "CUDA: cuDNN benchmark and TF32 on, determinism off (not bit-reproducible)");
  cmd->add_option("--checkpoint-dir", *checkpoint_dir,
                  "save per-epoch checkpoints and the final model.pt here");
  cmd->add_flag("--json", *json, "print the final metrics as one JSON object on the last line");
  cmd->add_flag("--dry-run", *dry_run, "print the resolved run and exit; load and train nothing");

  cmd->callback([=] {
    *action = [=] {
      RunSpec run = *spec;
      for (const std::string& kv : *options) {
        const size_t eq = kv.find('=');
        if (eq == std::string::npos || eq == 0) {
          throw BadInput(
              fmt::format("--option '{}': expected KEY=VALUE, e.g. activation=tanh", kv));
        }
        run.model_options[kv.substr(0, eq)] = kv.substr(eq + 1);
      }
      if (!run.layers.empty()) {
        if (run.model == RunSpec().model) run.model = "custom";
      }
      if (!recipe->empty()) {
        try {
          const ZooRecipe& published = FindRecipe(*recipe, run.model, run.layers);
          std::set<std::string> given;  // flags on the command line win over the recipe
          for (const std::string& key : RecipeKeys()) {
            std::string flag = "--" + key;
            std::replace(flag.begin(), flag.end(), '_', '-');
            if (cmd->count(flag) > 0) given.insert(key);
          }
          ApplyRecipe(published, given, run);
        } catch (const RecipeError& e) {
          throw BadInput(fmt::format("--recipe: {}", e.what()));
        }
      }
      if (!own->dir.empty() || !own->train.empty() || !own->test.empty()) {
        if (cmd->count("--dataset") == 0) run.dataset = "custom";
        run.custom_data = ResolveOwnData(*own, run.dataset);
      }
      for (const std::string& name : run.eval_sets) {
        if (FindDataset(name) == nullptr) {
          throw BadInput(fmt::format("--eval-on '{}': unknown dataset", name));
        }
      }
      // Validate the model before loading any data: a typo should cost nothing.
      const ModelCost cost = CostOf(ParseLayerList(ModelLayersText(run)));
      if (*dry_run) {
        fmt::print("train {} on {}: {} params, {} {} lr {:g} batch {} epochs {} seed {} {}\n",
                   run.model, run.dataset, cost.params, run.optimizer, run.loss, run.lr,
                   run.batch_size, run.epochs, run.seed, TrainingProfileText(run));
        fmt::print("run key {} (dry run: nothing loaded or trained)\n", RunKey(run));
        return kExitOk;
      }
      return torch.train({run, ResolveDataDir(*data_dir), *checkpoint_dir, *json});
    };
  });
}

}  // namespace mnb
