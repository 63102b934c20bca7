// Store and plan: the bookkeeping around training, which must cost next to nothing.
//
// BM_RecordEpochs: 100,000 epoch rows into a fresh temp-file DB, one transaction per epoch as
// the runner commits them (Store::RecordEpoch with its claim check, WAL, synchronous=NORMAL; the
// runs are marked claimed in SQL beforehand, untimed). BM_RunLifecycle: all
// the store does for one run of a sweep (claim, environment, E epochs, finish with confusion and
// per-class metrics), to set against a run's training time. BM_InsertPlan: 10,000 planned runs.
// BM_PlanExpand: a 10,000-run grid from TOML text to a Plan (parse, validate, expand, run keys).
#include <benchmark/benchmark.h>
#include <fmt/format.h>

#include <chrono>
#include <string>
#include <vector>

#include "bench/bench_support.h"
#include "harness/config/experiment.h"
#include "harness/plan/plan.h"
#include "harness/store/store.h"

namespace {

using namespace mnb;

std::vector<NewRun> MakeRuns(int n) {
  std::vector<NewRun> runs;
  runs.reserve(n);
  for (int i = 0; i < n; ++i) {
    RunSpec spec;
    spec.seed = static_cast<uint64_t>(i + 1);
    spec.epochs = 100;
    runs.push_back({RunKey(spec), spec, RunSpecToJson(spec), 61706});
  }
  return runs;
}

EpochMetrics Epoch(int64_t epoch) {
  EpochMetrics m;
  m.epoch = epoch;
  m.train = {0.5, 0.9};
  m.val = SplitMetrics{0.2, 0.95};
  m.test = SplitMetrics{0.1, 0.97};
  m.evals = {{"dig-mnist", {1.5, 0.6}}};
  m.lr = 1e-3;
  m.seconds = 2.0;
  m.samples_per_second = 30000;
  return m;
}

RunOutcome Finished() {
  RunOutcome outcome;
  outcome.epochs_done = 2;
  outcome.confusion.assign(10, std::vector<int64_t>(10, 1));
  for (int c = 0; c < 10; ++c) outcome.confusion[c][c] = 970;
  outcome.per_class = ClassMetricsFromConfusion(outcome.confusion);
  return outcome;
}

// A fresh DB with `runs` queued runs.
void FreshStore(Store& store, int runs, int64_t* experiment_id) {
  *experiment_id = store.UpsertExperiment("bench", "bench.toml", "name = \"bench\"");
  store.InsertPlan(*experiment_id, MakeRuns(runs));
}

// Every run of the experiment marked running at attempt 1, as one claim each would leave it.
// In SQL: each ClaimNextRun checks the process of every run already running, so a thousand
// claims by one process would be half a million /proc reads of set-up.
std::vector<RunClaim> ClaimAll(Store& store, int64_t experiment_id) {
  store.db().Exec(fmt::format("UPDATE runs SET status = 'running', attempts = 1, "
                              "heartbeat_at = strftime('%Y-%m-%dT%H:%M:%fZ','now') "
                              "WHERE experiment_id = {}",
                              experiment_id));
  std::vector<RunClaim> claims;
  for (const RunRow& row : store.Runs(experiment_id)) claims.push_back({row.run_id, row.attempts});
  return claims;
}

void BM_RecordEpochs(benchmark::State& state) {
  const int64_t rows = state.range(0);
  const int64_t epochs_per_run = 100;
  for (auto _ : state) {
    state.PauseTiming();
    mnb::bench::ScratchDir dir("store");
    {
      Store store(dir.file("bench.db"));
      int64_t experiment_id = 0;
      FreshStore(store, static_cast<int>(rows / epochs_per_run), &experiment_id);
      const std::vector<RunClaim> claims = ClaimAll(store, experiment_id);
      state.ResumeTiming();
      for (int64_t i = 0; i < rows; ++i) {
        if (!store.RecordEpoch(claims[i / epochs_per_run], Epoch(i % epochs_per_run + 1))) {
          state.SkipWithError("a claim was lost");
          break;
        }
      }
      state.PauseTiming();
    }
    state.ResumeTiming();
  }
  state.SetItemsProcessed(state.iterations() * rows);
  state.counters["us/epoch_row"] = benchmark::Counter(
      static_cast<double>(rows) * 1e-6, benchmark::Counter::kIsIterationInvariantRate |
                                            benchmark::Counter::kInvert);
}
BENCHMARK(BM_RecordEpochs)
    ->Arg(100000)
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime()
    ->Iterations(1);

void BM_RunLifecycle(benchmark::State& state) {
  const int64_t epochs = state.range(0);
  mnb::bench::ScratchDir dir("lifecycle");
  Store store(dir.file("bench.db"));
  int64_t experiment_id = 0;
  FreshStore(store, 20000, &experiment_id);
  const WorkerId me = WorkerId::Current();
  const RunOutcome outcome = Finished();
  const RunEnvironment env{"cpu", 2, "1.13.1", "bench", "sha"};
  for (auto _ : state) {
    const std::optional<ClaimedRun> claimed =
        store.ClaimNextRun(experiment_id, me, std::chrono::seconds(600));
    if (!claimed) {
      state.SkipWithError("ran out of queued runs");
      break;
    }
    bool held = store.SetRunEnvironment(claimed->claim, env);
    for (int64_t e = 1; e <= epochs && held; ++e) {
      held = store.RecordEpoch(claimed->claim, Epoch(e));
    }
    held = held && store.FinishRun(claimed->claim, outcome);
    if (!held) {
      state.SkipWithError("a claim was lost");
      break;
    }
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_RunLifecycle)->Arg(2)->Arg(20)->Unit(benchmark::kMicrosecond)->UseRealTime();

void BM_InsertPlan(benchmark::State& state) {
  const std::vector<NewRun> runs = MakeRuns(static_cast<int>(state.range(0)));
  for (auto _ : state) {
    state.PauseTiming();
    mnb::bench::ScratchDir dir("plan");
    {
      Store store(dir.file("bench.db"));
      const int64_t experiment_id = store.UpsertExperiment("bench", "bench.toml", "");
      state.ResumeTiming();
      benchmark::DoNotOptimize(store.InsertPlan(experiment_id, runs));
      state.PauseTiming();
    }
    state.ResumeTiming();
  }
  state.SetItemsProcessed(state.iterations() * state.range(0));
}
BENCHMARK(BM_InsertPlan)->Arg(10000)->Unit(benchmark::kMillisecond)->UseRealTime();

// 2 models x 5 lr x 5 batch sizes x 2 schedules x 100 seeds = 10,000 runs.
const char* const kGrid10k = R"toml(
name = "grid10k"
[dataset]
name = "mnist"
val_size = 5000
[grid]
optimizer = "adam"
lr = [1e-2, 3e-3, 1e-3, 3e-4, 1e-4]
batch_size = [32, 64, 128, 256, 512]
lr_schedule = ["constant", "cosine"]
epochs = 10
seed = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24,
        25, 26, 27, 28, 29, 30, 31, 32, 33, 34, 35, 36, 37, 38, 39, 40, 41, 42, 43, 44, 45, 46,
        47, 48, 49, 50, 51, 52, 53, 54, 55, 56, 57, 58, 59, 60, 61, 62, 63, 64, 65, 66, 67, 68,
        69, 70, 71, 72, 73, 74, 75, 76, 77, 78, 79, 80, 81, 82, 83, 84, 85, 86, 87, 88, 89, 90,
        91, 92, 93, 94, 95, 96, 97, 98, 99, 100]
[[model]]
name = "lenet5"
[[model]]
name = "my-mlp"
layers = "flatten, dense(128), relu, dense(10)"
)toml";

void BM_PlanExpand(benchmark::State& state) {
  size_t runs = 0;
  for (auto _ : state) {
    const Experiment experiment = ParseExperiment(kGrid10k, "grid10k.toml");
    const Plan plan = ExpandPlan(experiment);
    runs = plan.runs.size();
    benchmark::DoNotOptimize(plan.runs.data());
  }
  if (runs != 10000) state.SkipWithError("the grid did not expand to 10,000 runs");
  state.SetItemsProcessed(state.iterations() * static_cast<int64_t>(runs));
}
BENCHMARK(BM_PlanExpand)->Unit(benchmark::kMillisecond)->UseRealTime();

}  // namespace
