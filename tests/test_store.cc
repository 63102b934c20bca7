// The SQLite store on real files: schema, idempotent plans, status transitions, epoch upserts,
// several processes racing on one fresh database, and a write outlasting busy_timeout. Children
// are forked before the parent opens the file: SQLite connections must not cross fork().
#include <catch2/catch.hpp>

#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <fstream>
#include <iterator>
#include <set>
#include <stdexcept>
#include <thread>

#include "harness/plan/plan.h"
#include "harness/store/schema.h"
#include "harness/store/store.h"
#include "tests/test_support.h"

using namespace mnb;
using mnb::testing::ScratchDir;

namespace {

std::vector<NewRun> MakeRuns(int n) {
  std::vector<NewRun> runs;
  for (int i = 0; i < n; ++i) {
    RunSpec spec;
    spec.seed = static_cast<uint64_t>(i + 1);
    runs.push_back({RunKey(spec), spec, RunSpecToJson(spec), 61706});
  }
  return runs;
}

EpochMetrics Epoch(int64_t epoch, double accuracy) {
  EpochMetrics m;
  m.epoch = epoch;
  m.train = {0.5, accuracy - 0.01};
  m.test = SplitMetrics{0.1, accuracy};
  m.evals = {{"dig-mnist", {1.5, 0.6}}};
  m.lr = 1e-3;
  m.seconds = 2.0;
  m.samples_per_second = 1000;
  return m;
}

int64_t Count(Store& store, const std::string& sql) {
  Statement q(store.db(), sql);
  q.Step();
  return q.Int(0);
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
  const int64_t lowest = store.Runs(exp).front().id;
  store.FinishRun(lowest, RunOutcome{});
  store.MarkInterrupted(lowest);
  CHECK(store.StatusCounts(exp).at("queued") == 4);
  RunOutcome not_final;
  not_final.status = RunStatus::kRunning;
  CHECK_THROWS_AS(store.FinishRun(lowest, not_final), std::invalid_argument);

  auto first = store.ClaimNextRun(exp, me, std::chrono::seconds(600));
  REQUIRE(first);
  CHECK(first->run_id == lowest);  // lowest id first
  CHECK(first->previous_status == "queued");
  CHECK(first->last_epoch == 0);
  CHECK(RunSpecFromJson(first->config_json).seed == 1);
  // Running in a live process (this one): not claimable again.
  auto second = store.ClaimNextRun(exp, me, std::chrono::seconds(600));
  REQUIRE(second);
  CHECK(second->run_id > first->run_id);

  store.RecordEpoch(first->run_id, Epoch(1, 0.90));
  store.RecordEpoch(first->run_id, Epoch(2, 0.95));
  store.RecordEpoch(first->run_id, Epoch(2, 0.96));  // the same epoch again replaces it
  const auto epochs = store.Epochs(first->run_id);
  REQUIRE(epochs.size() == 2);
  CHECK(epochs[1].test->accuracy == 0.96);
  REQUIRE(epochs[1].evals.size() == 1);
  CHECK(epochs[1].evals[0].name == "dig-mnist");
  CHECK_FALSE(epochs[1].val.has_value());
  // Re-run with fewer eval sets: the old eval rows of that epoch go too.
  EpochMetrics bare = Epoch(2, 0.97);
  bare.evals.clear();
  store.RecordEpoch(first->run_id, bare);
  CHECK(store.Epochs(first->run_id)[1].evals.empty());
  CHECK(store.Epochs(first->run_id)[0].evals.size() == 1);
  CHECK(Count(store, "SELECT COUNT(*) FROM epochs") == 2);

  RunOutcome done;
  done.status = RunStatus::kCompleted;
  done.confusion = std::vector<std::vector<int64_t>>(10, std::vector<int64_t>(10, 1));
  done.per_class = ClassMetricsFromConfusion(done.confusion);
  done.confusion[3][3] = 7;
  done.per_class = ClassMetricsFromConfusion(done.confusion);
  store.FinishRun(first->run_id, done);
  RunOutcome late;
  late.status = RunStatus::kFailed;
  late.error = "late";
  store.FinishRun(first->run_id, late);  // not running any more: no effect
  store.MarkInterrupted(first->run_id);  // likewise
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
  store.MarkInterrupted(second->run_id);
  auto again = store.ClaimNextRun(exp, me, std::chrono::seconds(600));
  REQUIRE(again);
  CHECK(again->run_id == second->run_id);
  CHECK(again->previous_status == "interrupted");
  CHECK(store.Runs(exp)[1].started_at == first_start);  // the first start is kept
  store.MarkFailed(again->run_id, "boom");
  CHECK(store.StatusCounts(exp).at("failed") == 1);
  CHECK(store.Runs(exp)[1].error == "boom");
  CHECK_FALSE(store.ClaimNextRun(exp, me, std::chrono::seconds(600))->run_id == again->run_id);
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
    mine.RecordEpoch(claim->run_id, Epoch(1, 0.9));
    _exit(0);  // dies with its run still 'running'
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
  CHECK(taken_over->run_id != claim->run_id);
}

TEST_CASE("processes racing on one fresh database each claim distinct runs, never locked",
          "[store]") {
  ScratchDir dir("race");
  const std::string path = dir.file("race.db");
  constexpr int kWorkers = 4, kRuns = 40;
  int go[2];
  REQUIRE(pipe(go) == 0);
  std::vector<pid_t> children;
  for (int w = 0; w < kWorkers; ++w) {
    const pid_t pid = fork();
    if (pid == 0) {
      close(go[1]);
      char byte;
      if (read(go[0], &byte, 1) < 0) _exit(3);  // all start together, on a file nobody created
      std::ofstream log(dir.file("claims-" + std::to_string(getpid())));
      try {
        Store store(path);
        const int64_t exp = store.UpsertExperiment("race", "race.toml", "");
        store.InsertPlan(exp, MakeRuns(kRuns));
        const WorkerId me = WorkerId::Current();
        while (auto claim = store.ClaimNextRun(exp, me, std::chrono::seconds(600))) {
          for (int e = 1; e <= 2; ++e) store.RecordEpoch(claim->run_id, Epoch(e, 0.9));
          RunOutcome done;
          store.FinishRun(claim->run_id, done);
          log << claim->run_id << std::endl;
        }
      } catch (const std::exception& e) {
        log << "error " << e.what() << std::endl;
        _exit(1);
      }
      _exit(0);
    }
    children.push_back(pid);
  }
  close(go[0]);
  close(go[1]);  // EOF releases every child at once
  for (pid_t pid : children) {
    int status = 0;
    waitpid(pid, &status, 0);
    CHECK(WIFEXITED(status));
    CHECK(WEXITSTATUS(status) == 0);
  }
  std::multiset<int64_t> claimed;
  for (pid_t pid : children) {
    std::ifstream log(dir.file("claims-" + std::to_string(pid)));
    for (std::string line; std::getline(log, line);) {
      INFO(line);
      REQUIRE(line.rfind("error", 0) != 0);
      claimed.insert(std::stoll(line));
    }
  }
  CHECK(claimed.size() == kRuns);
  CHECK(std::set<int64_t>(claimed.begin(), claimed.end()).size() == kRuns);  // none twice
  Store store(path);
  CHECK(Count(store, "SELECT COUNT(*) FROM runs WHERE status = 'completed'") == kRuns);
  CHECK(Count(store, "SELECT COUNT(*) FROM epochs") == 2 * kRuns);
  CHECK(Count(store, "SELECT COUNT(*) FROM evals") == 2 * kRuns);
  CHECK(Count(store, "SELECT COUNT(*) FROM experiments") == 1);
  CHECK(SchemaVersion(store.db()) == kSchemaVersion);
  for (pid_t pid : children) {
    std::ifstream log(dir.file("claims-" + std::to_string(pid)));
    for (std::string line; std::getline(log, line);) {
      CHECK(Count(store, "SELECT pid FROM runs WHERE id = " + line) == pid);
    }
  }
}

TEST_CASE("a write waits out a transaction held longer than busy_timeout instead of failing",
          "[store]") {
  ScratchDir dir("busy");
  const std::string path = dir.file("r.db");
  int64_t exp = 0;
  {
    Store setup(path);
    exp = setup.UpsertExperiment("e", "e.toml", "");
    setup.InsertPlan(exp, MakeRuns(1));
  }
  int go[2];
  REQUIRE(pipe(go) == 0);
  const pid_t child = fork();  // before this process opens anything: no inherited connection
  if (child == 0) {
    close(go[1]);
    char byte;
    if (read(go[0], &byte, 1) != 1) _exit(3);
    std::ofstream log(dir.file("busy-child"));
    try {
      Store store(path);
      auto claim = store.ClaimNextRun(exp, WorkerId::Current(), std::chrono::seconds(600));
      if (!claim) _exit(2);
      store.RecordEpoch(claim->run_id, Epoch(1, 0.9));
    } catch (const std::exception& e) {
      log << e.what() << std::endl;
      _exit(1);
    }
    _exit(0);
  }
  close(go[0]);
  {
    Database holder(path, Database::Mode::kReadWrite);
    Transaction hold(holder);  // the write lock, held past the child's 5 s busy_timeout
    REQUIRE(write(go[1], "x", 1) == 1);
    std::this_thread::sleep_for(std::chrono::seconds(7));
    hold.Commit();
  }
  close(go[1]);
  int status = 0;
  waitpid(child, &status, 0);
  std::ifstream log(dir.file("busy-child"));
  std::string error((std::istreambuf_iterator<char>(log)), std::istreambuf_iterator<char>());
  INFO(error);
  CHECK(WIFEXITED(status));
  CHECK(WEXITSTATUS(status) == 0);
  Store store(path);
  CHECK(store.StatusCounts(exp).at("running") == 1);
  CHECK(store.Epochs(store.Runs(exp).front().id).size() == 1);
}

TEST_CASE("a reader holding a transaction does not block writers (WAL)", "[store]") {
  ScratchDir dir("wal");
  Store writer(dir.file("r.db"));
  const int64_t exp = writer.UpsertExperiment("e", "e.toml", "");
  writer.InsertPlan(exp, MakeRuns(1));
  Store reader(dir.file("r.db"), Store::Mode::kReadOnly);
  reader.db().Exec("BEGIN");
  CHECK(Count(reader, "SELECT COUNT(*) FROM runs") == 1);
  writer.InsertPlan(exp, MakeRuns(3));  // commits while the read transaction is open
  CHECK(Count(reader, "SELECT COUNT(*) FROM runs") == 1);  // the reader's snapshot
  reader.db().Exec("COMMIT");
  CHECK(Count(reader, "SELECT COUNT(*) FROM runs") == 3);
  CHECK_THROWS_WITH(reader.db().Exec("DELETE FROM runs"), Catch::Contains("read-only"));
}
