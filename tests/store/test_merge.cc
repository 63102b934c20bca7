// Merging results databases on real SQLite files written through the Store: union by run key,
// remapped ids, idempotence, which copy of a run wins, conflicts, all-or-nothing, schema checks.
#include <catch2/catch.hpp>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <set>

#include <fmt/format.h>

#include "harness/base/error.h"
#include "harness/plan/plan.h"
#include "harness/store/merge.h"
#include "harness/store/schema.h"
#include "harness/store/store.h"
#include "tests/cli_runner.h"
#include "tests/test_support.h"

using namespace mnb;
using namespace mnb::testing;

namespace {

RunSpec Spec(uint64_t seed) {
  RunSpec spec;
  spec.model = "lenet5";
  spec.seed = seed;
  return spec;
}

std::string Key(uint64_t seed) { return RunKey(Spec(seed)); }

EpochMetrics Epoch(int64_t epoch, double accuracy) {
  EpochMetrics m;
  m.epoch = epoch;
  m.train = {0.5 / static_cast<double>(epoch), accuracy - 0.01};
  m.val = SplitMetrics{0.2, accuracy - 0.005};
  m.test = SplitMetrics{0.1, accuracy};
  m.evals = {{"dig-mnist", {1.5, accuracy / 2}}};
  m.lr = 1e-3;
  m.seconds = 2.0;
  m.samples_per_second = 1000;
  return m;
}

// A database with one experiment, `seeds` planned, and each run taken to `state`: "completed"
// (epochs accuracies given), "interrupted" after one epoch, or "queued".
struct RunState {
  uint64_t seed;
  std::string status;
  double accuracy = 0.9;
  int epochs = 2;
};

void Write(const std::string& path, const std::vector<RunState>& runs,
           const std::string& experiment = "exp") {
  Store store(path);
  const int64_t id = store.UpsertExperiment(experiment, experiment + ".toml", "name = 'x'\n");
  std::vector<NewRun> rows;
  for (const RunState& r : runs) {
    rows.push_back({Key(r.seed), Spec(r.seed), RunSpecToJson(Spec(r.seed)), 61706});
  }
  store.InsertPlan(id, rows);
  const WorkerId me = WorkerId::Current();
  // Claim every run that gets further than queued first (claims go in id order, and a run this
  // live process holds is not claimed again), then finish each.
  std::vector<RunClaim> claims;
  for (const RunState& r : runs) {
    if (r.status == "queued") continue;
    const auto claimed = store.ClaimNextRun(id, me, std::chrono::seconds(600));
    REQUIRE(claimed);
    REQUIRE(claimed->run_key == Key(r.seed));
    claims.push_back(claimed->claim);
  }
  size_t next = 0;
  for (const RunState& r : runs) {
    if (r.status == "queued") continue;
    const RunClaim& claim = claims[next++];
    const RunEnvironment env{"cpu", 1, "1.13", "abc", "sha"};
    REQUIRE(store.SetRunEnvironment(claim, env));
    if (r.status == "interrupted") {
      REQUIRE(store.RecordEpoch(claim, Epoch(1, r.accuracy)));
      REQUIRE(store.MarkInterrupted(claim));
      continue;
    }
    for (int e = 1; e <= r.epochs; ++e) REQUIRE(store.RecordEpoch(claim, Epoch(e, r.accuracy)));
    RunOutcome outcome;
    outcome.status = RunStatus::kCompleted;
    outcome.epochs_done = r.epochs;
    outcome.confusion = {{40, 2}, {3, 55}};
    outcome.per_class = ClassMetricsFromConfusion(outcome.confusion);
    REQUIRE(store.FinishRun(claim, outcome));
  }
}

// Every row of every merged table, by run key rather than id, as text: two databases holding the
// same results give the same dump whatever their ids.
std::string Dump(const std::string& path) {
  Store store(path, Store::Mode::kReadOnly);
  std::string out;
  auto rows = [&](const std::string& sql) {
    Statement q(store.db(), sql);
    while (q.Step()) out += q.Text(0) + "\n";
  };
  rows("SELECT name || '|' || file_path || '|' || created_at FROM experiments ORDER BY name");
  rows("SELECT e.name || '|' || r.run_key || '|' || r.status || '|' || r.model || '|' || "
       "r.config_json || '|' || COALESCE(r.finished_at, '') || '|' || r.attempts || '|' || "
       "COALESCE(r.threads, '') FROM runs r JOIN experiments e ON e.id = r.experiment_id "
       "ORDER BY e.name, r.run_key");
  rows("SELECT r.run_key || '|' || x.epoch || '|' || printf('%.17g %.17g %.17g %.17g', "
       "x.train_loss, x.train_accuracy, x.test_loss, x.test_accuracy) || '|' || x.recorded_at "
       "FROM epochs x JOIN runs r ON r.id = x.run_id ORDER BY r.run_key, x.epoch");
  rows("SELECT r.run_key || '|' || x.epoch || '|' || x.eval_set || '|' || x.accuracy "
       "FROM evals x JOIN runs r ON r.id = x.run_id ORDER BY r.run_key, x.epoch, x.eval_set");
  rows("SELECT r.run_key || '|' || x.true_label || x.predicted_label || '|' || x.count "
       "FROM confusion x JOIN runs r ON r.id = x.run_id ORDER BY 1");
  rows("SELECT r.run_key || '|' || x.label || '|' || printf('%.17g', x.f1) "
       "FROM class_metrics x JOIN runs r ON r.id = x.run_id ORDER BY 1");
  return out;
}

int64_t Count(const std::string& path, const std::string& sql) {
  Store store(path, Store::Mode::kReadOnly);
  Statement q(store.db(), sql);
  q.Step();
  return q.Int(0);
}

std::string StatusOf(const std::string& path, uint64_t seed) {
  Store store(path, Store::Mode::kReadOnly);
  Statement q(store.db(), "SELECT status FROM runs WHERE run_key = ?1");
  q.Bind(1, Key(seed));
  return q.Step() ? q.Text(0) : "";
}

double FinalAccuracy(const std::string& path, uint64_t seed) {
  Store store(path, Store::Mode::kReadOnly);
  Statement q(store.db(), "SELECT test_accuracy FROM epochs e JOIN runs r ON r.id = e.run_id "
                          "WHERE r.run_key = ?1 ORDER BY epoch DESC LIMIT 1");
  q.Bind(1, Key(seed));
  return q.Step() ? q.Double(0) : -1;
}

MergeSummary Merge(std::vector<std::string> inputs, const std::string& output,
                   MergePrefer prefer = MergePrefer::kNone) {
  return MergeDatabases({std::move(inputs), output, prefer});
}

}  // namespace

TEST_CASE("merging shards unions their runs with every row and remapped ids", "[merge]") {
  ScratchDir dir("merge-union");
  const std::string a = dir.file("a.db"), b = dir.file("b.db"), all = dir.file("all.db");
  Write(a, {{1, "completed", 0.91}, {2, "completed", 0.92}});
  Write(b, {{3, "completed", 0.93}, {4, "interrupted", 0.5}, {5, "queued"}});
  const MergeSummary s = Merge({a, b}, all);
  CHECK(s.runs_added == 5);
  CHECK(s.runs_replaced == 0);
  CHECK(s.experiments_added == 1);
  CHECK(Count(all, "SELECT COUNT(*) FROM experiments") == 1);
  CHECK(Count(all, "SELECT COUNT(*) FROM runs") == 5);
  CHECK(Count(all, "SELECT COUNT(*) FROM epochs") == 2 + 2 + 2 + 1);
  CHECK(Count(all, "SELECT COUNT(*) FROM confusion") == 3 * 4);
  CHECK(Count(all, "SELECT COUNT(*) FROM class_metrics") == 3 * 2);
  // Ids were remapped: b's first run had id 1 in b, and a's too.
  CHECK(Count(all, "SELECT COUNT(DISTINCT id) FROM runs") == 5);
  CHECK(Count(all, "PRAGMA foreign_key_check") == 0);
  CHECK(FinalAccuracy(all, 3) == 0.93);
  CHECK(StatusOf(all, 4) == "interrupted");
  CHECK(StatusOf(all, 5) == "queued");
  // The merged database is the same as the shards' union: each shard's rows, unchanged.
  ScratchDir other("merge-union-b");
  const std::string only_a = other.file("a-only.db");
  Merge({a}, only_a);
  CHECK(Dump(only_a) == Dump(a));
  CHECK(Count(all, "PRAGMA user_version") == kSchemaVersion);
}

TEST_CASE("merging the same shard twice changes nothing", "[merge]") {
  ScratchDir dir("merge-idem");
  const std::string a = dir.file("a.db"), b = dir.file("b.db"), all = dir.file("all.db");
  Write(a, {{1, "completed", 0.91}, {2, "interrupted", 0.4}, {3, "queued"}});
  Write(b, {{4, "completed", 0.94}});
  Merge({a, b}, all);
  const std::string before = Dump(all);
  const int64_t ids = Count(all, "SELECT SUM(id) FROM runs");
  const MergeSummary again = Merge({a}, all);
  CHECK(again.runs_added == 0);
  CHECK(again.runs_replaced == 0);
  CHECK(again.runs_kept == 3);
  CHECK(Merge({a, a, b}, all).runs_kept == 7);
  CHECK(Dump(all) == before);
  CHECK(Count(all, "SELECT SUM(id) FROM runs") == ids);
}

TEST_CASE("a completed run beats an unfinished copy of it in either order", "[merge]") {
  ScratchDir dir("merge-better");
  const std::string done = dir.file("done.db"), partial = dir.file("partial.db");
  Write(done, {{1, "completed", 0.95}, {2, "queued"}});
  Write(partial, {{1, "interrupted", 0.3}, {2, "interrupted", 0.35}});

  const std::string x = dir.file("x.db");
  Merge({partial, done}, x);  // the completed one comes second and replaces
  CHECK(StatusOf(x, 1) == "completed");
  CHECK(FinalAccuracy(x, 1) == 0.95);
  CHECK(Count(x, "SELECT COUNT(*) FROM epochs e JOIN runs r ON r.id = e.run_id WHERE r.seed = 1") ==
        2);
  CHECK(StatusOf(x, 2) == "interrupted");  // an interrupted run with an epoch beats a queued one

  const std::string y = dir.file("y.db");
  const MergeSummary s = Merge({done, partial}, y);  // the completed one comes first and stays
  CHECK(s.runs_kept == 1);
  CHECK(s.runs_replaced == 1);
  // The same runs and rows; only the experiment row (created_at) came from different files.
  auto runs_only = [](const std::string& dump) { return dump.substr(dump.find('\n') + 1); };
  CHECK(runs_only(Dump(x)) == runs_only(Dump(y)));
}

TEST_CASE("two different completed results need --prefer and nothing is written without it",
          "[merge]") {
  ScratchDir dir("merge-conflict");
  const std::string old_db = dir.file("old.db"), new_db = dir.file("new.db");
  Write(old_db, {{1, "completed", 0.90}, {2, "completed", 0.80}});
  Write(new_db, {{1, "completed", 0.97}, {3, "completed", 0.70}});  // finished later

  const std::string fresh = dir.file("fresh.db");
  try {
    Merge({old_db, new_db}, fresh);
    FAIL("merge of two different results was not refused");
  } catch (const MergeConflict& e) {
    const std::string what = e.what();
    CHECK(what.find(Key(1)) != std::string::npos);
    CHECK(what.find(old_db) != std::string::npos);
    CHECK(what.find(new_db) != std::string::npos);
    CHECK(what.find("--prefer") != std::string::npos);
  }
  CHECK_FALSE(std::filesystem::exists(fresh));  // the file the merge created is gone again

  // Into an existing output: all or nothing, so run 3 (no conflict) is not added either.
  const std::string existing = dir.file("existing.db");
  Merge({old_db}, existing);
  const std::string before = Dump(existing);
  CHECK_THROWS_AS(Merge({new_db}, existing), MergeConflict);
  CHECK(Dump(existing) == before);

  const std::string newest = dir.file("newest.db");
  const MergeSummary s = Merge({old_db, new_db}, newest, MergePrefer::kNewest);
  CHECK(s.conflicts == 1);
  CHECK(FinalAccuracy(newest, 1) == 0.97);
  CHECK(Count(newest, "SELECT COUNT(*) FROM runs") == 3);
  CHECK(Count(newest, "SELECT COUNT(*) FROM epochs") == 3 * 2);
  const std::string oldest = dir.file("oldest.db");
  Merge({new_db, old_db}, oldest, MergePrefer::kOldest);
  CHECK(FinalAccuracy(oldest, 1) == 0.90);
  CHECK(Count(oldest, "SELECT COUNT(*) FROM epochs") == 3 * 2);
}

TEST_CASE("identical completed results of one run in two databases merge as one", "[merge]") {
  ScratchDir dir("merge-same");
  const std::string a = dir.file("a.db"), b = dir.file("b.db"), all = dir.file("all.db");
  Write(a, {{1, "completed", 0.93}});
  Write(b, {{1, "completed", 0.93}, {2, "completed", 0.94}});  // run 1 trained again, same result
  const MergeSummary s = Merge({a, b}, all);
  CHECK(s.runs_added == 2);
  CHECK(s.runs_kept == 1);
  CHECK(s.conflicts == 0);
  CHECK(Count(all, "SELECT COUNT(*) FROM runs") == 2);
}

TEST_CASE("merge refuses newer schemas and files that are no results database", "[merge]") {
  ScratchDir dir("merge-schema");
  const std::string good = dir.file("good.db"), newer = dir.file("newer.db");
  const std::string out = dir.file("out.db");
  Write(good, {{1, "completed", 0.9}});
  Write(newer, {{2, "completed", 0.9}});
  {
    Database db(newer, Database::Mode::kReadWrite);
    db.Exec(fmt::format("PRAGMA user_version = {}", kSchemaVersion + 1));
  }
  try {
    Merge({good, newer}, out);
    FAIL("a newer schema was merged");
  } catch (const StoreError& e) {
    CHECK(std::string(e.what()).find("newer") != std::string::npos);
    CHECK(std::string(e.what()).find(newer) != std::string::npos);
  }
  CHECK_FALSE(std::filesystem::exists(out));

  const std::string empty = dir.file("empty.db");
  {
    Database db(empty, Database::Mode::kReadWrite);
    db.Exec("CREATE TABLE t(x)");
  }
  CHECK_THROWS_AS(Merge({empty}, out), StoreError);
  const std::string text = dir.file("text.db");
  std::ofstream(text) << "not a database at all, just some text that is long enough\n";
  CHECK_THROWS_AS(Merge({text}, out), StoreError);
  CHECK_THROWS_AS(Merge({dir.file("missing.db")}, out), Error);
  CHECK_FALSE(std::filesystem::exists(out));

  // A table the merge does not know, holding rows, would be dropped silently: refused.
  const std::string extra = dir.file("extra.db");
  Write(extra, {{3, "completed", 0.9}});
  {
    Database db(extra, Database::Mode::kReadWrite);
    db.Exec("CREATE TABLE notes(x); INSERT INTO notes VALUES (1)");
  }
  try {
    Merge({extra}, out);
    FAIL("rows of an unknown table were dropped");
  } catch (const StoreError& e) {
    CHECK(std::string(e.what()).find("'notes'") != std::string::npos);
  }
  // An input that is also the output is refused before anything is read.
  CHECK_THROWS_AS(Merge({good}, good), Error);
}

TEST_CASE("an input of an older schema merges into the current one with its views", "[merge]") {
  ScratchDir dir("merge-old");
  const std::string old_db = dir.file("old.db"), all = dir.file("all.db");
  Write(old_db, {{1, "completed", 0.91}});
  {
    // Back to version 1, which had the same tables and no views.
    Database db(old_db, Database::Mode::kReadWrite);
    std::vector<std::string> views;
    Statement q(db, "SELECT name FROM sqlite_master WHERE type = 'view'");
    while (q.Step()) views.push_back(q.Text(0));
    for (const std::string& view : views) db.Exec("DROP VIEW " + view);
    db.Exec("PRAGMA user_version = 1");
  }
  const MergeSummary s = Merge({old_db}, all);
  CHECK(s.runs_added == 1);
  CHECK(Count(all, "PRAGMA user_version") == kSchemaVersion);
  ScratchDir fresh_dir("merge-old-fresh");
  const std::string fresh = fresh_dir.file("fresh.db");
  { Store store(fresh); }
  const std::string views = "SELECT COUNT(*) FROM sqlite_master WHERE type = 'view'";
  CHECK(Count(all, views) == Count(fresh, views));
  CHECK(FinalAccuracy(all, 1) == 0.91);
}

TEST_CASE("merge copies the artifacts of each run to its new id", "[merge]") {
  ScratchDir dir("merge-artifacts");
  const std::string a = dir.file("a.db"), b = dir.file("b.db"), all = dir.file("all.db");
  Write(a, {{1, "completed", 0.91}});
  Write(b, {{2, "completed", 0.92}});
  std::filesystem::create_directories(b + ".artifacts/1");
  std::ofstream(b + ".artifacts/1/model.pt") << "weights of seed 2";
  const MergeSummary s = Merge({a, b}, all);
  CHECK(s.artifact_dirs == 1);
  Store store(all, Store::Mode::kReadOnly);
  Statement q(store.db(), "SELECT id FROM runs WHERE run_key = ?1");
  q.Bind(1, Key(2));
  REQUIRE(q.Step());
  CHECK(q.Int(0) == 2);
  CHECK(ReadAll(all + ".artifacts/2/model.pt") == "weights of seed 2");
}

TEST_CASE("mnistbench merge on the command line", "[merge][cli]") {
  ScratchDir dir("merge-cli");
  const std::string a = dir.file("a.db"), b = dir.file("b.db"), all = dir.file("all.db");
  Write(a, {{1, "completed", 0.91}, {2, "completed", 0.92}});
  Write(b, {{2, "completed", 0.99}, {3, "completed", 0.93}});
  CliResult r = RunCli(fmt::format("merge '{}' '{}' -o '{}'", a, b, all));
  CHECK(r.exit_code == 2);
  CHECK(r.err.find("two different completed results") != std::string::npos);
  CHECK(std::count(r.err.begin(), r.err.end(), '\n') == 1);
  CHECK_FALSE(std::filesystem::exists(all));
  r = RunCli(fmt::format("merge '{}' '{}' -o '{}' --prefer newest", a, b, all));
  CHECK(r.exit_code == 0);
  CHECK(r.out.find("3 run(s) added, 1 replaced") != std::string::npos);
  CHECK(FinalAccuracy(all, 2) == 0.99);
  r = RunCli(fmt::format("merge '{}' -o '{}' --prefer sideways", a, all));
  CHECK(r.exit_code == 2);
  r = RunCli(fmt::format("merge '{}'", a));
  CHECK(r.exit_code == 2);
}
