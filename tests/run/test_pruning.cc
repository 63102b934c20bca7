// Pruning wired into runs: [search] prune = "asha" | "median" decides after each epoch, in the
// epoch's transaction; pruned runs stay pruned on resume; schema 5 admits them; merge keeps them.
#include <catch2/catch.hpp>
#include <fmt/format.h>

#include <signal.h>

#include <fstream>
#include <map>
#include <string>
#include <vector>

#include "harness/config/experiment.h"
#include "harness/run/tpe_proposer.h"
#include "harness/search/asha.h"
#include "harness/store/merge.h"
#include "harness/store/schema.h"
#include "harness/store/store.h"
#include "tests/cli_runner.h"
#include "tests/scratch_dir.h"
#include "tests/sweep_process.h"

using namespace mnb;
using namespace mnb::testing;

namespace {

// Nine random trials of a small MLP on 1,000 MNIST images, 4 epochs each: seconds on a CPU.
const std::string kPruned = R"toml(name = "prune"
[dataset]
name = "mnist"
limit_train = 1000
limit_test = 1000
val_size = 300
[search]
method = "random"
trials = 9
seed = 3
prune = "asha"
[grid]
lr = { log_uniform = [1e-5, 1e-1] }
batch_size = [32, 128]
epochs = 4
[[model]]
name = "mlp-seed003"
)toml";

int64_t Count(const std::string& db, const std::string& sql) {
  Database d(db, Database::Mode::kReadOnly);
  Statement q(d, sql);
  q.Step();
  return q.Int(0);
}

struct RungRow {
  int64_t run_id, epoch;
  double metric;
  bool pruned;
};

// The rung rows in the order they were decided (rowid).
std::vector<RungRow> Rungs(const std::string& db) {
  Database d(db, Database::Mode::kReadOnly);
  Statement q(d, "SELECT run_id, epoch, metric, decision FROM rungs ORDER BY rowid");
  std::vector<RungRow> rows;
  while (q.Step()) rows.push_back({q.Int(0), q.Int(1), q.Double(2), q.Text(3) == "prune"});
  return rows;
}

// What a pruned sweep's database must say, whatever the order runs finished in.
void CheckPrunedSweep(const std::string& db) {
  INFO(db);
  CHECK(Count(db, "SELECT COUNT(*) FROM runs WHERE status NOT IN ('completed', 'pruned')") == 0);
  CHECK(Count(db, "SELECT COUNT(*) FROM runs WHERE status = 'pruned'") > 0);
  CHECK(Count(db, "SELECT COUNT(*) FROM runs WHERE status = 'completed'") > 0);
  // A pruned run stopped at its pruned epoch, which holds its one 'prune' decision.
  CHECK(Count(db, "SELECT COUNT(*) FROM runs r WHERE status = 'pruned' AND (pruned_epoch IS NULL "
                  "OR pruned_epoch != (SELECT MAX(epoch) FROM epochs WHERE run_id = r.id) OR 1 != "
                  "(SELECT COUNT(*) FROM rungs WHERE run_id = r.id AND decision = 'prune' "
                  "AND epoch = r.pruned_epoch))") == 0);
  // A completed run trained every epoch and was never pruned.
  CHECK(Count(db, "SELECT COUNT(*) FROM runs r WHERE status = 'completed' AND (epochs != "
                  "(SELECT COUNT(*) FROM epochs WHERE run_id = r.id) OR EXISTS (SELECT 1 FROM rungs "
                  "WHERE run_id = r.id AND decision = 'prune'))") == 0);
  // Rungs at 1 and 3 (min_epochs 1, reduction factor 3, below the 4-epoch budget) only.
  CHECK(Count(db, "SELECT COUNT(*) FROM rungs WHERE epoch NOT IN (1, 3)") == 0);
  // Each decision is ASHA's on the rung rows recorded before it.
  const std::vector<RungRow> rows = Rungs(db);
  for (size_t i = 0; i < rows.size(); ++i) {
    std::vector<search::RungResult> before;
    for (size_t j = 0; j < i; ++j) {
      if (rows[j].epoch == rows[i].epoch) before.push_back({rows[j].run_id, rows[j].epoch, rows[j].metric});
    }
    const search::PruneDecision d =
        search::DecideAsha({1, 3, true}, before, rows[i].run_id, rows[i].epoch, rows[i].metric, 4);
    INFO("run " << rows[i].run_id << " epoch " << rows[i].epoch);
    CHECK(d.checked);
    CHECK(d.prune() == rows[i].pruned);
  }
}

}  // namespace

TEST_CASE("ASHA prunes a search's runs in the epoch's transaction, and resuming keeps it",
          "[search][runner]") {
  ScratchDir dir("prune-asha");
  const std::string file = dir.file("prune.toml"), db = dir.file("prune.db");
  std::ofstream(file) << kPruned;
  const CliResult dry = RunCli("run --device cpu --workers 1 '" + file + "' --dry-run");
  CHECK_THAT(dry.out, Catch::Contains("asha pruning on val_accuracy: rungs at epochs 1, 3 (those "
                                      "below a run's own epochs), the top 1/3 going on; which runs "
                                      "stop is decided while they train"));
  const CliResult r = RunCli("run --device cpu --workers 1 '" + file + "' --db '" + db + "' --threads 2");
  INFO(r.out << r.err);
  REQUIRE(r.exit_code == 0);
  CheckPrunedSweep(db);
  CHECK_THAT(r.err, Catch::Contains("pruned after 1 epoch(s)") &&
                        Catch::Contains("falls short of the cutoff"));
  // Run again: nothing is retried or decided anew.
  const int64_t rungs = Count(db, "SELECT COUNT(*) FROM rungs");
  const CliResult again = RunCli("run --device cpu --workers 1 '" + file + "' --db '" + db + "' --threads 2");
  CHECK(again.exit_code == 0);
  CHECK_THAT(again.err, Catch::Contains("pruned; "));
  CHECK(Count(db, "SELECT COUNT(*) FROM rungs") == rungs);
  CHECK(RunCli("status --db '" + db + "'").out.find(" pruned") != std::string::npos);
  // The report's yield: runs, completed, pruned, epochs trained of the 36-epoch budget.
  const CliResult report = RunCli("report --db '" + db + "'");
  const int64_t completed = Count(db, "SELECT COUNT(*) FROM runs WHERE status = 'completed'");
  const int64_t trained = Count(db, "SELECT COUNT(*) FROM epochs");
  CHECK_THAT(report.out, Catch::Contains(fmt::format("| prune | 9 | {} | {} | {} | 36 | {:.0f}% | run ",
                                                     completed, 9 - completed, trained,
                                                     100.0 * trained / 36)));

  // Two workers on one database: decisions stay global and consistent.
  const std::string shared = dir.file("workers.db");
  const CliResult workers = RunCli("run --device cpu '" + file + "' --db '" + shared + "' --workers 2 --threads 2");
  INFO(workers.err);
  REQUIRE(workers.exit_code == 0);
  CheckPrunedSweep(shared);

  // merge keeps pruned runs with their rung rows.
  const std::string merged = dir.file("merged.db");
  MergeOptions options;
  options.inputs = {db};
  options.output = merged;
  MergeDatabases(options);
  CHECK(Count(merged, "SELECT COUNT(*) FROM runs WHERE status = 'pruned'") ==
        Count(db, "SELECT COUNT(*) FROM runs WHERE status = 'pruned'"));
  CHECK(Count(merged, "SELECT COUNT(*) FROM rungs") == rungs);
}

TEST_CASE("kill -9 in a pruned sweep, then resume: every decision kept, none taken twice",
          "[search][runner]") {
  ScratchDir dir("prune-kill");
  std::string text = kPruned;
  text.replace(text.find("limit_train = 1000"), 18, "limit_train = 4000");
  text.replace(text.find("trials = 9"), 10, "trials = 12");
  const std::string file = dir.file("prune.toml"), db = dir.file("prune.db");
  std::ofstream(file) << text;
  const pid_t pid = StartRun(file, db, dir.file("run.log"));
  WaitFor(db, "SELECT (SELECT COUNT(*) FROM rungs WHERE decision = 'prune') > 0 AND EXISTS "
              "(SELECT 1 FROM runs r WHERE status = 'running' AND EXISTS "
              "(SELECT 1 FROM epochs WHERE run_id = r.id))");
  kill(pid, SIGKILL);
  REQUIRE(WaitExit(pid) == 128 + SIGKILL);  // killed mid-sweep, not after it
  auto decisions = [&] {
    Database d(db, Database::Mode::kReadOnly);
    Statement q(d, "SELECT run_id || ':' || epoch || ':' || decision FROM rungs ORDER BY rowid");
    std::vector<std::string> rows;
    while (q.Step()) rows.push_back(q.Text(0));
    return rows;
  };
  const std::vector<std::string> before = decisions();
  const CliResult resumed = RunCli("run --device cpu --workers 1 '" + file + "' --db '" + db + "' --threads 2");
  INFO(resumed.err);
  REQUIRE(resumed.exit_code == 0);
  const std::vector<std::string> after = decisions();
  REQUIRE(after.size() >= before.size());
  CHECK(std::vector<std::string>(after.begin(), after.begin() + before.size()) == before);
  CheckPrunedSweep(db);
}

TEST_CASE("two processes on one database propose distinct TPE trials", "[search][runner]") {
  ScratchDir dir("tpe-two");
  std::string text = kPruned;
  text.replace(text.find("method = \"random\""), 17, "method = \"tpe\"");
  text.replace(text.find("trials = 9"), 10, "trials = 14");
  text.replace(text.find("epochs = 4"), 10, "epochs = 4\nseed = [1, 2]");
  const std::string file = dir.file("tpe.toml"), db = dir.file("tpe.db");
  std::ofstream(file) << text;
  const CliResult dry = RunCli("run --device cpu --workers 1 '" + file + "' --dry-run");
  CHECK_THAT(dry.out, Catch::Contains("the first 10 (random) are fixed when planned, the rest are "
                                      "proposed by TPE") &&
                          Catch::Contains("20 run(s)"));
  {
    // Planned: the 10 start-up trials; the 4 later ones (x 2 seeds) count as work to do.
    const Experiment experiment = LoadExperiment(file);
    const Plan plan = ExpandPlan(experiment);
    Store store(dir.file("planned.db"));
    const int64_t id = store.UpsertExperiment(experiment.name, file, experiment.text);
    std::vector<NewRun> rows;
    for (const PlannedRun& run : plan.runs) {
      rows.push_back({run.run_key, run.spec, RunSpecToJson(run.spec), run.params});
    }
    REQUIRE(store.InsertPlan(id, rows) == 20);
    CHECK(UnproposedTpeRuns(store.db(), id) == 8);
    CHECK(UnproposedTpeRunRows(store.db(), id).size() == 8);
  }
  const pid_t one = StartRun(file, db, dir.file("one.log"), 1);
  const pid_t two = StartRun(file, db, dir.file("two.log"), 1);
  CHECK(WaitExit(one) == 0);
  CHECK(WaitExit(two) == 0);
  INFO(ReadAll(dir.file("one.log")) << ReadAll(dir.file("two.log")));
  // 14 trials x 2 seeds, each trial once: proposals 10..13 were made inside claims.
  CHECK(Count(db, "SELECT COUNT(*) FROM runs") == 28);
  CHECK(Count(db, "SELECT COUNT(DISTINCT json_extract(config_json, '$.search.trial')) FROM runs") == 14);
  CHECK(Count(db, "SELECT MAX(n) FROM (SELECT COUNT(*) AS n FROM runs "
                  "GROUP BY json_extract(config_json, '$.search.trial'))") == 2);
  // A trial's seeds share its values; every proposal lies in the space.
  CHECK(Count(db, "SELECT COUNT(*) FROM (SELECT 1 FROM runs GROUP BY json_extract(config_json, "
                  "'$.search.trial') HAVING COUNT(DISTINCT lr || '/' || batch_size) != 1)") == 0);
  CHECK(Count(db, "SELECT COUNT(*) FROM runs WHERE lr < 1e-5 OR lr > 1e-1 OR batch_size NOT IN "
                  "(32, 128)") == 0);
  CHECK(Count(db, "SELECT COUNT(*) FROM runs WHERE status NOT IN ('completed', 'pruned')") == 0);
  const CliResult again = RunCli("run --device cpu --workers 1 '" + file + "' --db '" + db + "'");
  CHECK(again.exit_code == 0);
  CHECK_THAT(again.err, Catch::Contains("nothing to do"));
  CHECK(Count(db, "SELECT COUNT(*) FROM runs") == 28);
}

TEST_CASE("the median rule prunes only after its start-up runs completed", "[search][runner]") {
  ScratchDir dir("prune-median");
  std::string text = kPruned;
  text.replace(text.find("prune = \"asha\""), 14, "prune = \"median\"\nstartup_trials = 2");
  const std::string file = dir.file("median.toml"), db = dir.file("median.db");
  std::ofstream(file) << text;
  const CliResult r = RunCli("run --device cpu --workers 1 '" + file + "' --db '" + db + "' --threads 2");
  INFO(r.err);
  REQUIRE(r.exit_code == 0);
  CHECK(Count(db, "SELECT COUNT(*) FROM runs WHERE status NOT IN ('completed', 'pruned')") == 0);
  // The first two runs (one worker: in id order) complete unjudged.
  CHECK(Count(db, "SELECT COUNT(*) FROM rungs WHERE run_id <= 2") == 0);
  // Every judgement compares with at least the start-up runs, and prunes only below the median.
  CHECK(Count(db, "SELECT COUNT(*) FROM rungs WHERE rule != 'median' OR compared < 2") == 0);
  CHECK(Count(db, "SELECT COUNT(*) FROM rungs WHERE decision = 'prune' AND metric >= cutoff") == 0);
  CHECK(Count(db, "SELECT COUNT(*) FROM runs r WHERE status = 'pruned' AND NOT EXISTS (SELECT 1 "
                  "FROM rungs WHERE run_id = r.id AND decision = 'prune')") == 0);
}

TEST_CASE("schema 5 admits the status 'pruned' in a migrated version-4 database", "[store][schema]") {
  ScratchDir dir("prune-schema");
  const std::string db = dir.file("v4.db");
  { Store store(db); }
  {
    // Back to version 4 as it was: the old CHECK, no rungs, no pruned_epoch.
    Database d(db, Database::Mode::kReadWrite);
    int64_t schema_version = 0;
    {
      Statement version(d, "PRAGMA schema_version");
      version.Step();
      schema_version = version.Int(0);
    }
    d.Exec("PRAGMA writable_schema = ON");
    d.Exec("UPDATE sqlite_master SET sql = replace(sql, ',''pruned''', '') WHERE name = 'runs'");
    d.Exec("PRAGMA schema_version = " + std::to_string(schema_version + 1));
    d.Exec("PRAGMA writable_schema = OFF");
    d.Exec("DROP TABLE rungs; ALTER TABLE runs DROP COLUMN pruned_epoch; PRAGMA user_version = 4");
  }
  auto insert = [&](Database& d, const char* status) {
    d.Exec(std::string("INSERT OR IGNORE INTO experiments(id, name, file_path, file_content) "
                       "VALUES (1, 'e', 'e.toml', '');"
                       "INSERT INTO runs(experiment_id, run_key, model, dataset, optimizer, loss, "
                       "lr, batch_size, epochs, seed, config_json, params, status) VALUES (1, '") +
           status + "', 'm', 'mnist', 'adam', 'ce', 0.001, 64, 1, 1, '{}', 1, '" + status + "')");
  };
  {
    Database d(db, Database::Mode::kReadWrite);
    CHECK_THROWS(insert(d, "pruned"));  // the fixture really is the old schema
    insert(d, "completed");
  }
  Store store(db);
  CHECK(SchemaVersion(store.db()) == kSchemaVersion);
  insert(store.db(), "pruned");
  CHECK(Count(db, "SELECT COUNT(*) FROM runs") == 2);
  CHECK(Count(db, "SELECT COUNT(*) FROM pragma_table_info('runs') WHERE name = 'pruned_epoch'") == 1);
  Statement check(store.db(), "PRAGMA integrity_check");
  check.Step();
  CHECK(check.Text(0) == "ok");
}

TEST_CASE("bad prune settings are one line naming the file's line", "[search][config]") {
  auto error = [](const std::string& from, const std::string& to) {
    std::string text = kPruned;
    text.replace(text.find(from), from.size(), to);
    try {
      ExpandPlan(ParseExperiment(text, "exp.toml"));
    } catch (const ConfigError& e) {
      return std::string(e.what());
    }
    return std::string("no error");
  };
  CHECK(error("prune = \"asha\"", "prune = \"hyperband\"") ==
        "exp.toml:11: [search] prune = \"hyperband\" (expected \"none\", \"asha\" or \"median\")");
  CHECK(error("prune = \"asha\"", "prune = \"asha\"\nmetric = \"test_accuracy\"") ==
        "exp.toml:12: [search] metric = \"test_accuracy\" (expected \"val_accuracy\" or \"val_loss\")");
  CHECK(error("prune = \"asha\"", "prune = \"asha\"\nreduction_factor = 1") ==
        "exp.toml:12: [search] reduction_factor is not an integer >= 2");
  CHECK(error("prune = \"asha\"", "prune = \"median\"\nreduction_factor = 3") ==
        "exp.toml:12: [search] reduction_factor does not apply to prune = \"median\" (expected "
        "prune = \"asha\")");
  CHECK(error("prune = \"asha\"", "min_epochs = 2") ==
        "exp.toml:11: [search] min_epochs does not apply to prune = \"none\" (expected prune = "
        "\"asha\" or \"median\")");
  CHECK(error("val_size = 300", "val_size = 0") ==
        "exp.toml:7: [search] prune = \"asha\" judges val_accuracy, but model 'mlp-seed003' has no "
        "validation split (expected val_size > 0 in [dataset], the model's dataset or its recipe)");
}
