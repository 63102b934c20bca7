#include "harness/plan/recipe.h"

#include <fmt/format.h>

namespace mnb {

namespace {

std::string ModelsWithRecipes() {
  std::string names;
  for (const ZooRecipe& r : PublishedRecipes()) names += (names.empty() ? "" : ", ") + r.model;
  return names;
}

}  // namespace

const std::vector<std::string>& RecipeKeys() {
  static const std::vector<std::string> keys = {
      "optimizer", "loss",      "lr",       "lr_schedule", "momentum",    "weight_decay",
      "batch_size", "epochs",   "augment_shift", "init",   "adam_eps",    "input_scale",
      "val_size"};
  return keys;
}

const ZooRecipe& FindRecipe(const std::string& recipe_name, const std::string& model,
                            const std::string& layers) {
  if (recipe_name != "published") {
    throw RecipeError(fmt::format("unknown recipe '{}' (expected \"published\")", recipe_name));
  }
  const ZooRecipe* recipe = layers.empty() ? PublishedRecipe(model) : nullptr;
  if (recipe == nullptr) {
    throw RecipeError(fmt::format(
        "model '{}' has no published recipe ({}; expected one of the seed models: {})", model,
        layers.empty() ? "it is not a seed project's model" : "it is an inline layer list",
        ModelsWithRecipes()));
  }
  return *recipe;
}

void ApplyRecipe(const ZooRecipe& recipe, const std::set<std::string>& keep, RunSpec& spec) {
  auto set = [&](const char* key, auto& field, const auto& value) {
    if (keep.count(key) == 0) field = value;
  };
  set("optimizer", spec.optimizer, recipe.optimizer);
  set("loss", spec.loss, recipe.loss);
  set("lr", spec.lr, recipe.lr);
  set("lr_schedule", spec.lr_schedule, recipe.lr_schedule);
  set("momentum", spec.momentum, recipe.momentum);
  set("weight_decay", spec.weight_decay, recipe.weight_decay);
  set("batch_size", spec.batch_size, recipe.batch_size);
  set("epochs", spec.epochs, recipe.epochs);
  set("augment_shift", spec.augment_shift, recipe.augment_shift);
  set("init", spec.init, recipe.init);
  set("adam_eps", spec.adam_eps, recipe.adam_eps);
  set("input_scale", spec.input_scale, recipe.input_scale);
  set("val_size", spec.val_size, recipe.val_size);
}

std::vector<std::string> RecipeDeviations(const ZooRecipe& recipe, const RunSpec& spec) {
  // The recipe applied to a copy of the run shows each recipe key's published value; comparing
  // field by field (in RecipeKeys() order) names exactly the keys the run changed.
  RunSpec published = spec;
  ApplyRecipe(recipe, {}, published);
  std::vector<std::string> out;
  auto compare = [&](const char* key, const auto& ours, const auto& theirs) {
    if (!(ours == theirs)) out.push_back(fmt::format("{}={}", key, ours));
  };
  compare("optimizer", spec.optimizer, published.optimizer);
  compare("loss", spec.loss, published.loss);
  compare("lr", spec.lr, published.lr);
  compare("lr_schedule", spec.lr_schedule, published.lr_schedule);
  if (spec.optimizer == "sgd") compare("momentum", spec.momentum, published.momentum);
  compare("weight_decay", spec.weight_decay, published.weight_decay);
  compare("batch_size", spec.batch_size, published.batch_size);
  compare("epochs", spec.epochs, published.epochs);
  compare("augment_shift", spec.augment_shift, published.augment_shift);
  compare("init", spec.init, published.init);
  // Epsilon is Adam's; an SGD recipe leaves whatever value the run carries unused.
  if (spec.optimizer == "adam") compare("adam_eps", spec.adam_eps, published.adam_eps);
  compare("input_scale", spec.input_scale, published.input_scale);
  compare("val_size", spec.val_size, published.val_size);
  compare("dataset", spec.dataset, recipe.dataset);
  compare("limit_train", spec.limit_train, int64_t{0});
  compare("limit_test", spec.limit_test, int64_t{0});
  if (!spec.layers.empty()) out.push_back("layers=" + spec.layers);
  for (const auto& [key, value] : spec.model_options) out.push_back(key + "=" + value);
  return out;
}

}  // namespace mnb
