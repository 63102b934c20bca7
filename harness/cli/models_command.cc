// `mnistbench models`: the zoo with exact parameter counts, forward cost, and each seed model's
// published accuracy and recipe (models/recipe.h).
#include <fmt/format.h>

#include "harness/base/text_escape.h"
#include "harness/cli/command.h"
#include "models/layer_spec.h"
#include "models/recipe.h"
#include "models/zoo.h"

namespace mnb {

namespace {

std::string Published(const ZooRecipe* r) {
  if (r == nullptr) return "-";
  return fmt::format("{:.2f}%", r->published_accuracy);
}

// The recipe in the words `recipe = "published"` resolves to (see `run --dry-run`).
std::string RecipeText(const ZooRecipe& r) {
  std::string optimizer = fmt::format("{} lr={:g}", r.optimizer, r.lr);
  if (r.optimizer == "adam") optimizer += fmt::format(" adam_eps={:g}", r.adam_eps);
  if (r.optimizer == "sgd") optimizer += fmt::format(" momentum={:g}", r.momentum);
  return fmt::format("{}: {} loss={} batch={} epochs={} init={} input_scale={} val={}",
                     r.framework, optimizer, r.loss, r.batch_size, r.epochs, r.init,
                     r.input_scale, r.val_size);
}

}  // namespace

void AddModelsCommand(CLI::App& app, CommandAction* action) {
  auto* cmd = app.add_subcommand("models", "List the model zoo: parameters, MFLOPs, description");
  auto format = std::make_shared<std::string>("table");
  auto verbose = std::make_shared<bool>(false);
  cmd->add_option("--format", *format,
                  "table or csv (name,params,description,published_accuracy,dataset,framework,"
                  "optimizer,lr,momentum,adam_eps,loss,batch_size,epochs,init,input_scale,"
                  "val_size)")
      ->check(CLI::IsMember({"table", "csv"}));
  cmd->add_flag("-v,--layers", *verbose, "also print each model's layer list and options");
  cmd->callback([=] {
    *action = [=] {
      if (*format == "csv") {
        fmt::print("name,params,description,published_accuracy,dataset,framework,optimizer,lr,"
                   "momentum,adam_eps,loss,batch_size,epochs,init,input_scale,val_size\n");
        for (const ZooEntry& e : ZooEntries()) {
          const ModelCost cost = CostOf(ParseLayerList(LayersFor(e.name)));
          fmt::print("{},{},{}", CsvField(e.name), cost.params, CsvField(e.description));
          if (const ZooRecipe* r = PublishedRecipe(e.name)) {
            fmt::print(",{},{},{},{},{:g},{:g},{:g},{},{},{},{},{},{}\n", r->published_accuracy,
                       r->dataset, r->framework, r->optimizer, r->lr, r->momentum, r->adam_eps,
                       r->loss, r->batch_size, r->epochs, r->init, r->input_scale, r->val_size);
          } else {
            fmt::print(",,,,,,,,,,,,,\n");
          }
        }
        return kExitOk;
      }
      fmt::print("{:<24} {:>9} {:>8} {:>9}  {}\n", "name", "params", "MFLOPs", "published",
                 "description");
      for (const ZooEntry& e : ZooEntries()) {
        const ModelCost cost = CostOf(ParseLayerList(LayersFor(e.name)));
        const ZooRecipe* recipe = PublishedRecipe(e.name);
        fmt::print("{:<24} {:>9} {:>8.2f} {:>9}  {}\n", e.name, cost.params,
                   2.0 * cost.macs / 1e6, Published(recipe), e.description);
        fmt::print("    source:  {}\n", recipe != nullptr ? recipe->source : e.source);
        if (recipe != nullptr) fmt::print("    recipe:  {}\n", RecipeText(*recipe));
        if (*verbose) {
          fmt::print("    layers:  {}\n", LayersFor(e.name));
          for (const ZooOption& o : ZooOptionsFor(e.name)) {
            fmt::print("    option:  {}={} ({}) {}\n", o.name, o.default_value,
                       o.allowed.empty() ? std::string("integer")
                                         : fmt::format("{}", fmt::join(o.allowed, "|")),
                       o.help);
          }
        }
      }
      fmt::print("MFLOPs: forward pass, per image (2 x multiply-accumulates). published: the seed "
                 "project's test accuracy; `recipe = \"published\"` trains its recipe.\n");
      return kExitOk;
    };
  });
}

}  // namespace mnb
