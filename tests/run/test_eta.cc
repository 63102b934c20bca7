// The sweep ETA on a real store with known epoch timings: never below a running run's remainder,
// queued runs at their model's rate, handed to the first free worker.
#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "harness/plan/plan.h"
#include "harness/run/eta.h"
#include "harness/store/store.h"
#include "tests/golden_db.h"
#include "tests/scratch_dir.h"

using namespace mnb;
using namespace mnb::testing;

namespace {

// Four 4-epoch runs: lenet5 completed (4 x 10 s), lenet5 running (1 x 20 s so far), then queued
// a lenet5 and an mlp (no epoch of its own model yet).
int64_t BuildTimedStore(Store& store, int running) {
  const int64_t id = store.UpsertExperiment("eta", "eta.toml", "");
  std::vector<NewRun> rows;
  for (int i = 0; i < 4; ++i) {
    RunSpec spec;
    spec.model = i < 3 ? "lenet5" : "mlp";
    spec.epochs = 4;
    spec.seed = static_cast<uint64_t>(i + 1);
    rows.push_back({RunKey(spec), spec, RunSpecToJson(spec), 100});
  }
  REQUIRE(store.InsertPlan(id, rows) == 4);
  const auto claims = golden::ClaimAll(store, id, 4, 4 - 1 - static_cast<size_t>(running),
                                       {"cpu", 1, "1.13.1", "abc", ""});
  golden::RecordEpochs(store, claims[0], 4, 0.9, 0.0, false, 10.0);
  REQUIRE(store.FinishRun(claims[0], golden::Completed(4, 10)));
  for (int r = 1; r <= running; ++r) golden::RecordEpochs(store, claims[r], 1, 0.9, 0.0, false, 20.0);
  return id;
}

}  // namespace

TEST_CASE("ETA: running remainders, queued runs at their model's rate, first free worker",
          "[eta]") {
  ScratchDir dir("eta");
  {
    Store store(dir.file("one.db"));
    const int64_t id = BuildTimedStore(store, 1);
    const auto runs = store.Runs(id);
    // The running run: 3 epochs left at its own 20 s.
    REQUIRE(RunRemainingSeconds(runs[1]));
    CHECK(*RunRemainingSeconds(runs[1]) == Approx(60));
    // lenet5's rate is (40 + 20) s / 5 epochs = 12 s; the mlp has none, so the sweep's 12 s too.
    // One worker (the running run): 60, then 48 for the queued lenet5, then 48 for the mlp.
    CHECK(*RemainingSeconds(runs) == Approx(156));
  }
  {
    Store store(dir.file("two.db"));
    const int64_t id = BuildTimedStore(store, 2);
    const auto runs = store.Runs(id);
    // Two workers, each 60 s from free (rate (40 + 20 + 20) / 6 epochs per lenet5 epoch); the mlp
    // waits for the first of them: 60 + 4 x 80/6.
    CHECK(*RemainingSeconds(runs) == Approx(60 + 4 * 80.0 / 6));
    for (const RunRow& r : runs) {
      if (r.status == "running") CHECK(*RemainingSeconds(runs) >= *RunRemainingSeconds(r));
    }
    // From the open runs and every run's epochs per model (what `status` reads): the same.
    const OpenRuns open = store.ReadOpenRuns(id);
    CHECK(open.runs.size() < runs.size());
    REQUIRE(RemainingSeconds(open.runs, open.epochs_by_model));
    CHECK(*RemainingSeconds(open.runs, open.epochs_by_model) == Approx(*RemainingSeconds(runs)));
  }
  CHECK_FALSE(RemainingSeconds({}));
}

TEST_CASE("ETA: a run to come counts as a queued run of its model", "[eta]") {
  ScratchDir dir("eta-to-come");
  Store store(dir.file("one.db"));
  const int64_t id = BuildTimedStore(store, 1);
  std::vector<RunRow> runs = store.Runs(id);
  const RunRow to_come = RunToCome(int64_t{1} << 41, id, "lenet5", 4);
  CHECK(to_come.status == "queued");
  CHECK(to_come.epochs_done == 0);
  runs.push_back(to_come);
  // The one-worker case above (156 s), plus 4 lenet5 epochs at 12 s after the rest.
  CHECK(*RemainingSeconds(runs) == Approx(156 + 48));
}
