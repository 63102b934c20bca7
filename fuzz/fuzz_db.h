// A small real results database for the targets that read one (serve's routes, query's guard).
//
// Contract: BuildFuzzDb writes, through the real Store API and with fixed metrics (no training),
// one experiment of two models x two seeds into a fresh file at `path` (replaced if present):
// three runs completed with three epochs each, one failed. Aborts on any error: a fixture that
// cannot be built is a broken target, not an input to judge.
#ifndef MNISTBENCH_FUZZ_FUZZ_DB_H_
#define MNISTBENCH_FUZZ_FUZZ_DB_H_

#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include "harness/config/experiment.h"
#include "harness/plan/plan.h"
#include "harness/plan/run_result.h"
#include "harness/store/store.h"

namespace mnb::fuzz {

inline constexpr const char* kFuzzToml = R"toml(name = "fuzz <db> & 'q'"
[dataset]
name = "mnist"
val_size = 100
[grid]
epochs = 3
seed = [1, 2]
[[model]]
name = "lenet5"
[[model]]
name = "mlp"
layers = "flatten, dense(8), relu, dense(10)"
)toml";

inline void BuildFuzzDb(const std::string& path) {
  for (const char* suffix : {"", "-wal", "-shm"}) std::remove((path + suffix).c_str());
  try {
    Store store(path);
    const Experiment experiment = ParseExperiment(kFuzzToml, "fuzz.toml");
    const Plan plan = ExpandPlan(experiment);
    const int64_t id = store.UpsertExperiment(experiment.name, "fuzz.toml", kFuzzToml);
    std::vector<NewRun> rows;
    for (const PlannedRun& run : plan.runs) {
      rows.push_back({run.run_key, run.spec, RunSpecToJson(run.spec), run.params});
    }
    store.InsertPlan(id, rows);
    for (size_t i = 0; i < rows.size(); ++i) {
      const auto claimed = store.ClaimNextRun(id, WorkerId::Current(), std::chrono::hours(1));
      if (!claimed) std::abort();
      const RunClaim& claim = claimed->claim;
      if (!store.SetRunEnvironment(claim, {"cpu", 2, "1.13.1", "fuzz", ""})) std::abort();
      for (int64_t e = 1; e <= 3; ++e) {
        EpochMetrics m;
        m.epoch = e;
        const double acc = 0.8 + 0.01 * static_cast<double>(e + static_cast<int64_t>(i));
        m.train = {1.0 - acc, acc};
        m.val = SplitMetrics{1.1 - acc, acc - 0.01};
        m.test = SplitMetrics{1.2 - acc, acc - 0.02};
        m.lr = 1e-3;
        m.seconds = 1.5;
        m.samples_per_second = 1000;
        if (!store.RecordEpoch(claim, m)) std::abort();
      }
      if (i == 3) {
        if (!store.MarkFailed(claim, "boom <b>")) std::abort();
        continue;
      }
      RunOutcome outcome;
      outcome.epochs_done = 3;
      outcome.confusion.assign(10, std::vector<int64_t>(10, 1));
      for (int t = 0; t < 10; ++t) outcome.confusion[t][t] = 50 + t;
      outcome.per_class = ClassMetricsFromConfusion(outcome.confusion);
      if (!store.FinishRun(claim, outcome)) std::abort();
    }
  } catch (const std::exception& e) {
    std::fprintf(stderr, "fuzz: cannot build the fixture database %s: %s\n", path.c_str(),
                 e.what());
    std::abort();
  }
}

}  // namespace mnb::fuzz

#endif  // MNISTBENCH_FUZZ_FUZZ_DB_H_
