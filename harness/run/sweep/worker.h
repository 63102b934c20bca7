// A sweep worker: claims runs of one experiment from the store and trains them until none is left.
//
// Contract: RunWorker needs only the database and the experiment's id: the plan is in the store
// already (RunSweep inserted it), and each run's configuration comes with its claim. It claims
// runs atomically (see harness/store/store.h), so any number of workers, in one process tree or
// on several hosts, share one database. Every finished epoch is committed as it ends; a run ends
// completed, diverged, pruned (its [search] pruner stopped it after an epoch: harness/store/
// pruning.h), failed (the exception's message recorded; the worker goes on) or
// interrupted (SIGINT/SIGTERM after InstallStopHandlers: the current batch finishes, the run is
// marked). A run whose claim this worker lost (Fencing, store.h) is stopped after the current
// batch with one line on stderr, and is no failure. Returns 0 when every run it trained finished
// (completed or diverged), 1 when one failed, 130 when interrupted. The data directory must hold
// every dataset of the plan (RunSweep checks that before any worker starts).
#ifndef MNISTBENCH_HARNESS_RUN_SWEEP_WORKER_H_
#define MNISTBENCH_HARNESS_RUN_SWEEP_WORKER_H_

#include <chrono>
#include <cstdint>
#include <string>

namespace mnb {

struct WorkerOptions {
  std::string db_path;
  int64_t experiment_id = 0;
  std::string data_dir;  // resolved (ResolveDataDir)
  std::string device = "auto";
  int threads = 0;  // this worker's; 0 = all cores
  std::chrono::seconds stale_after{600};
};

int RunWorker(const WorkerOptions& options);

}  // namespace mnb

#endif  // MNISTBENCH_HARNESS_RUN_SWEEP_WORKER_H_
