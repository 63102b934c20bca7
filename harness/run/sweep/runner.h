// The sweep runner: experiment file -> plan -> store -> trainers (docs/sweeps.md, "How the runner
// works", has the whole story: resumption, lost claims, workers, devices, shards).
//
// Contract: RunSweep validates the experiment and its data before touching the database (bad
// input, nothing written), inserts the plan idempotently, then has RunWorker (worker.h), in this
// process or in `workers` worker processes, claim and train runs until none is left.
#ifndef MNISTBENCH_HARNESS_RUN_SWEEP_RUNNER_H_
#define MNISTBENCH_HARNESS_RUN_SWEEP_RUNNER_H_

#include <chrono>
#include <optional>
#include <string>

#include "harness/run/shard.h"

namespace mnb {

struct RunnerOptions {
  std::string experiment_file;
  std::string db_path;  // empty: ResolveDbPath("") (store/db_path.h), or ShardDbPath when sharded
  std::string data_dir;
  std::string device = "auto";  // or a list "cuda:0,cuda:1" the workers take in turn
  bool fast = false;             // CUDA: cuDNN benchmark and TF32 on, determinism off
  int workers = 0;  // 0 = auto (harness/run/auto_workers.h)
  int threads = 0;  // total across workers; 0 = all cores
  bool retry_failed = false;
  bool dry_run = false;
  std::chrono::seconds stale_after{600};
  std::optional<Shard> shard;  // train only this shard of the plan
};

// Returns the exit code: 0 all runs finished (completed or diverged), 1 some run failed,
// 130 interrupted. Throws ConfigError/DataError/StoreError for bad input.
int RunSweep(const RunnerOptions& options);

}  // namespace mnb

#endif  // MNISTBENCH_HARNESS_RUN_SWEEP_RUNNER_H_
