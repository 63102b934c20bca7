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

}  // namespace mnb
