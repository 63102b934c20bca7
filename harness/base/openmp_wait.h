// How libgomp's threads wait between parallel regions, chosen before libgomp is loaded.
//
// Why: torch's elementwise kernels run on libgomp's pool, GEMMs on OpenBLAS's own pthreads.
// After each parallel region libgomp's threads busy-wait (300,000 spins by default) for the next
// one, on the very cores OpenBLAS's threads then need. With a short spin they soon sleep:
// fcnn-seed004 and lenet5 trained about 2x faster here at 2 threads (BENCHMARKS.md).
//
// Contract: libgomp reads GOMP_SPINCOUNT once, when it is loaded, before main. RequestShortOpenMpSpin
// sets GOMP_SPINCOUNT=kShortOpenMpSpin in this process's environment and returns true, unless the
// user set GOMP_SPINCOUNT or OMP_WAIT_POLICY (then it changes nothing and returns false). A
// process that has not loaded libgomp (the front end, before it execs mnistbench-torch) passes it
// on that way; one that has must re-execute itself (UseShortOpenMpSpin, cpu_runtime.h).
// OpenMpWaitSetting names what this process runs with. No torch here.
#ifndef MNISTBENCH_HARNESS_BASE_OPENMP_WAIT_H_
#define MNISTBENCH_HARNESS_BASE_OPENMP_WAIT_H_

#include <string>

namespace mnb {

// libgomp's default is 300,000. Measured at 2 threads: 1,000-3,000 trained fastest; 0
// (OMP_WAIT_POLICY=passive) lost a third on lenet5, whose back-to-back small kernels do want a
// brief spin.
inline constexpr const char* kShortOpenMpSpin = "1000";

bool RequestShortOpenMpSpin();

// "GOMP_SPINCOUNT=1000", "OMP_WAIT_POLICY=passive", both joined by a space, or "libgomp default".
std::string OpenMpWaitSetting();

}  // namespace mnb

#endif  // MNISTBENCH_HARNESS_BASE_OPENMP_WAIT_H_
