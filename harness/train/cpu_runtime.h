// The CPU runtime a training process sets up: thread pools, OpenMP waiting, and the heap.
//
// Contract: ConfigureCpuRuntime(threads) sizes torch's intra-op pool and OpenBLAS's own pool to
// `threads` and makes glibc keep freed memory in the heap; the trainer and the benchmarks call
// it, so both measure the same process. Call it before the first large tensor; calling it again
// only resizes the pools.
//
// UseShortOpenMpSpin(argv) re-executes the process (same pid, same arguments) with
// GOMP_SPINCOUNT set, because libgomp reads it once, when it is loaded, before main. It does
// nothing when the user has set GOMP_SPINCOUNT or OMP_WAIT_POLICY, on systems without
// /proc/self/exe, or when exec fails (the process then runs on libgomp's defaults). Call it in
// main before any work: exec discards everything the process holds. OpenMpWaitSetting() names
// what this process runs with.
//
// No torch in this header: main.cc and the benchmarks' main include it freely.
#ifndef MNISTBENCH_HARNESS_TRAIN_CPU_RUNTIME_H_
#define MNISTBENCH_HARNESS_TRAIN_CPU_RUNTIME_H_

#include <string>

namespace mnb {

void ConfigureCpuRuntime(int threads);

// The spin count UseShortOpenMpSpin sets (libgomp's default is 300,000). Measured at 2 threads:
// 1,000-3,000 trained fastest; 0 (OMP_WAIT_POLICY=passive) lost a third on lenet5, whose
// back-to-back small kernels do want a brief spin.
inline constexpr const char* kShortOpenMpSpin = "1000";

void UseShortOpenMpSpin(char** argv);

// "GOMP_SPINCOUNT=1000", "OMP_WAIT_POLICY=passive", both joined by a space, or "libgomp default".
std::string OpenMpWaitSetting();

}  // namespace mnb

#endif  // MNISTBENCH_HARNESS_TRAIN_CPU_RUNTIME_H_
