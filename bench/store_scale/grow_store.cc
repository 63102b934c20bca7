// grow_store DB RUNS: writes a results database of RUNS runs (2 epochs each, 20 seeds per
// variant) as a long sweep leaves it: most runs completed, some running, queued, failed. For
// bench/store_scale/run.sh, which times `status` and `report` on it (issue 29).
#include <fmt/format.h>

#include <cstdlib>
#include <random>
#include <string>
#include <vector>

#include "harness/plan/plan.h"
#include "bench/synthetic_epochs.h"
#include "harness/store/sqlite.h"
#include "harness/store/store.h"

int main(int argc, char** argv) {
  using namespace mnb;
  if (argc != 3) {
    fmt::print(stderr, "usage: grow_store DB RUNS\n");
    return 2;
  }
  const std::string path = argv[1];
  const int64_t total = std::atoll(argv[2]);
  constexpr int kSeeds = 20, kEpochs = 2;
  Store store(path);
  const int64_t experiment = store.UpsertExperiment("scale", "scale.toml", "");
  std::vector<NewRun> runs;
  const char* models[] = {"lenet5", "cnn-seed004", "fcnn-seed004", "mlp-seed003", "mnb-vgg"};
  for (int64_t i = 0; i < total; ++i) {
    const int64_t v = i / kSeeds;
    RunSpec spec;
    spec.model = models[v % 5];
    spec.lr = 1e-4 * static_cast<double>(1 + v / 5 % 100);
    spec.batch_size = 32 << (v / 500 % 4);
    spec.weight_decay = 1e-6 * static_cast<double>(v / 2000);
    spec.epochs = kEpochs;
    spec.seed = static_cast<uint64_t>(i % kSeeds + 1);
    runs.push_back({RunKey(spec), spec, RunSpecToJson(spec), 60000 + v});
  }
  store.InsertPlan(experiment, runs);
  Database& db = store.db();
  Transaction txn(db);
  // 96% completed, then running, failed and queued runs at the end, as a sweep in progress.
  const int64_t completed = total * 96 / 100, running = 4, failed = total / 100;
  db.Exec(fmt::format("UPDATE runs SET status = 'completed', device = 'cpu', threads = 2, "
                      "torch_version = '1.13.1', git_rev = 'bench', host = 'bench', pid = 1, "
                      "started_at = '2026-12-07T00:00:00Z', finished_at = '2026-12-07T00:01:00Z' "
                      "WHERE id <= {}", completed));
  db.Exec(fmt::format("UPDATE runs SET status = 'running', device = 'cpu', host = 'bench', "
                      "pid = 2, heartbeat_at = '2026-12-07T00:02:00Z' WHERE id > {} AND id <= {}",
                      completed, completed + running));
  db.Exec(fmt::format("UPDATE runs SET status = 'failed', error = 'bench failure' "
                      "WHERE id > {} AND id <= {}", completed + running,
                      completed + running + failed));
  bench::SyntheticEpochs synthetic(db);
  std::mt19937_64 rng(1);
  std::uniform_real_distribution<double> noise(-0.01, 0.01);
  for (int64_t run = 1; run <= completed + running; ++run) {
    const double skill = 0.9 + 0.09 * static_cast<double>((run - 1) / kSeeds % 1000) / 1000;
    const int64_t epochs = run <= completed ? kEpochs : 1;
    for (int64_t e = 1; e <= epochs; ++e) {
      const double acc = skill - 0.05 / static_cast<double>(e) + noise(rng);
      synthetic.Add(run, e, acc);
    }
  }
  txn.Commit();
  fmt::print("{}: {} runs\n", path, total);
  return 0;
}
