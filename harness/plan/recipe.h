// Recipes applied to runs: what `recipe = "published"` (and `train --recipe published`) means.
//
// Contract: FindRecipe(recipe_name, model, layers) returns the zoo recipe a run asks for, or
// throws RecipeError saying what was expected: "published" is the only recipe name, and only
// zoo models that have one (the seed models, models/recipe.h) accept it; an inline layer list
// never does. ApplyRecipe writes every training-profile value of the recipe into a RunSpec
// except the keys in `keep` (keys the user gave explicitly, named as grid keys), which win.
// Precedence is therefore: explicit key > recipe > experiment-wide [grid]/[dataset] > default.
// RecipeDeviations lists how a run's configuration differs from its model's published recipe
// ("init=torch", "adam_eps=1e-08"; empty: the run trained exactly that recipe): every recipe
// key, the dataset, limit_train/limit_test and zoo options (a changed architecture), in that
// order, each as key=value with the run's value.
#ifndef MNISTBENCH_HARNESS_PLAN_RECIPE_H_
#define MNISTBENCH_HARNESS_PLAN_RECIPE_H_

#include <set>
#include <stdexcept>
#include <string>
#include <vector>

#include "harness/base/error.h"
#include "harness/plan/run_spec.h"
#include "models/recipe.h"

namespace mnb {

class RecipeError : public Error {
 public:
  explicit RecipeError(const std::string& message) : Error(ErrorKind::kBadInput, message) {}
};

// The keys a recipe sets, as grid keys (val_size as in [dataset]).
const std::vector<std::string>& RecipeKeys();

const ZooRecipe& FindRecipe(const std::string& recipe_name, const std::string& model,
                            const std::string& layers);

void ApplyRecipe(const ZooRecipe& recipe, const std::set<std::string>& keep, RunSpec& spec);

std::vector<std::string> RecipeDeviations(const ZooRecipe& recipe, const RunSpec& spec);

}  // namespace mnb

#endif  // MNISTBENCH_HARNESS_PLAN_RECIPE_H_
