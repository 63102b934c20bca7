// The golden results database: a small, fully deterministic store written through the real Store
// API with fixed metrics (no training), shared by the golden renderer tests (test_golden.cc) and
// the results reader's tests (test_results.cc).
//
// Contract: BuildGoldenDb writes, into a fresh file, three experiments:
//   1. kGoldenToml (also the experiment `check` evaluates): lenet5 at two batch sizes and an
//      inline MLP with a hostile name, three seeds each, Dig-MNIST as an extra eval set. Run ids
//      1-9 in plan order: lenet5 b32 seeds 1-3 completed; lenet5 b64 seed 1 completed, seed 2
//      failed (hostile error), seed 3 interrupted after one epoch; mlp seeds 1-3 completed.
//   2. kGoldenKannada: no validation split (best epoch by test accuracy), two tiny-cnn variants
//      with exactly equal means (a shared rank), a tiny-mlp with one completed seed (no std),
//      one diverged, one queued and one running run (ids 10-17).
//   3. kGoldenEmpty: no runs at all.
//   4. kGoldenSweep, for the comparison plots: grid-cnn over lr {0.001, 0.01, 0.1} x batch_size
//      {32, 128} (a heat map with a log-spaced key), grid-mlp and grid-wide (more parameters,
//      slower: Pareto fronts with dominated points), two seeds each but grid-wide's one, all
//      completed with a validation split (ids 18-32; the first experiment's environment).
// Every value is a fixed function of run and epoch, so the same file comes out every time
// (timestamps, host and pid aside, which no renderer shows).
#ifndef MNISTBENCH_TESTS_GOLDEN_DB_H_
#define MNISTBENCH_TESTS_GOLDEN_DB_H_

#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "harness/config/experiment.h"
#include "harness/plan/plan.h"
#include "harness/store/store.h"

namespace mnb::testing {

inline const char* kGoldenToml = R"toml(name = "golden | <check> & \"co\""
[dataset]
name = "mnist"
val_size = 100
limit_train = 500
limit_test = 200
eval_sets = ["dig-mnist"]
[grid]
epochs = 3
seed = [1, 2, 3]
[[model]]
name = "lenet5"
grid = { batch_size = [32, 64] }
expect = { min_test_accuracy = 90.0, max_seconds_per_epoch = 2.0 }
[[model]]
name = "mlp|<b>&\"q\""
layers = "flatten, dense(8), relu, dense(10)"
expect = { max_test_loss = 0.2 }
)toml";

inline const char* kGoldenKannada = "kannada: ties_and_*stars* [x]";
inline const char* kGoldenEmpty = "empty";
inline const char* kGoldenSweep = "sweep: lr \xC3\x97 batch_size <grid> & 'q'";
inline const char* kGoldenError =
    "boom | <img src=x onerror=alert(1)> & \"quoted\", line\nsecond line";

namespace golden {

// One epoch's metrics: `skill` sets the level, each epoch adds `slope` (0: a flat curve, whose
// best epoch is the earliest); no validation split when `with_val` is false. The numbers are
// deliberately not round, so a change of summation order shows.
inline EpochMetrics Epoch(int64_t epoch, double skill, double slope, bool with_val,
                          double seconds) {
  EpochMetrics m;
  m.epoch = epoch;
  const double acc = skill + slope * static_cast<double>(epoch);
  m.train = {0.9 - acc * 0.7, acc + 0.011};
  if (with_val) m.val = SplitMetrics{1.0 - acc * 0.8, acc - 0.007};
  m.test = SplitMetrics{1.1 - acc, acc};
  m.evals = {{"dig-mnist", {2.3 - acc, acc * 0.61}}};
  m.lr = 1e-3;
  m.seconds = seconds;
  m.samples_per_second = 400.0 / seconds;
  return m;
}

inline RunOutcome Completed(int64_t epochs, int64_t diagonal) {
  RunOutcome outcome;
  outcome.epochs_done = epochs;
  outcome.confusion.assign(10, std::vector<int64_t>(10, 0));
  for (int t = 0; t < 10; ++t) {
    outcome.confusion[t][t] = diagonal + t;
    outcome.confusion[t][(t + 1) % 10] = 1 + t % 3;
  }
  outcome.per_class = ClassMetricsFromConfusion(outcome.confusion);
  return outcome;
}

// Claims every queued run of `experiment` but the last `leave_queued`, in id order.
inline std::vector<RunClaim> ClaimAll(Store& store, int64_t experiment, size_t runs,
                                      size_t leave_queued, const RunEnvironment& env) {
  std::vector<RunClaim> claims;
  const WorkerId me = WorkerId::Current();
  for (size_t i = 0; i + leave_queued < runs; ++i) {
    const auto claimed = store.ClaimNextRun(experiment, me, std::chrono::hours(24));
    REQUIRE(claimed);
    REQUIRE(store.SetRunEnvironment(claimed->claim, env));
    claims.push_back(claimed->claim);
  }
  return claims;
}

inline void RecordEpochs(Store& store, const RunClaim& claim, int64_t epochs, double skill,
                         double slope, bool with_val, double seconds) {
  for (int64_t e = 1; e <= epochs; ++e) {
    REQUIRE(store.RecordEpoch(claim, Epoch(e, skill, slope, with_val, seconds)));
  }
}

inline void BuildCheckExperiment(Store& store) {
  const Experiment experiment = ParseExperiment(kGoldenToml, "golden.toml");
  const Plan plan = ExpandPlan(experiment);
  REQUIRE(plan.runs.size() == 9);
  const int64_t id = store.UpsertExperiment(experiment.name, "golden.toml", kGoldenToml);
  std::vector<NewRun> rows;
  for (const PlannedRun& run : plan.runs) {
    rows.push_back({run.run_key, run.spec, RunSpecToJson(run.spec), run.params});
  }
  REQUIRE(store.InsertPlan(id, rows) == 9);
  const auto claims = ClaimAll(store, id, 9, 0, {"cpu", 2, "1.13.1", "abc1234", ""});
  // Per run: how many epochs it records, its skill and its seconds per epoch.
  const double skill[] = {0.901, 0.897, 0.913, 0.871, 0.85, 0.86, 0.7, 0.733, 0.71};
  const int64_t epochs[] = {3, 3, 3, 3, 2, 1, 3, 3, 3};
  for (size_t i = 0; i < claims.size(); ++i) {
    const double seconds = 1.1 + 0.1 * static_cast<double>(i);
    RecordEpochs(store, claims[i], epochs[i], skill[i], 0.013, true, seconds);
  }
  for (size_t i : {0, 1, 2, 3, 6, 7, 8}) {
    REQUIRE(store.FinishRun(claims[i], Completed(3, 15 + static_cast<int64_t>(i))));
  }
  REQUIRE(store.MarkFailed(claims[4], kGoldenError));
  REQUIRE(store.MarkInterrupted(claims[5]));
}

inline void BuildKannadaExperiment(Store& store) {
  const int64_t id = store.UpsertExperiment(kGoldenKannada, "kannada.toml", "");
  std::vector<NewRun> rows;
  auto add = [&](const std::string& model, const std::string& layers, double lr, uint64_t seed,
                 int64_t params) {
    RunSpec spec;
    spec.model = model;
    spec.layers = layers;
    spec.dataset = "kannada-mnist";
    spec.val_size = 0;
    spec.eval_sets = {"dig-mnist"};
    spec.lr = lr;
    spec.epochs = 2;
    spec.seed = seed;
    rows.push_back({RunKey(spec), spec, RunSpecToJson(spec), params});
  };
  const std::string cnn = "conv(4, k=3), relu, maxpool(2), flatten, dense(10)";
  add("tiny-cnn", cnn, 1e-3, 1, 6800);
  add("tiny-cnn", cnn, 1e-3, 2, 6800);
  add("tiny-cnn", cnn, 3e-3, 1, 6800);
  add("tiny-cnn", cnn, 3e-3, 2, 6800);
  add("tiny-mlp", "flatten, dense(16), relu, dense(10)", 1e-3, 1, 12730);
  add("tiny-mlp", "flatten, dense(16), relu, dense(10)", 1e-3, 2, 12730);
  add("tiny-mlp", "flatten, dense(16), relu, dense(10)", 1e-3, 3, 12730);
  add("tiny-mlp", "flatten, dense(16), relu, dense(10)", 1e-3, 4, 12730);
  REQUIRE(store.InsertPlan(id, rows) == 8);
  const auto claims = ClaimAll(store, id, 8, 1, {"cpu", 4, "2.1.0", "def5678", ""});
  // The two tiny-cnn variants hold the same two skills in swapped seed order: equal means.
  // The tiny-mlp's curve is flat: its best epoch is the earliest of the tie.
  const double skill[] = {0.811, 0.823, 0.823, 0.811, 0.65, 0.2, 0.6};
  for (size_t i = 0; i < 5; ++i) {
    RecordEpochs(store, claims[i], 2, skill[i], i < 4 ? 0.013 : 0.0, false,
                 0.5 + 0.125 * static_cast<double>(i));
    REQUIRE(store.FinishRun(claims[i], Completed(2, 40 + static_cast<int64_t>(i))));
  }
  RecordEpochs(store, claims[5], 1, skill[5], 0.0, false, 0.75);
  RunOutcome diverged;
  diverged.status = RunStatus::kDiverged;
  diverged.epochs_done = 1;
  diverged.diverged_epoch = 2;
  diverged.error = "loss is nan at epoch 2";
  REQUIRE(store.FinishRun(claims[5], diverged));
  RecordEpochs(store, claims[6], 1, skill[6], 0.0, false, 0.75);  // still running
}

inline void BuildSweepExperiment(Store& store) {
  const int64_t id = store.UpsertExperiment(kGoldenSweep, "sweep.toml", "");
  std::vector<NewRun> rows;
  std::vector<double> skill, seconds;
  auto add = [&](const std::string& model, const std::string& layers, double lr,
                 int64_t batch_size, uint64_t seed, int64_t params, double run_skill,
                 double run_seconds) {
    RunSpec spec;
    spec.model = model;
    spec.layers = layers;
    spec.dataset = "mnist";
    spec.val_size = 100;
    spec.lr = lr;
    spec.batch_size = batch_size;
    spec.epochs = 3;
    spec.seed = seed;
    rows.push_back({RunKey(spec), spec, RunSpecToJson(spec), params});
    skill.push_back(run_skill + 0.006 * static_cast<double>(seed - 1));
    seconds.push_back(run_seconds);
  };
  // lr 0.01 is the sweet spot, batch 32 a little better and slower than 128.
  const std::string cnn = "conv(4, k=3), relu, maxpool(2), flatten, dense(10)";
  for (double lr : {1e-3, 1e-2, 1e-1}) {
    for (int64_t batch : {32, 128}) {
      for (uint64_t seed : {1, 2}) {
        const double base = lr == 1e-2 ? 0.93 : lr == 1e-3 ? 0.9 : 0.8;
        add("grid-cnn", cnn, lr, batch, seed, 6800, base + (batch == 32 ? 0.012 : 0.0),
            batch == 32 ? 1.6 : 0.9);
      }
    }
  }
  const std::string mlp = "flatten, dense(16), relu, dense(10)";
  add("grid-mlp", mlp, 1e-3, 64, 1, 12730, 0.95, 2.0);
  add("grid-mlp", mlp, 1e-3, 64, 2, 12730, 0.95, 2.0);
  add("grid-wide", "flatten, dense(128), relu, dense(10)", 1e-3, 64, 1, 101770, 0.87, 1.2);
  REQUIRE(store.InsertPlan(id, rows) == 15);
  const auto claims = ClaimAll(store, id, 15, 0, {"cpu", 2, "1.13.1", "abc1234", ""});
  for (size_t i = 0; i < claims.size(); ++i) {
    RecordEpochs(store, claims[i], 3, skill[i], 0.01, true, seconds[i]);
    REQUIRE(store.FinishRun(claims[i], Completed(3, 30 + static_cast<int64_t>(i))));
  }
}

}  // namespace golden

inline void BuildGoldenDb(const std::string& path) {
  Store store(path);
  golden::BuildCheckExperiment(store);
  golden::BuildKannadaExperiment(store);
  store.UpsertExperiment(kGoldenEmpty, "empty.toml", "");
  golden::BuildSweepExperiment(store);
}

}  // namespace mnb::testing

#endif  // MNISTBENCH_TESTS_GOLDEN_DB_H_
