// The SQLite store on real files: schema, idempotent plans, status transitions, epoch upserts,
// and fenced writes of a worker whose run was taken over (several processes and busy writers:
// test_store_concurrency.cc).
#include <catch2/catch.hpp>

#include <sqlite3.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <fstream>
#include <iterator>
#include <set>
#include <stdexcept>
#include <thread>

#include "harness/base/error.h"
#include "harness/plan/plan.h"
#include "harness/store/schema.h"
#include "harness/store/store.h"
#include "tests/store/store_fixtures.h"
#include "tests/test_support.h"

using namespace mnb;
using mnb::testing::Count;
using mnb::testing::Epoch;
using mnb::testing::MakeRuns;
using mnb::testing::ScratchDir;

namespace {

// Everything a write to run `run_id` can change, one line per row: equal dumps, untouched run.
std::string RunDump(Store& store, int64_t run_id) {
  const std::string id = std::to_string(run_id);
  std::string out;
  for (const std::string& sql : {
           "SELECT quote(status) || '|' || quote(host) || '|' || quote(pid) || '|' || "
           "quote(heartbeat_at) || '|' || quote(device) || '|' || quote(threads) || '|' || "
           "quote(git_rev) || '|' || quote(finished_at) || '|' || quote(error) || '|' || "
           "quote(diverged_epoch) || '|' || attempts FROM runs WHERE id = " + id,
           "SELECT epoch || '|' || quote(train_loss) || '|' || quote(test_accuracy) || '|' || "
           "quote(seconds) FROM epochs WHERE run_id = " + id + " ORDER BY epoch",
           "SELECT epoch || '|' || eval_set || '|' || quote(accuracy) FROM evals WHERE run_id = " +
               id + " ORDER BY epoch, eval_set",
           "SELECT 'confusion ' || COUNT(*) FROM confusion WHERE run_id = " + id,
           "SELECT 'class_metrics ' || COUNT(*) FROM class_metrics WHERE run_id = " + id}) {
    Statement q(store.db(), sql);
    while (q.Step()) out += q.Text(0) + "\n";
  }
  return out;
}

}  // namespace

TEST_CASE("a fresh store has the current schema in WAL mode and reopening changes nothing",
          "[store]") {
  ScratchDir dir("store");
  const std::string path = dir.file("r.db");
  {
    Store store(path);
    CHECK(SchemaVersion(store.db()) == kSchemaVersion);
    {
      Statement mode(store.db(), "PRAGMA journal_mode");
      mode.Step();
      CHECK(mode.Text(0) == "wal");
    }
    CHECK(Count(store, "PRAGMA foreign_keys") == 1);
    CHECK(Count(store, "PRAGMA synchronous") == 1);  // NORMAL
    CHECK(Count(store, "PRAGMA busy_timeout") >= 1000);
    for (const char* table : {"experiments", "runs", "epochs", "evals", "confusion",
                              "class_metrics"}) {
      INFO(table);
      CHECK(Count(store, std::string("SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' "
                                     "AND name = '") + table + "'") == 1);
    }
    CHECK(Count(store, "SELECT COUNT(*) FROM sqlite_master WHERE type = 'index' "
                       "AND name = 'runs_by_status'") == 1);
    store.UpsertExperiment("e", "e.toml", "x = 1");
  }
  Store again(path);
  CHECK(again.Experiments().size() == 1);
  CHECK(again.Experiments()[0].created_at.size() == 24);  // 2024-01-02T03:04:05.678Z
  const int64_t objects = Count(again, "SELECT COUNT(*) FROM sqlite_master");
  CHECK(Migrate(again.db()) == kSchemaVersion);
  CHECK(Count(again, "SELECT COUNT(*) FROM sqlite_master") == objects);
}

TEST_CASE("a newer schema or a file that is not a database is refused in one line", "[store]") {
  ScratchDir dir("store");
  {
    Store store(dir.file("new.db"));
    store.db().Exec("PRAGMA user_version = 99");
  }
  CHECK_THROWS_WITH(Store(dir.file("new.db")), Catch::Contains("schema version 99 is newer"));
  std::ofstream(dir.file("junk.db")) << "this is not sqlite, just some text long enough to matter";
  CHECK_THROWS_WITH(Store(dir.file("junk.db")), Catch::Contains("not an SQLite database") &&
                                                    Catch::Contains("junk.db"));
  std::ofstream(dir.file("short.db")) << "hi";
  CHECK_THROWS_WITH(Store(dir.file("short.db")), Catch::Contains("not an SQLite database"));
  CHECK_THROWS_WITH(Store(dir.file("junk.db"), Store::Mode::kReadOnly),
                    Catch::Contains("not an SQLite database") && Catch::Contains("junk.db"));
  CHECK_THROWS_WITH(Store(dir.file("missing.db"), Store::Mode::kReadOnly),
                    Catch::Contains("missing.db"));
  CHECK_THROWS_WITH(Store(dir.file("no/such/dir/r.db")), Catch::Contains("no/such/dir/r.db"));
  try {
    Store junk(dir.file("junk.db"));
  } catch (const StoreError& e) {
    CHECK(std::string(e.what()).find('\n') == std::string::npos);
  }
}

TEST_CASE("plans insert idempotently and runs move through their statuses", "[store]") {
  ScratchDir dir("store");
  Store store(dir.file("r.db"));
  const int64_t exp = store.UpsertExperiment("e", "e.toml", "text");
  CHECK(store.UpsertExperiment("e", "e.toml", "text v2") == exp);
  CHECK(store.InsertPlan(exp, MakeRuns(3)) == 3);
  CHECK(store.InsertPlan(exp, MakeRuns(3)) == 0);
  CHECK(store.InsertPlan(exp, MakeRuns(4)) == 1);
  const WorkerId me = WorkerId::Current();

  // Illegal transitions change nothing: a queued run is neither finished nor interrupted.
  const int64_t lowest = store.Runs(exp).front().run_id;
  const RunClaim never_claimed{lowest, 0};
  CHECK_FALSE(store.FinishRun(never_claimed, RunOutcome{}));
  CHECK_FALSE(store.MarkInterrupted(never_claimed));
  CHECK(store.StatusCounts(exp).at("queued") == 4);
  RunOutcome not_final;
  not_final.status = RunStatus::kRunning;
  CHECK_THROWS_AS(store.FinishRun(never_claimed, not_final), Error);

  auto first = store.ClaimNextRun(exp, me, std::chrono::seconds(600));
  REQUIRE(first);
  CHECK(first->claim.run_id == lowest);  // lowest id first
  CHECK(first->claim.attempt == 1);
  CHECK(first->previous_status == "queued");
  CHECK(first->last_epoch == 0);
  CHECK(RunSpecFromJson(first->config_json).seed == 1);
  // Running in a live process (this one): not claimable again.
  auto second = store.ClaimNextRun(exp, me, std::chrono::seconds(600));
  REQUIRE(second);
  CHECK(second->claim.run_id > first->claim.run_id);

  CHECK(store.RecordEpoch(first->claim, Epoch(1, 0.90)));
  CHECK(store.RecordEpoch(first->claim, Epoch(2, 0.95)));
  CHECK(store.RecordEpoch(first->claim, Epoch(2, 0.96)));  // the same epoch again replaces it
  const auto epochs = store.Epochs(first->claim.run_id);
  REQUIRE(epochs.size() == 2);
  CHECK(epochs[1].test->accuracy == 0.96);
  REQUIRE(epochs[1].evals.size() == 1);
  CHECK(epochs[1].evals[0].name == "dig-mnist");
  CHECK_FALSE(epochs[1].val.has_value());
  // Re-run with fewer eval sets: the old eval rows of that epoch go too.
  EpochMetrics bare = Epoch(2, 0.97);
  bare.evals.clear();
  CHECK(store.RecordEpoch(first->claim, bare));
  CHECK(store.Epochs(first->claim.run_id)[1].evals.empty());
  CHECK(store.Epochs(first->claim.run_id)[0].evals.size() == 1);
  CHECK(Count(store, "SELECT COUNT(*) FROM epochs") == 2);

  RunOutcome done;
  done.status = RunStatus::kCompleted;
  done.confusion = std::vector<std::vector<int64_t>>(10, std::vector<int64_t>(10, 1));
  done.per_class = ClassMetricsFromConfusion(done.confusion);
  done.confusion[3][3] = 7;
  done.per_class = ClassMetricsFromConfusion(done.confusion);
  CHECK(store.FinishRun(first->claim, done));
  RunOutcome late;
  late.status = RunStatus::kFailed;
  late.error = "late";
  CHECK_FALSE(store.FinishRun(first->claim, late));  // not running any more: no effect
  CHECK_FALSE(store.MarkInterrupted(first->claim));  // likewise
  CHECK_FALSE(store.RecordEpoch(first->claim, Epoch(3, 0.5)));
  CHECK_FALSE(store.Heartbeat(first->claim));
  CHECK(store.Epochs(first->claim.run_id).size() == 2);
  CHECK(Count(store, "SELECT COUNT(*) FROM confusion") == 100);
  CHECK(Count(store, "SELECT count FROM confusion WHERE true_label = 3 AND predicted_label = 3")
        == 7);
  CHECK(Count(store, "SELECT COUNT(*) FROM class_metrics") == 10);
  {
    Statement recall(store.db(), "SELECT recall FROM class_metrics WHERE label = 3");
    REQUIRE(recall.Step());
    CHECK(recall.Double(0) == Approx(7.0 / 16.0));
  }
  CHECK(store.StatusCounts(exp).at("completed") == 1);
  CHECK(store.Runs(exp).front().status == "completed");
  CHECK(store.Runs(exp).front().error.empty());
  CHECK_FALSE(store.Runs(exp).front().finished_at.empty());

  const std::string first_start = store.Runs(exp)[1].started_at;
  CHECK(store.MarkInterrupted(second->claim));
  auto again = store.ClaimNextRun(exp, me, std::chrono::seconds(600));
  REQUIRE(again);
  CHECK(again->claim.run_id == second->claim.run_id);
  CHECK(again->claim.attempt == 2);
  CHECK(again->previous_status == "interrupted");
  CHECK(store.Runs(exp)[1].started_at == first_start);  // the first start is kept
  CHECK(store.MarkFailed(again->claim, "boom"));
  CHECK(store.StatusCounts(exp).at("failed") == 1);
  CHECK(store.Runs(exp)[1].error == "boom");
  CHECK_FALSE(store.ClaimNextRun(exp, me, std::chrono::seconds(600))->claim.run_id ==
              again->claim.run_id);
  CHECK(store.RequeueFailed(exp) == 1);
  CHECK(store.RequeueFailed(exp) == 0);
  CHECK(store.Runs(exp)[1].error.empty());
  CHECK(store.StatusCounts(exp).at("queued") == 2);
  CHECK(store.StatusCounts(exp).at("running") == 1);
  CHECK(store.StatusCounts(exp).at("completed") == 1);
  // A status outside the six is refused by the schema itself.
  CHECK_THROWS(store.db().Exec("UPDATE runs SET status = 'done'"));
}

TEST_CASE("a run left running by a dead process is claimed again with its last epoch",
          "[store]") {
  ScratchDir dir("store");
  const std::string path = dir.file("r.db");
  int64_t exp = 0;
  {
    Store setup(path);  // closed before fork(): a child must not inherit an open connection
    exp = setup.UpsertExperiment("e", "e.toml", "");
    setup.InsertPlan(exp, MakeRuns(2));
  }
  const pid_t child = fork();
  if (child == 0) {
    Store mine(path);
    auto claim = mine.ClaimNextRun(exp, WorkerId::Current(), std::chrono::seconds(600));
    _exit(claim && mine.RecordEpoch(claim->claim, Epoch(1, 0.9)) ? 0 : 1);  // still 'running'
  }
  int status = 0;
  waitpid(child, &status, 0);
  REQUIRE(WEXITSTATUS(status) == 0);
  Store store(path);
  REQUIRE(store.Runs(exp).front().pid == child);
  REQUIRE(store.Runs(exp).front().status == "running");
  auto claim = store.ClaimNextRun(exp, WorkerId::Current(), std::chrono::seconds(600));
  REQUIRE(claim);
  CHECK(claim->previous_status == "running");
  CHECK(claim->last_epoch == 1);
  CHECK(store.Runs(exp).front().pid == getpid());
  // Another host's run is only taken over once its heartbeat is stale.
  store.db().Exec("UPDATE runs SET host = 'elsewhere', pid = 1 WHERE status = 'queued'");
  store.db().Exec("UPDATE runs SET status = 'running', "
                  "heartbeat_at = strftime('%Y-%m-%dT%H:%M:%fZ','now') WHERE host = 'elsewhere'");
  CHECK_FALSE(store.ClaimNextRun(exp, WorkerId::Current(), std::chrono::seconds(600)));
  store.db().Exec("UPDATE runs SET heartbeat_at = '2000-01-01T00:00:00.000Z' "
                  "WHERE host = 'elsewhere'");
  auto taken_over = store.ClaimNextRun(exp, WorkerId::Current(), std::chrono::seconds(600));
  REQUIRE(taken_over);
  CHECK(taken_over->previous_status == "running");
  CHECK(taken_over->claim.run_id != claim->claim.run_id);
}

TEST_CASE("a worker whose stale run was claimed by another can write nothing more to it",
          "[store][fence]") {
  ScratchDir dir("fence");
  const std::string path = dir.file("r.db");
  Store late_store(path), new_store(path);  // two workers' connections to one file
  const int64_t exp = late_store.UpsertExperiment("e", "e.toml", "");
  late_store.InsertPlan(exp, MakeRuns(2));
  const WorkerId late_worker{"paused-host", 1111}, new_worker{"other-host", 2222};

  const auto late = late_store.ClaimNextRun(exp, late_worker, std::chrono::seconds(600));
  REQUIRE(late);
  CHECK(late->claim.attempt == 1);
  REQUIRE(late_store.RecordEpoch(late->claim, Epoch(1, 0.90)));
  const RunEnvironment late_env{"cpu", 2, "1.13.1", "late", "sha"};
  REQUIRE(late_store.SetRunEnvironment(late->claim, late_env));

  // The late worker pauses; its heartbeat goes stale and the other worker takes the run over.
  new_store.db().Exec("UPDATE runs SET heartbeat_at = '2000-01-01T00:00:00.000Z' "
                      "WHERE status = 'running'");
  const auto taken = new_store.ClaimNextRun(exp, new_worker, std::chrono::seconds(600));
  REQUIRE(taken);
  REQUIRE(taken->claim.run_id == late->claim.run_id);
  CHECK(taken->previous_status == "running");
  CHECK(taken->claim.attempt == 2);
  CHECK(taken->last_epoch == 1);
  const RunEnvironment new_env{"cuda:0", 8, "1.13.1", "new", "sha"};
  REQUIRE(new_store.SetRunEnvironment(taken->claim, new_env));
  REQUIRE(new_store.RecordEpoch(taken->claim, Epoch(2, 0.95)));
  const int64_t run_id = taken->claim.run_id;
  const std::string owned = RunDump(new_store, run_id);
  REQUIRE(owned.find("'other-host'|2222|") != std::string::npos);
  REQUIRE(owned.find("|'new'|") != std::string::npos);

  // The late worker wakes up and carries on: each write reports the lost claim, changes nothing.
  CHECK_FALSE(late_store.RecordEpoch(late->claim, Epoch(2, 0.10)));  // the new owner's epoch
  CHECK_FALSE(late_store.RecordEpoch(late->claim, Epoch(3, 0.10)));  // one nobody has yet
  CHECK_FALSE(late_store.Heartbeat(late->claim));
  CHECK_FALSE(late_store.SetRunEnvironment(late->claim, late_env));
  RunOutcome completed;
  completed.confusion = std::vector<std::vector<int64_t>>(10, std::vector<int64_t>(10, 1));
  completed.per_class = ClassMetricsFromConfusion(completed.confusion);
  CHECK_FALSE(late_store.FinishRun(late->claim, completed));
  CHECK_FALSE(late_store.MarkInterrupted(late->claim));
  CHECK_FALSE(late_store.MarkFailed(late->claim, "late"));
  CHECK(RunDump(late_store, run_id) == owned);
  CHECK(late_store.Epochs(run_id)[1].test->accuracy == 0.95);

  // A claim is fenced from every later one, however many there are; the newest owner writes on.
  new_store.db().Exec("UPDATE runs SET heartbeat_at = '2000-01-01T00:00:00.000Z' "
                      "WHERE status = 'running'");
  const auto third = late_store.ClaimNextRun(exp, late_worker, std::chrono::seconds(600));
  REQUIRE(third);
  REQUIRE(third->claim.run_id == run_id);
  CHECK(third->claim.attempt == 3);
  CHECK_FALSE(new_store.RecordEpoch(taken->claim, Epoch(3, 0.10)));
  CHECK_FALSE(late_store.FinishRun(late->claim, completed));
  CHECK(late_store.Heartbeat(third->claim));
  CHECK(late_store.RecordEpoch(third->claim, Epoch(3, 0.97)));
  CHECK(late_store.FinishRun(third->claim, completed));
  CHECK_FALSE(new_store.MarkInterrupted(taken->claim));
  CHECK(Count(new_store, "SELECT COUNT(*) FROM runs WHERE status = 'completed' AND host = "
                         "'paused-host' AND attempts = 3") == 1);
  CHECK(Count(new_store, "SELECT COUNT(*) FROM confusion") == 100);
  CHECK(new_store.Epochs(run_id).size() == 3);
  CHECK(new_store.Epochs(run_id)[2].test->accuracy == 0.97);
  // The other run was never touched by any of it.
  CHECK(Count(new_store, "SELECT COUNT(*) FROM runs WHERE status = 'queued'") == 1);
}
