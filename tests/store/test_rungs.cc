// Rung rows as the store keeps them (harness/store/rungs.h): one per run and epoch, a "prune"
// ends its run as 'pruned', and every reader stays inside the run's own experiment.
#include <catch2/catch.hpp>
#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <chrono>
#include <optional>
#include <string>
#include <vector>

#include "harness/store/rungs.h"
#include "harness/store/store.h"
#include "tests/error_matchers.h"
#include "tests/scratch_dir.h"
#include "tests/store/store_fixtures.h"

using namespace mnb;
using namespace mnb::testing;

namespace {

// Plans `runs` runs of the default spec (seeds 1..runs) in a new experiment; returns its id.
int64_t PlanExperiment(Store& store, const std::string& name, int runs) {
  const int64_t id = store.UpsertExperiment(name, name + ".toml", "");
  REQUIRE(store.InsertPlan(id, MakeRuns(runs)) == runs);
  return id;
}

// One column of a run's row, "-" when NULL.
std::string RunField(Store& store, int64_t run_id, const std::string& column) {
  Statement q(store.db(), fmt::format("SELECT COALESCE({}, '-') FROM runs WHERE id = ?1", column));
  q.Bind(1, run_id);
  REQUIRE(q.Step());
  return q.Text(0);
}

RungRow Rung(int64_t run_id, int64_t epoch, const std::string& rule, std::optional<double> metric,
             const std::string& decision) {
  // run_id, epoch, rule, metric, cutoff, decision, compared, kept, why
  return {run_id, epoch, rule, metric, std::nullopt, decision, 0, std::nullopt, "by hand"};
}

// Claims the next run, which must be `run_id`, and records (epoch, val loss, val accuracy)
// triples; a loss below zero records the epoch without a validation split.
RunClaim Train(Store& store, int64_t experiment, int64_t run_id,
               const std::vector<std::array<double, 3>>& epochs) {
  const auto claimed = store.ClaimNextRun(experiment, WorkerId::Current(), std::chrono::hours(1));
  REQUIRE(claimed);
  REQUIRE(claimed->claim.run_id == run_id);
  for (const auto& [epoch, loss, accuracy] : epochs) {
    EpochMetrics m;
    m.epoch = static_cast<int64_t>(epoch);
    if (loss >= 0) m.val = SplitMetrics{loss, accuracy};
    REQUIRE(store.RecordEpoch(claimed->claim, m));
  }
  return claimed->claim;
}

// "run:epoch:value" for each row, "-" for a missing value.
std::vector<std::string> Show(const std::vector<EpochValue>& rows) {
  std::vector<std::string> out;
  for (const EpochValue& e : rows) {
    out.push_back(fmt::format("{}:{}:{}", e.run_id, e.epoch, e.value ? fmt::format("{}", *e.value)
                                                                      : std::string("-")));
  }
  return out;
}

std::vector<int64_t> RunIds(const std::vector<RungRow>& rows) {
  std::vector<int64_t> ids;
  for (const RungRow& r : rows) ids.push_back(r.run_id);
  std::sort(ids.begin(), ids.end());
  return ids;
}

}  // namespace

TEST_CASE("rungs: a written rung reads back field by field and only once per run and epoch",
          "[store][search]") {
  ScratchDir dir("rungs-rows");
  Store store(dir.file("r.db"));
  PlanExperiment(store, "exp", 2);
  RungRow asha = Rung(1, 3, "asha", 0.91, "continue");
  asha.cutoff = 0.9;
  asha.compared = 4;
  asha.kept = 2;
  WriteRung(store.db(), asha);
  WriteRung(store.db(), Rung(2, 3, "median", std::nullopt, "continue"));

  const std::optional<RungRow> back = ReadRung(store.db(), 1, 3);
  REQUIRE(back);
  CHECK(back->run_id == 1);
  CHECK(back->epoch == 3);
  CHECK(back->rule == "asha");
  CHECK(back->metric == 0.91);
  CHECK(back->decision == "continue");
  CHECK(back->cutoff == 0.9);
  CHECK(back->compared == 4);
  CHECK(back->kept == 2);
  CHECK(back->why == "by hand");
  const std::optional<RungRow> bare = ReadRung(store.db(), 2, 3);
  REQUIRE(bare);  // NULL metric, cutoff and kept come back empty
  CHECK_FALSE(bare->metric);
  CHECK_FALSE(bare->cutoff);
  CHECK_FALSE(bare->kept);
  CHECK_FALSE(ReadRung(store.db(), 1, 1));
  CHECK_FALSE(ReadRung(store.db(), 3, 3));
  // "continue" leaves the run as it was.
  CHECK(RunField(store, 1, "status") == "queued");
  CHECK(RunField(store, 1, "pruned_epoch") == "-");

  // A second row for (run, epoch) is our own bug, not the user's input; the first one stays.
  CHECK_THROWS_MATCHES(WriteRung(store.db(), Rung(1, 3, "asha", 0.5, "prune")), StoreError,
                       IsKind(ErrorKind::kInternal));
  CHECK(ReadRung(store.db(), 1, 3)->decision == "continue");
  CHECK(RunField(store, 1, "status") == "queued");
  // Only the pruners' own words are stored.
  CHECK_THROWS_AS(WriteRung(store.db(), Rung(1, 4, "hyperband", 0.5, "continue")), StoreError);
  CHECK_THROWS_AS(WriteRung(store.db(), Rung(1, 4, "asha", 0.5, "stop")), StoreError);
  CHECK_FALSE(ReadRung(store.db(), 1, 4));
}

TEST_CASE("rungs: a prune rung ends its run as pruned at that epoch for good", "[store][search]") {
  ScratchDir dir("rungs-prune");
  Store store(dir.file("r.db"));
  const int64_t id = PlanExperiment(store, "exp", 2);
  const RunClaim claim = Train(store, id, 1, {{1, 0.4, 0.8}, {2, 0.3, 0.85}});
  WriteRung(store.db(), Rung(1, 2, "median", 0.85, "prune"));
  CHECK(RunField(store, 1, "status") == "pruned");
  CHECK(RunField(store, 1, "pruned_epoch") == "2");
  CHECK(RunField(store, 1, "finished_at") != "-");
  CHECK(RunField(store, 2, "status") == "queued");
  // The pruned run's claim no longer holds, and no worker takes or requeues the run again.
  CHECK_FALSE(store.FinishRun(claim, RunOutcome{}));
  CHECK(RunField(store, 1, "status") == "pruned");
  CHECK(store.RequeueFailed(id) == 0);
  const auto next = store.ClaimNextRun(id, WorkerId::Current(), std::chrono::hours(1));
  REQUIRE(next);
  CHECK(next->claim.run_id == 2);
  CHECK_FALSE(store.ClaimNextRun(id, WorkerId::Current(), std::chrono::hours(1)));
}

TEST_CASE("rungs: RungsAt keeps one rule and epoch with a metric in the run's experiment",
          "[store][search]") {
  ScratchDir dir("rungs-at");
  Store store(dir.file("r.db"));
  PlanExperiment(store, "exp", 4);    // runs 1-4
  PlanExperiment(store, "other", 1);  // run 5
  WriteRung(store.db(), Rung(1, 1, "asha", 0.9, "continue"));
  WriteRung(store.db(), Rung(2, 1, "asha", 0.85, "prune"));
  WriteRung(store.db(), Rung(3, 1, "asha", std::nullopt, "prune"));  // no metric: left out
  WriteRung(store.db(), Rung(4, 1, "median", 0.8, "continue"));
  WriteRung(store.db(), Rung(4, 2, "asha", 0.7, "continue"));
  WriteRung(store.db(), Rung(5, 1, "asha", 0.99, "continue"));
  // The asking run itself is among them; run 5's row belongs to another experiment.
  CHECK(RunIds(RungsAt(store.db(), 2, 1, "asha")) == std::vector<int64_t>{1, 2});
  CHECK(RunIds(RungsAt(store.db(), 4, 1, "asha")) == std::vector<int64_t>{1, 2});
  CHECK(RunIds(RungsAt(store.db(), 1, 1, "median")) == std::vector<int64_t>{4});
  CHECK(RunIds(RungsAt(store.db(), 1, 2, "asha")) == std::vector<int64_t>{4});
  CHECK(RunIds(RungsAt(store.db(), 5, 1, "asha")) == std::vector<int64_t>{5});
  CHECK(RungsAt(store.db(), 1, 3, "asha").empty());
  const std::vector<RungRow> one = RungsAt(store.db(), 3, 2, "asha");
  REQUIRE(one.size() == 1);
  CHECK(one[0].metric == 0.7);
  CHECK(one[0].why == "by hand");
}

TEST_CASE("rungs: the pruners' curves are the store's epochs ordered by run and epoch",
          "[store][search]") {
  ScratchDir dir("rungs-curves");
  Store store(dir.file("r.db"));
  const int64_t id = PlanExperiment(store, "exp", 4);  // runs 1-4
  const int64_t other = PlanExperiment(store, "other", 1);  // run 5
  // Epochs recorded out of order on purpose: the readers sort them.
  REQUIRE(store.FinishRun(Train(store, id, 1, {{2, 0.3, 0.85}, {1, 0.4, 0.8}}), RunOutcome{}));
  REQUIRE(store.FinishRun(Train(store, id, 2, {{1, 0.5, 0.7}, {2, -1, 0}}), RunOutcome{}));
  REQUIRE(store.MarkFailed(Train(store, id, 3, {{1, 0.2, 0.9}}), "boom"));
  Train(store, id, 4, {{2, 0.55, 0.65}, {1, 0.6, 0.6}});  // still running
  REQUIRE(store.FinishRun(Train(store, other, 5, {{1, 0.1, 0.99}}), RunOutcome{}));

  // Completed runs only (not the failed run 3, the running run 4 or run 5 of "other").
  CHECK(Show(CompletedCurves(store.db(), 4, RungMetric::kValAccuracy)) ==
        std::vector<std::string>{"1:1:0.8", "1:2:0.85", "2:1:0.7", "2:2:-"});
  CHECK(Show(CompletedCurves(store.db(), 4, RungMetric::kValLoss)) ==
        std::vector<std::string>{"1:1:0.4", "1:2:0.3", "2:1:0.5", "2:2:-"});
  // Never the asking run's own epochs.
  CHECK(Show(CompletedCurves(store.db(), 1, RungMetric::kValLoss)) ==
        std::vector<std::string>{"2:1:0.5", "2:2:-"});
  CHECK(CompletedCurves(store.db(), 5, RungMetric::kValAccuracy).empty());

  CHECK(Show(RunCurve(store.db(), 4, RungMetric::kValLoss)) ==
        std::vector<std::string>{"4:1:0.6", "4:2:0.55"});
  CHECK(Show(RunCurve(store.db(), 3, RungMetric::kValAccuracy)) ==
        std::vector<std::string>{"3:1:0.9"});
  CHECK(RunCurve(store.db(), 99, RungMetric::kValAccuracy).empty());
}
