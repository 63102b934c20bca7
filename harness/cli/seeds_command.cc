// `mnistbench seeds VARIANT`: the seeds a difference of X points needs, planned from a stored
// variant's own noise (reports/tables/seeds_plan.h).
#include <fmt/format.h>

#include <filesystem>

#include "harness/base/error.h"
#include "harness/cli/command.h"
#include "harness/store/db_path.h"
#include "harness/store/reader.h"
#include "reports/tables/seeds_plan.h"

namespace mnb {

void AddSeedsCommand(CLI::App& app, CommandAction* action) {
  auto* cmd = app.add_subcommand(
      "seeds", "How many seeds to tell a difference of X points apart, from a variant's noise");
  auto db = std::make_shared<std::string>();
  auto name = std::make_shared<std::string>();
  auto experiments = std::make_shared<std::vector<std::string>>();
  auto min_effect = std::make_shared<double>(100 * kVsBestMinEffect);
  cmd->add_option("variant", *name, "a variant label (as the leaderboard shows it), model or run")
      ->required();
  cmd->add_option("--min-effect", *min_effect, "the difference to plan for, in accuracy points")
      ->check(CLI::Range(0.001, 100.0))
      ->capture_default_str();
  cmd->add_option("--db", *db, "results database (default: $MNISTBENCH_DB, else ./mnistbench.db)");
  cmd->add_option("--experiment", *experiments, "look for the variant only in these experiments");
  cmd->callback([=] {
    *action = [=] {
      const std::string path = ResolveDbPath(*db);
      StoreReader results(path, "pass --db");
      const SeedsPlanData plan = LoadSeedsPlan(results, *name, *experiments, *min_effect / 100);
      fmt::print("{}", RenderSeedsPlan(plan));
      return kExitOk;
    };
  });
}

}  // namespace mnb
