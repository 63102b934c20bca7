// The sweep runner: experiment file -> plan -> store -> trainers.
//
// Contract: RunSweep validates the experiment and its data before touching the database (bad
// input: ConfigError/DataError, nothing written), inserts the plan idempotently, then claims
// and trains queued runs until none is left. Every finished epoch is committed as it ends; a run
// ends completed, diverged, failed (the exception's message recorded; the sweep goes on) or
// interrupted (SIGINT/SIGTERM: the current batch finishes, the run is marked, exit 130). Runs left
// `running` by a dead process, and interrupted ones, are resumed from their newest checkpointed,
// committed epoch. A worker whose run was taken over meanwhile (its claim lost: see Fencing in
// harness/store/store.h) stops that run after the current batch, writes nothing more for it,
// says so in one line on stderr and goes on with the next run. Its files are fenced only in
// part: a worker paused between an epoch's last batch and that epoch's commit still saves that
// epoch's checkpoint into the run's artifact directory (under a temp name of its own, renamed
// into place: never a torn file), but once its commit is refused the trainer stops at once, so
// it removes no checkpoint and writes no model.pt. The database stays right; the epoch-N.pt it
// wrote is the same bits as the new owner's on the same device and thread count.
// The claiming and training is RunWorker's (harness/run/sweep/worker.h): in this process, or with
// workers > 1 in that many `worker` processes of this executable on the same database, splitting
// the threads; they are handed the database and the experiment's id, never the experiment file.
// Devices: with --device auto or cuda every visible GPU takes workers in turn (worker w on GPU
// w mod count; several workers may share one), each run keyed by the device kind it trains on.
// With a shard (harness/run/shard.h) only the plan's runs of that shard are inserted and trained,
// by default into results/<experiment>.shard-K.db; a database that already holds unfinished runs
// of the experiment outside the shard is refused (bad input), since claims are per experiment.
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
