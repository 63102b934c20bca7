// The CPU runtime a training process sets up: thread pools, OpenMP waiting, and the heap.
//
// Contract: ConfigureCpuRuntime(threads) sizes torch's intra-op pool and OpenBLAS's own pool to
// `threads` and makes glibc keep freed memory in the heap; the trainer and the benchmarks call
// it, so both measure the same process. Call it before the first large tensor; calling it again
// only resizes the pools.
//
// UseShortOpenMpSpin(argv) re-executes the process (same pid, same arguments) with the short
// OpenMP spin of openmp_wait.h, because libgomp reads it only when it is loaded. It does nothing
// when the spin was already chosen (by the user, or by the front end that exec'd this process)
// or when the executable's path is unknown. Call it in main before any work: exec discards
// everything the process holds.
//
// No torch in this header: the torch executable's main and the benchmarks' main include it.
#ifndef MNISTBENCH_HARNESS_TRAIN_CPU_RUNTIME_H_
#define MNISTBENCH_HARNESS_TRAIN_CPU_RUNTIME_H_

#include "harness/base/openmp_wait.h"

namespace mnb {

void ConfigureCpuRuntime(int threads);

void UseShortOpenMpSpin(char** argv);

}  // namespace mnb

#endif  // MNISTBENCH_HARNESS_TRAIN_CPU_RUNTIME_H_
