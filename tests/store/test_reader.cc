// The store's one read entry point on real files: the open sequence every reader goes through,
// the open runs `status` reads (finished runs only from an index) against the full rows, and
// LoadRuns' rows, built from the tables, against the run_summary view column by column.
#include <catch2/catch.hpp>
#include <fmt/format.h>

#include <chrono>
#include <map>
#include <string>
#include <vector>

#include "harness/base/error.h"
#include "harness/plan/plan.h"
#include "harness/store/reader.h"
#include "harness/store/schema.h"
#include "harness/store/store.h"
#include "tests/golden_db.h"
#include "tests/test_support.h"

using namespace mnb;
using mnb::testing::ScratchDir;

namespace {

// Six runs: two completed with 2 epochs, one running with 1, one failed, two queued.
int64_t BuildMixedStore(const std::string& path) {
  Store store(path);
  const int64_t exp = store.UpsertExperiment("mixed", "mixed.toml", "");
  std::vector<NewRun> runs;
  for (int i = 0; i < 6; ++i) {
    RunSpec spec;
    spec.model = i % 2 == 0 ? "lenet5" : "mlp-seed003";
    spec.epochs = 2;
    spec.seed = static_cast<uint64_t>(i + 1);
    runs.push_back({RunKey(spec), spec, RunSpecToJson(spec), 1000 + i});
  }
  store.InsertPlan(exp, runs);
  const WorkerId me = WorkerId::Current();
  auto epoch = [](int64_t e, double seconds) {
    EpochMetrics m;
    m.epoch = e;
    m.train = {0.5, 0.9};
    m.test = SplitMetrics{0.1, 0.9 + 0.01 * static_cast<double>(e)};
    m.seconds = seconds;
    return m;
  };
  for (int done = 0; done < 2; ++done) {
    const auto c = store.ClaimNextRun(exp, me, std::chrono::seconds(600));
    REQUIRE(c);
    REQUIRE(store.RecordEpoch(c->claim, epoch(1, 2.0)));
    REQUIRE(store.RecordEpoch(c->claim, epoch(2, 3.0)));
    RunOutcome outcome;
    outcome.status = RunStatus::kCompleted;
    REQUIRE(store.FinishRun(c->claim, outcome));
  }
  const auto running = store.ClaimNextRun(exp, me, std::chrono::seconds(600));
  REQUIRE(running);
  REQUIRE(store.RecordEpoch(running->claim, epoch(1, 4.0)));
  const auto failed = store.ClaimNextRun(exp, me, std::chrono::seconds(600));
  REQUIRE(failed);
  REQUIRE(store.MarkFailed(failed->claim, "boom"));
  return exp;
}

// What the progress reads fill, as one line.
std::string ProgressFields(const RunRow& r) {
  return fmt::format("{} {} {} {} {} {} {} {} {} {} {} {} {}", r.run_id, r.model, r.status,
                     r.epochs, r.epochs_done, r.seconds, r.run_key, r.seed, r.host, r.pid,
                     r.heartbeat_at, r.error, r.test_accuracy.value_or(-1));
}

}  // namespace

TEST_CASE("StoreReader refuses a missing file with one line naming it and the hint", "[store]") {
  ScratchDir dir("reader-missing");
  const std::string path = dir.file("nope.db");
  CHECK_THROWS_WITH(StoreReader(path, "pass --db"), path + ": no such database (pass --db)");
  try {
    StoreReader reader(path);
  } catch (const Error& e) {
    CHECK(e.kind() == ErrorKind::kBadInput);
  }
}

TEST_CASE("the open runs equal the full rows, and the epochs per model every run's", "[store]") {
  ScratchDir dir("reader-progress");
  const std::string path = dir.file("mixed.db");
  const int64_t exp = BuildMixedStore(path);
  StoreReader reader(path);
  const std::vector<RunRow> all = reader.RunRows(exp);
  const OpenRuns open = reader.ReadOpenRuns(exp);
  REQUIRE(all.size() == 6);
  std::map<std::string, EpochTotals> by_model;
  std::vector<const RunRow*> expected_open;
  for (const RunRow& r : all) {
    by_model[r.model].epochs += r.epochs_done;
    by_model[r.model].seconds += r.seconds;
    if (r.status == "completed") {
      CHECK(r.epochs_done == 2);
      CHECK(r.seconds == 5.0);
      CHECK_FALSE(r.finished_at.empty());
    } else {
      expected_open.push_back(&r);
    }
  }
  REQUIRE(expected_open.size() == 4);
  REQUIRE(open.runs.size() == expected_open.size());
  for (size_t i = 0; i < open.runs.size(); ++i) {
    const RunRow& a = *expected_open[i];
    const RunRow& o = open.runs[i];
    INFO("run " << a.run_id << " " << a.status);
    CHECK(ProgressFields(o) == ProgressFields(a));  // every field, as the full read has it
  }
  REQUIRE(open.epochs_by_model.size() == by_model.size());
  for (const auto& [model, totals] : by_model) {
    INFO(model);
    CHECK(open.epochs_by_model.at(model).epochs == totals.epochs);
    CHECK(open.epochs_by_model.at(model).seconds == Approx(totals.seconds));
  }
  CHECK(all[2].status == "running");
  CHECK(all[2].test_accuracy == Approx(0.91));
  CHECK(all[3].error == "boom");
  CHECK(reader.StatusCounts(exp).at("queued") == 2);
}

TEST_CASE("schema 7's indexes serve the progress reads without the rows' JSON", "[store][schema]") {
  ScratchDir dir("reader-plan");
  const std::string path = dir.file("mixed.db");
  BuildMixedStore(path);
  Database db(path, Database::Mode::kReadOnly);
  CHECK(SchemaVersion(db) == kSchemaVersion);
  auto plan = [&](const std::string& sql) {
    Statement q(db, "EXPLAIN QUERY PLAN " + sql);
    std::string out;
    while (q.Step()) out += q.Text(3) + "\n";
    return out;
  };
  CHECK_THAT(plan("SELECT id, model, status, epochs FROM runs WHERE experiment_id = 1 ORDER BY id"),
             Catch::Contains("COVERING INDEX runs_progress"));
  CHECK_THAT(plan("SELECT r.id FROM runs r WHERE r.experiment_id = 1 AND "
                  "json_extract(r.config_json, '$.search.method') = 'tpe'"),
             Catch::Contains("runs_by_search_method"));
}

namespace {

// Every column LoadRuns fills from the tables equals run_summary's for the same run.
void CheckRunsMatchView(const std::string& path) {
  StoreReader reader(path);
  const std::vector<RunRow> runs = reader.LoadRuns(reader.Experiments());
  Statement q(reader.db(),
              "SELECT run_id, experiment, variant_config, model, seed, epochs, epochs_done, "
              "status, COALESCE(error, ''), COALESCE(device, ''), COALESCE(threads, 0), "
              "COALESCE(torch_version, ''), COALESCE(git_rev, ''), best_epoch, train_loss, "
              "train_accuracy, val_loss, val_accuracy, test_loss, test_accuracy, "
              "seconds_per_epoch, samples_per_second, dataset, optimizer, loss, lr, batch_size, "
              "params, run_key, final_epoch, best_val_accuracy, best_test_accuracy "
              "FROM run_summary ORDER BY run_id");
  const auto optional_int = [&](int c) {
    return q.IsNull(c) ? std::nullopt : std::optional<int64_t>(q.Int(c));
  };
  size_t i = 0;
  for (; q.Step(); ++i) {
    REQUIRE(i < runs.size());
    const RunRow& r = runs[i];
    INFO("run " << r.run_id);
    CHECK(r.run_id == q.Int(0));
    CHECK(r.experiment == q.Text(1));
    CHECK(r.variant_config == q.Text(2));
    CHECK(r.model == q.Text(3));
    CHECK(r.seed == q.Int(4));
    CHECK(r.epochs == q.Int(5));
    CHECK(r.epochs_done == q.Int(6));
    CHECK(r.status == q.Text(7));
    CHECK(r.error == q.Text(8));
    CHECK(r.device == q.Text(9));
    CHECK(r.threads == q.Int(10));
    CHECK(r.torch_version == q.Text(11));
    CHECK(r.git_rev == q.Text(12));
    CHECK(r.best_epoch == optional_int(13));
    CHECK(r.train_loss == q.OptionalDouble(14));
    CHECK(r.train_accuracy == q.OptionalDouble(15));
    CHECK(r.val_loss == q.OptionalDouble(16));
    CHECK(r.val_accuracy == q.OptionalDouble(17));
    CHECK(r.test_loss == q.OptionalDouble(18));
    CHECK(r.test_accuracy == q.OptionalDouble(19));
    // Sums of seconds: SQLite's own order and rounding (newer versions sum compensated).
    REQUIRE(r.seconds_per_epoch.has_value() == !q.IsNull(20));
    if (r.seconds_per_epoch) CHECK(*r.seconds_per_epoch == Approx(q.Double(20)).epsilon(1e-12));
    REQUIRE(r.samples_per_second.has_value() == !q.IsNull(21));
    if (r.samples_per_second) CHECK(*r.samples_per_second == Approx(q.Double(21)).epsilon(1e-12));
    CHECK(r.dataset == q.Text(22));
    CHECK(r.optimizer == q.Text(23));
    CHECK(r.loss == q.Text(24));
    CHECK(r.lr == q.Double(25));
    CHECK(r.batch_size == q.Int(26));
    CHECK(r.params == q.Int(27));
    CHECK(r.run_key == q.Text(28));
    CHECK(r.final_epoch == optional_int(29));
    CHECK(r.best_val_accuracy == q.OptionalDouble(30));
    CHECK(r.best_test_accuracy == q.OptionalDouble(31));
  }
  CHECK(i == runs.size());
}

}  // namespace

TEST_CASE("LoadRuns equals the run_summary view on the golden store", "[store][golden]") {
  ScratchDir dir("reader-runs-golden");
  const std::string path = dir.file("golden.db");
  mnb::testing::BuildGoldenDb(path);
  CheckRunsMatchView(path);
}

TEST_CASE("LoadRuns equals the run_summary view where epochs are odd", "[store]") {
  // Written as older versions or other writers may leave them: a best epoch tied with a later
  // one, validation accuracy missing in one epoch, no validation at all, NULL seconds and
  // samples per second, three epochs, and runs with none.
  ScratchDir dir("reader-runs-odd");
  const std::string path = dir.file("odd.db");
  BuildMixedStore(path);
  {
    Database db(path, Database::Mode::kReadWrite);
    db.Exec("DELETE FROM epochs");
    db.Exec(
        "INSERT INTO epochs (run_id, epoch, train_loss, train_accuracy, val_loss, val_accuracy, "
        "test_loss, test_accuracy, seconds, samples_per_second) VALUES "
        "(1, 1, 0.9, 0.7, 0.5, 0.80, 0.5, 0.79, 1.5, 100),"
        "(1, 2, 0.8, 0.8, 0.4, 0.85, 0.4, 0.84, NULL, NULL),"
        "(1, 3, 0.7, 0.9, 0.4, 0.85, 0.4, 0.86, 2.25, 300),"  // ties epoch 2: 2 stays best
        "(2, 1, 0.9, 0.7, NULL, NULL, 0.5, 0.90, NULL, NULL),"
        "(2, 2, 0.8, 0.8, NULL, NULL, 0.4, 0.88, NULL, NULL),"  // no validation: test decides
        "(3, 1, 0.9, 0.7, NULL, NULL, NULL, NULL, 1.0, 50),"    // nothing to rank: epoch 1
        "(3, 2, 0.8, 0.8, 0.3, 0.70, 0.3, 0.71, 1.0, NULL),"    // a value beats NULL
        "(4, 1, 0.9, 0.7, NULL, NULL, NULL, NULL, 0.1, 10),"
        "(4, 2, 0.8, 0.8, NULL, NULL, NULL, NULL, 0.2, 20),"
        "(4, 3, 0.7, 0.9, NULL, NULL, NULL, NULL, 0.3, 30)");  // no accuracy at all
  }
  CheckRunsMatchView(path);
  StoreReader reader(path);
  const std::vector<RunRow> runs = reader.LoadRuns(reader.Experiments());
  REQUIRE(runs.size() == 6);
  CHECK(runs[0].best_epoch == 2);
  CHECK(runs[1].best_epoch == 1);
  CHECK(runs[2].best_epoch == 2);
  CHECK(runs[3].best_epoch == 1);
  CHECK(runs[3].final_epoch == 3);
  CHECK(runs[4].epochs_done == 0);
  CHECK_FALSE(runs[4].final_epoch);
  CHECK_FALSE(runs[4].best_epoch);
}
