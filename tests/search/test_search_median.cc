// The median stopping rule on hand-written learning curves.
#include <catch2/catch.hpp>

#include "harness/search/median_pruner.h"

using namespace mnb::search;

namespace {

RunCurve Curve(int64_t id, std::vector<double> values) {
  RunCurve run{id, {}};
  for (size_t i = 0; i < values.size(); ++i)
    run.epochs.push_back({static_cast<int64_t>(i + 1), values[i]});
  return run;
}

// Five completed runs of 4 epochs. Medians: epoch 1 0.45, epoch 2 0.58, epoch 3 0.68.
std::vector<RunCurve> Completed() {
  return {Curve(1, {0.50, 0.60, 0.70, 0.80}), Curve(2, {0.40, 0.55, 0.65, 0.75}),
          Curve(3, {0.45, 0.58, 0.68, 0.78}), Curve(4, {0.55, 0.62, 0.72, 0.82}),
          Curve(5, {0.35, 0.50, 0.60, 0.70})};
}

std::vector<EpochMetric> So(std::vector<double> values) { return Curve(0, values).epochs; }

}  // namespace

TEST_CASE("median rule: prunes exactly the runs below the median at their epoch",
          "[search][median]") {
  const MedianSpec spec;  // 5 start-up runs, from epoch 1, maximise
  const auto completed = Completed();
  // Run, curve so far, pruned? — decided by hand from the medians above.
  CHECK_FALSE(DecideMedian(spec, completed, 10, So({0.46}), 4).prune());
  CHECK(DecideMedian(spec, completed, 11, So({0.44}), 4).prune());
  CHECK(DecideMedian(spec, completed, 12, So({0.50, 0.57}), 4).prune());
  CHECK_FALSE(DecideMedian(spec, completed, 13, So({0.45, 0.58}), 4).prune());  // equal: goes on
  // Judged by its best so far (Optuna): 0.60 at epoch 1 beats epoch 2's median 0.58.
  CHECK_FALSE(DecideMedian(spec, completed, 14, So({0.60, 0.55}), 4).prune());
  CHECK(DecideMedian(spec, completed, 15, So({0.40, 0.50, 0.67}), 4).prune());

  const PruneDecision d = DecideMedian(spec, completed, 12, So({0.50, 0.57}), 4);
  CHECK(d.checked);
  CHECK(d.epoch == 2);
  CHECK(d.cutoff == 0.58);
  CHECK(d.compared == 5);
  CHECK(d.Why() == "epoch 2: best so far 0.57 falls short of the median 0.58 of 5 completed runs");
}

TEST_CASE("median rule: start-up, warm-up, the budget and missing epochs are not checked",
          "[search][median]") {
  auto completed = Completed();
  const MedianSpec spec;
  // Fewer than 5 completed: no pruning at all.
  const std::vector<RunCurve> four(completed.begin(), completed.begin() + 4);
  CHECK_FALSE(DecideMedian(spec, four, 11, So({0.10}), 4).checked);
  // Before min_epochs.
  CHECK_FALSE(DecideMedian({5, 2, true}, completed, 11, So({0.10}), 4).checked);
  CHECK(DecideMedian({5, 2, true}, completed, 11, So({0.10, 0.20}), 4).prune());
  // At its budget a run completes rather than being pruned.
  CHECK_FALSE(DecideMedian(spec, completed, 11, So({0.1, 0.1, 0.1, 0.1}), 4).checked);
  // No completed run reached epoch 5: nothing to compare with.
  CHECK_FALSE(DecideMedian(spec, completed, 11, So({0.1, 0.1, 0.1, 0.1, 0.1}), 8).checked);
  // A run's own rows among the completed ones are skipped (the others' median is used).
  CHECK(DecideMedian(spec, completed, 1, So({0.46}), 4).compared == 4);
}

TEST_CASE("median rule: even counts average the middle pair; losses minimise",
          "[search][median]") {
  const auto completed = Completed();
  const std::vector<RunCurve> four(completed.begin(), completed.begin() + 4);
  // Epoch 1 of runs 1-4: 0.40 0.45 0.50 0.55, median 0.475.
  const PruneDecision d = DecideMedian({4, 1, true}, four, 10, So({0.46}), 4);
  CHECK(d.cutoff == Approx(0.475));
  CHECK(d.prune());

  const std::vector<RunCurve> losses = {Curve(1, {2.0, 1.0}), Curve(2, {1.5, 0.8}),
                                        Curve(3, {1.8, 0.9})};
  CHECK(DecideMedian({3, 1, false}, losses, 9, So({1.9}), 2).prune());
  CHECK_FALSE(DecideMedian({3, 1, false}, losses, 9, So({1.7}), 2).prune());
}
