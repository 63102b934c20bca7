// `mnistbench status`: what every experiment in a database is doing, safe during a sweep.
#include <fmt/format.h>

#include <filesystem>

#include "harness/cli/command.h"
#include "harness/results/race_standings.h"
#include "harness/run/eta.h"
#include "harness/run/progress.h"
#include "harness/run/race_proposer.h"
#include "harness/run/tpe_proposer.h"
#include "harness/store/db_path.h"
#include "harness/store/reader.h"

namespace mnb {

void AddStatusCommand(CLI::App& app, CommandAction* action) {
  auto* cmd = app.add_subcommand("status", "Per experiment: runs per status, running runs, ETA");
  auto db = std::make_shared<std::string>();
  cmd->add_option("--db", *db, "results database (default: $MNISTBENCH_DB, else ./mnistbench.db)");
  cmd->callback([=] {
    *action = [=] {
      const std::string path = ResolveDbPath(*db);
      StoreReader reader(path);
      const auto experiments = reader.ExperimentRows();
      if (experiments.empty()) fmt::print("{}: no experiments yet\n", path);
      const char* order[] = {"queued", "running", "completed", "failed", "interrupted", "diverged", "pruned"};
      for (const ExperimentRow& e : experiments) {
        ReadSnapshot snapshot(reader);  // counts, rows, a race's rounds and runs to come: one state
        const auto counts = reader.StatusCounts(e.id);
        const OpenRuns open = reader.ReadOpenRuns(e.id);
        std::string line;
        int64_t total = 0;
        for (const char* status : order) {
          const int64_t n = counts.count(status) ? counts.at(status) : 0;
          total += n;
          if (n > 0) line += fmt::format("  {} {}", n, status);
        }
        const RunsToCome to_come = RunsToComeOf(reader.db(), e.id);
        const auto eta = SweepEtaSeconds(open, to_come);
        fmt::print("{} ({}): {} runs{}{}\n", e.name, e.file_path, total, line,
                   eta && *eta > 0 ? fmt::format("  ETA {}", FormatDuration(*eta)) : "");
        if (const std::vector<RunRow> race = reader.RaceRuns(e.id); !race.empty()) {
          const auto standings = RaceStandingsOfRuns(race, reader.RaceRounds(e.id));
          fmt::print("  {}\n", RaceStatusLine(CountRace(standings),
                                               static_cast<int64_t>(to_come.race.size())));
        }
        for (const RunRow& r : open.runs) {
          if (r.status != "running") continue;
          const auto left = RunRemainingSeconds(r);
          fmt::print("  running: run {} {} seed {} epoch {}/{}{}  on {} pid {}  heartbeat {}\n",
                     r.run_id, r.model, r.seed, r.epochs_done, r.epochs,
                     r.test_accuracy ? fmt::format("  test {:.2f}%", 100 * *r.test_accuracy) : "",
                     r.host, r.pid, r.heartbeat_at);
          if (left) fmt::print("           about {} left for this run\n", FormatDuration(*left));
        }
        for (const RunRow& r : open.runs) {
          if (r.status == "failed") fmt::print("  failed: run {} {}: {}\n", r.run_id, r.model, r.error);
        }
      }
      return kExitOk;
    };
  });
}

}  // namespace mnb
