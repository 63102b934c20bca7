// The CPU runtime a training process sets up: thread pools, OpenMP waiting, and the heap.
//
// Contract: ConfigureCpuRuntime(threads) sizes torch's and OpenBLAS's thread pools to `threads`
// and makes glibc keep freed memory; the trainer and the benchmarks call it, so both measure the
// same process, and calling it again only resizes the pools. UseShortOpenMpSpin(argv) re-executes
// the process (same pid and arguments) with a short OpenMP spin unless one was chosen already;
// call it in main before any work. Neither throws errors of its own. No torch in this header.
// Details: docs/train.md "The CPU runtime".
#ifndef MNISTBENCH_HARNESS_TRAIN_CPU_RUNTIME_H_
#define MNISTBENCH_HARNESS_TRAIN_CPU_RUNTIME_H_

#include "harness/base/openmp_wait.h"

namespace mnb {

// Call it before the first large tensor.
void ConfigureCpuRuntime(int threads);

// Does nothing when the spin was chosen already (by the user, or by the front end that exec'd
// this process); returns, keeping libgomp's defaults, only when the exec fails.
void UseShortOpenMpSpin(char** argv);

}  // namespace mnb

#endif  // MNISTBENCH_HARNESS_TRAIN_CPU_RUNTIME_H_
