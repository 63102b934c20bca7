// The store's one read entry point on real files: the open sequence every reader goes through,
// and the progress rows `status` reads from an index (kActive) against the full rows (kAll).
#include <catch2/catch.hpp>

#include <chrono>
#include <string>
#include <vector>

#include "harness/base/error.h"
#include "harness/plan/plan.h"
#include "harness/store/reader.h"
#include "harness/store/schema.h"
#include "harness/store/store.h"
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

TEST_CASE("progress rows from the index equal the full rows where status reads them", "[store]") {
  ScratchDir dir("reader-progress");
  const std::string path = dir.file("mixed.db");
  const int64_t exp = BuildMixedStore(path);
  StoreReader reader(path);
  const std::vector<RunRow> all = reader.RunRows(exp);
  const std::vector<RunRow> active = reader.RunRows(exp, StoreReader::RunDetail::kActive);
  REQUIRE(all.size() == 6);
  REQUIRE(active.size() == all.size());
  int open = 0;
  for (size_t i = 0; i < all.size(); ++i) {
    INFO("run " << all[i].id << " " << all[i].status);
    CHECK(active[i].id == all[i].id);
    CHECK(active[i].model == all[i].model);
    CHECK(active[i].status == all[i].status);
    CHECK(active[i].epochs == all[i].epochs);
    CHECK(active[i].epochs_done == all[i].epochs_done);
    CHECK(active[i].seconds == all[i].seconds);
    if (all[i].status == "completed") {
      CHECK(all[i].epochs_done == 2);
      CHECK(all[i].seconds == 5.0);
      CHECK_FALSE(all[i].finished_at.empty());
      CHECK(active[i].run_key.empty());  // left out: what status does not print
      continue;
    }
    ++open;  // every field, as the full read has it
    CHECK(active[i].run_key == all[i].run_key);
    CHECK(active[i].seed == all[i].seed);
    CHECK(active[i].host == all[i].host);
    CHECK(active[i].pid == all[i].pid);
    CHECK(active[i].heartbeat_at == all[i].heartbeat_at);
    CHECK(active[i].error == all[i].error);
    CHECK(active[i].last_test_accuracy == all[i].last_test_accuracy);
  }
  CHECK(open == 4);
  CHECK(all[2].status == "running");
  CHECK(all[2].last_test_accuracy == Approx(0.91));
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
