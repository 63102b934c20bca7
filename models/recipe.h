// Published recipes: how each seed project trained its zoo model, and what it reported.
//
// Contract: PublishedRecipe(name) returns the recipe of a seed model (the zoo entries named after
// a seed project), or nullptr for models that have none (mnb-vgg, inline layer lists). A recipe is
// data: every training-profile value a run needs, the published test accuracy as a number, and a
// source text that says which values the project states and which are its framework's defaults
// (Keras or PyTorch) chosen here because the project leaves them unsaid. No torch, no RunSpec:
// harness/plan/recipe.h applies a recipe to a run.
#ifndef MNISTBENCH_MODELS_RECIPE_H_
#define MNISTBENCH_MODELS_RECIPE_H_

#include <cstdint>
#include <string>
#include <vector>

namespace mnb {

struct ZooRecipe {
  std::string model;
  std::string dataset;              // where the published figure was measured
  double published_accuracy = 0.0;  // percent, on that dataset's test set
  std::string framework;            // "Keras" or "PyTorch": whose defaults fill the gaps
  std::string source;               // what the project states, and what is a default

  std::string optimizer;            // adam | sgd
  double lr = 0.0;
  double momentum = 0.0;            // sgd only
  std::string loss;                 // ce | mse
  int64_t batch_size = 0;
  int64_t epochs = 0;
  std::string init;                 // torch | keras
  double adam_eps = 0.0;            // adam only
  std::string input_scale;          // standardize | unit
  int64_t val_size = 0;             // images of train held out; 0 = trains on all of train
  // Every seed trained with a constant learning rate, no weight decay and no augmentation.
  std::string lr_schedule = "constant";
  double weight_decay = 0.0;
  int64_t augment_shift = 0;
};

const std::vector<ZooRecipe>& PublishedRecipes();
const ZooRecipe* PublishedRecipe(const std::string& model);  // nullptr: none

}  // namespace mnb

#endif  // MNISTBENCH_MODELS_RECIPE_H_
