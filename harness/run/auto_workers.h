// How many worker processes `run --workers auto` (the default) starts.
//
// Contract: AutoWorkers is a pure function of the machine and the work left. On the CPU, one
// worker per core, each with one thread: small models scale far better across processes than
// across intra-op threads (BENCHMARKS.md "Workers": 1.5x the runs per hour on 2 cores). On
// GPUs, 4 workers per GPU: one small model's launches leave a GPU mostly idle (a guess until the
// GPU check measures it). Never more workers than runs left, never fewer than one. Threads are
// then split evenly (RunnerOptions::threads, default all cores).
#ifndef MNISTBENCH_HARNESS_RUN_AUTO_WORKERS_H_
#define MNISTBENCH_HARNESS_RUN_AUTO_WORKERS_H_

#include <cstdint>
#include <string>

namespace mnb {

constexpr int kWorkersPerGpu = 4;

// device_kind "cpu" or "cuda"; gpus visible (for cuda); cores available; runs left to train.
int AutoWorkers(const std::string& device_kind, int gpus, int cores, int64_t runs_left);

}  // namespace mnb

#endif  // MNISTBENCH_HARNESS_RUN_AUTO_WORKERS_H_
