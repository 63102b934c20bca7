// JudgeEpoch (harness/run/prune_epoch.h) inside Store::RecordEpoch's transaction on a real store:
// ASHA and the median rule judge among their own experiment's rows, record what they decided,
// return a recorded decision unchanged, and prune where the metric is missing.
#include <catch2/catch.hpp>

#include <chrono>
#include <optional>
#include <string>

#include "harness/run/prune_epoch.h"
#include "harness/store/rungs.h"
#include "harness/store/store.h"
#include "tests/scratch_dir.h"
#include "tests/store/store_fixtures.h"

using namespace mnb;
using namespace mnb::testing;
using search::PruneDecision;

namespace {

// `rule` on `metric`: first judged at epoch 1; ASHA keeps the top 1/2, the median rule waits
// for 2 completed runs.
PruneSettings Rule(const std::string& rule, const std::string& metric) {
  return {rule, metric, /*min_epochs=*/1, /*reduction_factor=*/2, /*startup_trials=*/2};
}

// Experiment `name` with `runs` queued runs (seeds 1..runs); its id.
int64_t PlanRuns(Store& store, const std::string& name, int runs) {
  const int64_t id = store.UpsertExperiment(name, name + ".toml", "");
  REQUIRE(store.InsertPlan(id, MakeRuns(runs)) == runs);
  return id;
}

// The first column of the first row of `sql`, as text.
std::string Text(Store& store, const std::string& sql) {
  Statement q(store.db(), sql);
  q.Step();
  return q.Text(0);
}

RunClaim Claim(Store& store, int64_t experiment) {
  const auto claimed = store.ClaimNextRun(experiment, WorkerId::Current(), std::chrono::hours(1));
  REQUIRE(claimed);
  return claimed->claim;
}

// A fresh store with experiment `name` of two ASHA runs, both claimed.
struct TwoAshaRuns {
  explicit TwoAshaRuns(const std::string& name)
      : dir(name), store(dir.file("r.db")), id(PlanRuns(store, "asha", 2)),
        one(Claim(store, id)), two(Claim(store, id)) {}
  ScratchDir dir;
  Store store;
  const PruneSettings asha = Rule("asha", "val_accuracy");
  int64_t id;
  RunClaim one, two;
};

// Records `epoch` with validation (loss, accuracy), or none, and judges it as the runner does.
PruneDecision Judge(Store& store, const RunClaim& claim, const PruneSettings& s,
                    int64_t max_epochs, int64_t epoch, std::optional<SplitMetrics> val) {
  EpochMetrics m;
  m.epoch = epoch;
  m.val = val;
  std::optional<double> metric;
  if (val) metric = s.metric == "val_loss" ? val->loss : val->accuracy;
  PruneDecision d;
  REQUIRE(store.RecordEpoch(claim, m, [&](Database& db) {
    d = JudgeEpoch(db, claim.run_id, s, max_epochs, epoch, metric);
  }));
  return d;
}

SplitMetrics Acc(double accuracy) { return {1 - accuracy, accuracy}; }
SplitMetrics Loss(double loss) { return {loss, 1 - loss}; }

}  // namespace

TEST_CASE("JudgeEpoch: ASHA judges a rung among its experiment's rung rows and records it",
          "[search][store]") {
  ScratchDir dir("judge-asha");
  Store store(dir.file("r.db"));
  const PruneSettings asha = Rule("asha", "val_accuracy");  // 4 epochs: rungs at 1 and 2
  const int64_t id = PlanRuns(store, "asha", 3);             // runs 1-3
  PlanRuns(store, "other", 1);                               // run 4: would be the best
  // run_id, epoch, rule, metric, cutoff, decision, compared, kept, why
  WriteRung(store.db(), {4, 1, "asha", 0.99, 0.99, "continue", 1, 1, "alone"});
  const RunClaim one = Claim(store, id), two = Claim(store, id), three = Claim(store, id);

  // Alone at the rung: kept = max(1, floor(1/2)) = 1, the cutoff is its own 0.9.
  PruneDecision d = Judge(store, one, asha, 4, 1, Acc(0.9));
  CHECK_FALSE(d.prune());
  CHECK(d.compared == 1);
  CHECK(d.cutoff == 0.9);
  // {0.9, 0.8}: keep floor(2/2) = 1, cutoff 0.9, so 0.8 is pruned.
  d = Judge(store, two, asha, 4, 1, Acc(0.8));
  CHECK(d.prune());
  CHECK(d.compared == 2);
  CHECK(d.kept == 1);
  CHECK(d.cutoff == 0.9);
  const std::optional<RungRow> row = ReadRung(store.db(), two.run_id, 1);
  REQUIRE(row);
  CHECK(row->decision == "prune");
  CHECK(row->metric == 0.8);
  CHECK(row->kept == 1);
  CHECK(row->why == "rung 0 (epoch 1): 0.8 falls short of the cutoff 0.9, the 1st best of 2 "
                    "runs (top 1/2)");
  CHECK(Count(store, "SELECT COUNT(*) FROM runs WHERE id = 2 AND status = 'pruned' "
                     "AND pruned_epoch = 1") == 1);
  // {0.95, 0.9, 0.8}: keep floor(3/2) = 1, the cutoff is 0.95 itself.
  d = Judge(store, three, asha, 4, 1, Acc(0.95));
  CHECK_FALSE(d.prune());
  CHECK(d.compared == 3);
  CHECK(d.cutoff == 0.95);
  // Rung 1 (epoch 2): run 1 alone there. Epoch 3 is no rung: nothing is written.
  CHECK_FALSE(Judge(store, one, asha, 4, 2, Acc(0.5)).prune());
  CHECK_FALSE(Judge(store, one, asha, 4, 3, Acc(0.5)).checked);
  CHECK_FALSE(ReadRung(store.db(), one.run_id, 3));
  CHECK(Count(store, "SELECT COUNT(*) FROM rungs") == 5);
  // The pruned run is a result: its claim is gone and no worker takes it again.
  CHECK_FALSE(store.FinishRun(two, RunOutcome{}));
  REQUIRE(store.FinishRun(one, RunOutcome{}));
  REQUIRE(store.FinishRun(three, RunOutcome{}));
  CHECK(store.RequeueFailed(id) == 0);
  CHECK_FALSE(store.ClaimNextRun(id, WorkerId::Current(), std::chrono::seconds(0)));
}

TEST_CASE("JudgeEpoch: a resumed run that re-trains an epoch gets the recorded decision",
          "[search][store]") {
  TwoAshaRuns f("judge-resume");
  auto& [dir, store, asha, id, one, two] = f;
  const PruneDecision first = Judge(store, one, asha, 4, 1, Acc(0.9));
  CHECK_FALSE(first.prune());
  CHECK_FALSE(Judge(store, two, asha, 4, 1, Acc(0.95)).prune());  // {0.95, 0.9}: cutoff 0.95
  // Run 1 is interrupted and resumed; judged afresh its re-trained 0.5 would fall short of 0.95.
  REQUIRE(store.MarkInterrupted(one));
  const RunClaim again = Claim(store, id);
  REQUIRE(again.run_id == one.run_id);
  const PruneDecision d = Judge(store, again, asha, 4, 1, Acc(0.5));
  CHECK(d.checked);
  CHECK_FALSE(d.prune());
  CHECK(d.metric == 0.9);
  CHECK(d.cutoff == 0.9);
  CHECK(d.compared == 1);
  CHECK(d.Why() == first.Why());  // the rung and its "top 1/rf" as first written
  CHECK(d.Why() == Text(store, "SELECT why FROM rungs WHERE run_id = " +
                                   std::to_string(one.run_id)));
  CHECK(Count(store, "SELECT COUNT(*) FROM rungs") == 2);
  CHECK(Count(store, "SELECT COUNT(*) FROM runs WHERE status = 'running'") == 2);
}

TEST_CASE("JudgeEpoch: the median rule reads only completed runs of the same experiment",
          "[search][store]") {
  ScratchDir dir("judge-median");
  Store store(dir.file("r.db"));
  const PruneSettings median = Rule("median", "val_loss");  // 2 start-up runs, lower is better
  const int64_t id = PlanRuns(store, "median", 3);           // runs 1-3
  const int64_t noise = PlanRuns(store, "noise", 2);         // runs 4-5, far better losses
  const double losses[2][3] = {{0.5, 0.3, 0.2}, {0.7, 0.5, 0.4}};
  for (const auto& curve : losses) {
    const RunClaim c = Claim(store, id);
    for (int64_t e = 1; e <= 3; ++e) {
      CHECK_FALSE(Judge(store, c, median, 3, e, Loss(curve[e - 1])).checked);  // < 2 completed
    }
    REQUIRE(store.FinishRun(c, RunOutcome{}));
  }
  for (int i = 0; i < 2; ++i) {
    const RunClaim c = Claim(store, noise);
    Judge(store, c, Rule("none", "val_loss"), 3, 1, Loss(0.01));  // recorded, not judged
    REQUIRE(store.FinishRun(c, RunOutcome{}));
  }
  const RunClaim three = Claim(store, id);
  // Epoch 1: median of {0.5, 0.7} = 0.6; 0.55 is better. With runs 4-5 it would be 0.255.
  PruneDecision d = Judge(store, three, median, 3, 1, Loss(0.55));
  CHECK_FALSE(d.prune());
  CHECK(d.compared == 2);
  CHECK(d.cutoff == Approx(0.6));
  // Epoch 2: median of {0.3, 0.5} = 0.4; the best so far, 0.45, falls short of it.
  d = Judge(store, three, median, 3, 2, Loss(0.45));
  CHECK(d.prune());
  CHECK(d.metric == 0.45);
  CHECK(d.cutoff == Approx(0.4));
  const std::optional<RungRow> row = ReadRung(store.db(), three.run_id, 2);
  REQUIRE(row);
  CHECK(row->rule == "median");
  CHECK_FALSE(row->kept);
  CHECK(row->why == "epoch 2: best so far 0.45 falls short of the median 0.4 of 2 completed runs");
  CHECK(Count(store, "SELECT COUNT(*) FROM rungs") == 2);  // run 3's epochs 1 and 2 only
  CHECK(Count(store, "SELECT pruned_epoch FROM runs WHERE id = 3 AND status = 'pruned'") == 2);
}

TEST_CASE("JudgeEpoch: ASHA prunes a missing metric and the median rule a run without any",
          "[search][store]") {
  TwoAshaRuns f("judge-missing");
  auto& [dir, store, asha, a, first, second] = f;
  CHECK(Judge(store, first, asha, 4, 1, std::nullopt).prune());
  const std::optional<RungRow> row = ReadRung(store.db(), first.run_id, 1);
  REQUIRE(row);
  CHECK_FALSE(row->metric);  // NaN is stored as NULL, so later runs do not compare with it
  CHECK(Judge(store, second, asha, 4, 1, Acc(0.1)).compared == 1);

  PruneSettings median = Rule("median", "val_accuracy");
  median.startup_trials = 1;
  const int64_t m = PlanRuns(store, "median", 2);
  const RunClaim done = Claim(store, m);
  CHECK_FALSE(Judge(store, done, median, 3, 1, Acc(0.5)).checked);
  REQUIRE(store.FinishRun(done, RunOutcome{}));
  const RunClaim blind = Claim(store, m);
  CHECK(Judge(store, blind, median, 3, 1, std::nullopt).prune());
  CHECK(Count(store, "SELECT COUNT(*) FROM runs WHERE status = 'pruned'") == 2);

  // No rule: nothing is judged or written.
  const int64_t none = PlanRuns(store, "none", 1);
  CHECK_FALSE(Judge(store, Claim(store, none), Rule("none", "val_accuracy"), 4, 1, std::nullopt)
                  .checked);
  CHECK(Count(store, "SELECT COUNT(*) FROM rungs") == 3);  // asha 2, median 1
}
