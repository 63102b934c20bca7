// `mnistbench models`: the zoo with exact parameter counts and forward cost.
#include <fmt/format.h>

#include "harness/base/text_escape.h"
#include "harness/cli/command.h"
#include "models/layer_spec.h"
#include "models/zoo.h"

namespace mnb {

void AddModelsCommand(CLI::App& app, CommandAction* action) {
  auto* cmd = app.add_subcommand("models", "List the model zoo: parameters, MFLOPs, description");
  auto format = std::make_shared<std::string>("table");
  auto verbose = std::make_shared<bool>(false);
  cmd->add_option("--format", *format, "table or csv (name,params,description)")
      ->check(CLI::IsMember({"table", "csv"}));
  cmd->add_flag("-v,--layers", *verbose, "also print each model's layer list and options");
  cmd->callback([=] {
    *action = [=] {
      if (*format == "csv") {
        fmt::print("name,params,description\n");
        for (const ZooEntry& e : ZooEntries()) {
          const ModelCost cost = CostOf(ParseLayerList(LayersFor(e.name)));
          fmt::print("{},{},{}\n", CsvField(e.name), cost.params, CsvField(e.description));
        }
        return kExitOk;
      }
      fmt::print("{:<24} {:>9} {:>8}  {}\n", "name", "params", "MFLOPs", "description");
      for (const ZooEntry& e : ZooEntries()) {
        const ModelCost cost = CostOf(ParseLayerList(LayersFor(e.name)));
        fmt::print("{:<24} {:>9} {:>8.2f}  {}\n", e.name, cost.params, 2.0 * cost.macs / 1e6,
                   e.description);
        if (*verbose) {
          fmt::print("    layers:  {}\n    source:  {}\n", LayersFor(e.name), e.source);
          for (const ZooOption& o : ZooOptionsFor(e.name)) {
            fmt::print("    option:  {}={} ({}) {}\n", o.name, o.default_value,
                       o.allowed.empty() ? std::string("integer")
                                         : fmt::format("{}", fmt::join(o.allowed, "|")),
                       o.help);
          }
        }
      }
      fmt::print("MFLOPs: forward pass, per image (2 x multiply-accumulates).\n");
      return kExitOk;
    };
  });
}

}  // namespace mnb
