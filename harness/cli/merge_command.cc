// `mnistbench merge A.db B.db ... -o ALL.db`: union results databases (e.g. the shards of a
// sweep) by run key; see harness/store/merge.h for which copy of a run wins.
#include <fmt/format.h>

#include "harness/cli/command.h"
#include "harness/store/merge.h"

namespace mnb {

void AddMergeCommand(CLI::App& app, CommandAction* action) {
  auto* cmd = app.add_subcommand(
      "merge", "Merge results databases (e.g. a sweep's shards) into one, by run key");
  auto options = std::make_shared<MergeOptions>();
  auto prefer = std::make_shared<std::string>();
  cmd->add_option("inputs", options->inputs, "databases to merge (only read)")->required();
  cmd->add_option("-o,--output", options->output,
                  "database to merge into (created, or merged into if it exists)")
      ->required();
  cmd->add_option("--prefer", *prefer,
                  "when two completed results of one run differ: keep the newest or the oldest "
                  "(by finished_at); without it such a merge is refused")
      ->check(CLI::IsMember({"newest", "oldest"}));
  cmd->callback([=] {
    *action = [=] {
      MergeOptions o = *options;
      o.prefer = *prefer == "newest"   ? MergePrefer::kNewest
                 : *prefer == "oldest" ? MergePrefer::kOldest
                                       : MergePrefer::kNone;
      const MergeSummary s = MergeDatabases(o);
      for (const std::string& warning : s.warnings) fmt::print(stderr, "warning: {}\n", warning);
      fmt::print("merged {} database(s) into {}: {} run(s) added, {} replaced, {} unchanged; "
                 "{} experiment(s) added{}; {} artifact dir(s) copied\n",
                 o.inputs.size(), o.output, s.runs_added, s.runs_replaced, s.runs_kept,
                 s.experiments_added,
                 s.conflicts > 0 ? fmt::format("; {} conflict(s) settled by --prefer {}",
                                               s.conflicts, *prefer)
                                 : "",
                 s.artifact_dirs);
      return kExitOk;
    };
  });
}

}  // namespace mnb
