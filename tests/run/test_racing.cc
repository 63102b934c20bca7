// A real race (harness/run/race_proposer.h): lenet5 on a few MNIST images, two workers, a kill -9
// mid-race and a resume; the hopeless learning rate stops early and the report shows the race.
#include <catch2/catch.hpp>

#include <signal.h>

#include <fstream>
#include <string>
#include <vector>

#include "harness/store/store.h"
#include "tests/cli_runner.h"
#include "tests/scratch_dir.h"
#include "tests/sweep_process.h"

using namespace mnb;
using namespace mnb::testing;

namespace {

const char* kRace = R"toml(name = "race"
[dataset]
name = "mnist"
limit_train = 2000
limit_test = 1000
val_size = 500
[grid]
lr = [1e-3, 1.1e-3, 0.5]
epochs = 1
[race]
min_seeds = 2
max_seeds = 5
[[model]]
name = "lenet5"
)toml";

std::vector<std::string> Rounds(const std::string& db) {
  Database d(db, Database::Mode::kReadOnly);
  Statement q(d, "SELECT run_id || ':' || round || ':' || seeds || ':' || verdict FROM race_rounds "
                 "ORDER BY round, run_id");
  std::vector<std::string> rows;
  while (q.Step()) rows.push_back(q.Text(0));
  return rows;
}

int64_t Count(const std::string& db, const std::string& sql) { return Query(db, sql); }

}  // namespace

TEST_CASE("a race with two workers, killed mid-race and resumed, stops the hopeless lr early",
          "[race][runner]") {
  ScratchDir dir("racing");
  const std::string file = dir.file("race.toml"), db = dir.file("race.db");
  std::ofstream(file) << kRace;
  const CliResult dry = RunCli("run --device cpu --workers 1 '" + file + "' --dry-run");
  CHECK_THAT(dry.out, Catch::Contains("race: each of the 3 planned variant(s) starts with 2 seed(s)") &&
                          Catch::Contains("at most 9 more run(s)") && Catch::Contains("6 run(s)"));

  const pid_t pid = StartRun(file, db, dir.file("run.log"), 1, "--workers 2");
  WaitFor(db, "SELECT EXISTS (SELECT 1 FROM race_rounds) AND EXISTS (SELECT 1 FROM runs r WHERE "
              "status = 'running')");
  kill(pid, SIGKILL);
  REQUIRE(WaitExit(pid) == 128 + SIGKILL);  // killed mid-race, not after it
  const std::vector<std::string> before = Rounds(db);
  REQUIRE_FALSE(before.empty());

  const CliResult resumed =
      RunCli("run --device cpu --workers 2 --threads 1 '" + file + "' --db '" + db + "'");
  INFO(resumed.err);
  REQUIRE(resumed.exit_code == 0);
  const std::vector<std::string> after = Rounds(db);
  REQUIRE(after.size() >= before.size());
  CHECK(std::vector<std::string>(after.begin(), after.begin() + before.size()) == before);
  // Every run finished; lr = 0.5 stopped before 5 seeds, and the race ended with a final verdict
  // for every variant.
  CHECK(Count(db, "SELECT COUNT(*) FROM runs WHERE status IN ('queued', 'running', "
                  "'interrupted')") == 0);
  CHECK(Count(db, "SELECT COUNT(*) FROM runs WHERE lr = 0.5") < 5);
  CHECK(Count(db, "SELECT COUNT(*) FROM race_rounds g WHERE verdict != 'continue' AND round = "
                  "(SELECT MAX(round) FROM race_rounds WHERE run_id = g.run_id)") == 3);
  CHECK(Count(db, "SELECT COUNT(*) FROM race_rounds WHERE verdict = 'continue' AND round = "
                  "(SELECT MAX(round) FROM race_rounds)") == 0);
  // No round was judged twice: one row per variant and round.
  CHECK(Count(db, "SELECT COUNT(*) FROM (SELECT run_id, round FROM race_rounds GROUP BY run_id, "
                  "round HAVING COUNT(*) > 1)") == 0);

  const CliResult again = RunCli("run --device cpu --workers 1 '" + file + "' --db '" + db + "'");
  CHECK(again.exit_code == 0);
  CHECK_THAT(again.err, Catch::Contains("nothing to do"));
  const CliResult report = RunCli("report --db '" + db + "'");
  CHECK(report.exit_code == 0);
  CHECK_THAT(report.out, Catch::Contains("Race"));
  CHECK_THAT(RunCli("status --db '" + db + "'").out, Catch::Contains("race:"));
}

TEST_CASE("a race over lr 1e-3, 3e-3 and 0.5 stops seeding 0.5 before 5 seeds", "[race][runner]") {
  ScratchDir dir("racing-plain");
  std::string text = kRace;
  text.replace(text.find("1.1e-3"), 6, "3e-3");
  const std::string file = dir.file("race.toml"), db = dir.file("race.db");
  std::ofstream(file) << text;
  const CliResult r = RunCli("run --device cpu --workers 1 --threads 2 '" + file + "' --db '" + db + "'");
  INFO(r.err);
  REQUIRE(r.exit_code == 0);
  CHECK(Count(db, "SELECT COUNT(*) FROM runs WHERE lr = 0.5") < 5);
  CHECK(Count(db, "SELECT COUNT(*) FROM race_rounds g JOIN runs r ON r.id = g.run_id WHERE "
                  "r.lr = 0.5 AND g.verdict IN ('below_best', 'diverged')") == 1);
  const CliResult report = RunCli("report --db '" + db + "'");
  CHECK_THAT(report.out, Catch::Contains("\n## Race"));
}
