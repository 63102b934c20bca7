// Published recipes: every seed model has one with its published accuracy, and applying one
// keeps the keys given explicitly.
#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "harness/plan/recipe.h"
#include "models/recipe.h"
#include "models/zoo.h"

using namespace mnb;

TEST_CASE("every seed model has a published recipe, mnb-vgg has none", "[recipe]") {
  for (const char* name : {"mlp-seed003", "cnn5-seed003", "lenet5", "lenet5-conv4-tanh",
                           "lenet5-conv4-tanh-fc2", "cnn-seed001", "fcnn-seed004", "cnn-seed004",
                           "kannada-cnn-seed000"}) {
    INFO(name);
    const ZooRecipe* r = PublishedRecipe(name);
    REQUIRE(r != nullptr);
    REQUIRE(FindZooEntry(name) != nullptr);
    CHECK(r->published_accuracy > 70.0);
    CHECK(r->published_accuracy < 100.0);
    CHECK(!r->source.empty());
    CHECK((r->framework == "Keras" || r->framework == "PyTorch"));
    CHECK((r->init == "keras") == (r->framework == "Keras"));
    CHECK(r->adam_eps == (r->framework == "Keras" ? 1e-7 : 1e-8));
    CHECK(r->input_scale == "unit");
    CHECK(r->epochs >= 1);
    CHECK(r->batch_size >= 1);
  }
  CHECK(PublishedRecipe("mnb-vgg") == nullptr);
  CHECK(PublishedRecipes().size() == 9);
}

TEST_CASE("the recipes hold what the seed projects state", "[recipe]") {
  const ZooRecipe& mlp = *PublishedRecipe("mlp-seed003");
  CHECK(mlp.optimizer == "sgd");
  CHECK(mlp.lr == 0.01);
  CHECK(mlp.momentum == 0.0);
  CHECK(mlp.loss == "mse");
  CHECK(mlp.epochs == 30);
  CHECK(mlp.published_accuracy == 77.52);
  const ZooRecipe& cnn5 = *PublishedRecipe("cnn5-seed003");
  CHECK(cnn5.loss == "mse");
  CHECK(cnn5.batch_size == 32);
  CHECK(cnn5.epochs == 5);
  CHECK(cnn5.val_size == 0);
  CHECK(PublishedRecipe("lenet5-conv4-tanh-fc2")->batch_size == 600);
  CHECK(PublishedRecipe("lenet5")->epochs == 6);
  const ZooRecipe& cnn004 = *PublishedRecipe("cnn-seed004");
  CHECK(cnn004.epochs == 20);
  CHECK(cnn004.val_size == 12000);
  CHECK(cnn004.published_accuracy == 99.0);
  const ZooRecipe& kannada = *PublishedRecipe("kannada-cnn-seed000");
  CHECK(kannada.lr == 1e-4);
  CHECK(kannada.batch_size == 128);
  CHECK(kannada.dataset == "kannada-mnist");
}

TEST_CASE("applying a recipe sets every profile value except the keys kept", "[recipe]") {
  RunSpec spec;
  spec.lr_schedule = "cosine";
  spec.augment_shift = 2;
  spec.seed = 3;
  ApplyRecipe(*PublishedRecipe("cnn5-seed003"), {"epochs"}, spec);
  CHECK(spec.optimizer == "adam");
  CHECK(spec.loss == "mse");
  CHECK(spec.lr == 1e-3);
  CHECK(spec.batch_size == 32);
  CHECK(spec.epochs == RunSpec().epochs);  // kept
  CHECK(spec.init == "keras");
  CHECK(spec.adam_eps == 1e-7);
  CHECK(spec.input_scale == "unit");
  CHECK(spec.val_size == 0);
  CHECK(spec.lr_schedule == "constant");  // the seed trained without these
  CHECK(spec.augment_shift == 0);
  CHECK(spec.seed == 3);  // not part of a recipe
}

TEST_CASE("recipe errors say what was expected", "[recipe]") {
  CHECK_THROWS_WITH(FindRecipe("keras", "lenet5", ""),
                    Catch::Contains("unknown recipe 'keras'") && Catch::Contains("published"));
  CHECK_THROWS_WITH(FindRecipe("published", "mnb-vgg", ""),
                    Catch::Contains("'mnb-vgg' has no published recipe") &&
                        Catch::Contains("cnn5-seed003"));
  CHECK_THROWS_WITH(FindRecipe("published", "mine", "flatten, dense(10)"),
                    Catch::Contains("inline layer list"));
  CHECK(FindRecipe("published", "lenet5", "").model == "lenet5");
}

TEST_CASE("RecipeDeviations names exactly what a run changed from its published recipe",
          "[recipe]") {
  const ZooRecipe& cnn5 = *PublishedRecipe("cnn5-seed003");
  RunSpec spec;
  spec.model = "cnn5-seed003";
  spec.dataset = "mnist";
  ApplyRecipe(cnn5, {}, spec);
  spec.seed = 3;  // seeds, threads and device are not part of a recipe
  spec.threads = 2;
  CHECK(RecipeDeviations(cnn5, spec).empty());

  RunSpec ablation = spec;
  ablation.init = "torch";
  ablation.adam_eps = 1e-8;
  ablation.input_scale = "standardize";
  CHECK(RecipeDeviations(cnn5, ablation) ==
        std::vector<std::string>{"init=torch", "adam_eps=1e-08", "input_scale=standardize"});

  RunSpec elsewhere = spec;
  elsewhere.dataset = "fashion-mnist";
  elsewhere.limit_train = 1000;
  elsewhere.model_options["activation"] = "tanh";
  CHECK(RecipeDeviations(cnn5, elsewhere) ==
        std::vector<std::string>{"dataset=fashion-mnist", "limit_train=1000", "activation=tanh"});

  // SGD has no epsilon, Adam no momentum: a value the optimizer never reads is no deviation.
  const ZooRecipe& mlp = *PublishedRecipe("mlp-seed003");
  RunSpec sgd;
  sgd.dataset = "mnist";
  ApplyRecipe(mlp, {}, sgd);
  sgd.adam_eps = 1e-3;
  CHECK(RecipeDeviations(mlp, sgd).empty());
  spec.momentum = 0.5;
  CHECK(RecipeDeviations(cnn5, spec).empty());
}
