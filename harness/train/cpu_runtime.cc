#include "harness/train/cpu_runtime.h"

#include <torch/torch.h>

#include <dlfcn.h>
#if defined(__GLIBC__)
#include <malloc.h>
#endif

#include <cstdlib>
#include <limits>

#include "harness/base/self_executable.h"

namespace mnb {

namespace {

// Debian's libtorch calls the pthread build of OpenBLAS, which ignores torch::set_num_threads
// and starts one thread per core; with several workers, or beside torch's OpenMP threads, those
// oversubscribe the cores. The symbol is looked up at run time so any other BLAS (or a CUDA
// build) still works.
void SetBlasThreads(int threads) {
  using SetThreads = void (*)(int);
  auto set = reinterpret_cast<SetThreads>(dlsym(RTLD_DEFAULT, "openblas_set_num_threads"));
  if (set != nullptr) set(threads);
}

// glibc serves allocations above its mmap threshold (dynamic, at most 32 MB) with fresh mmap'd
// pages and trims freed heap back to the system, so a conv model's activations and gradients
// (tens of MB a batch) are page-faulted in again on every step. Keeping freed memory in the heap
// made cnn-seed001's training 2.8x faster here (BENCHMARKS.md); the cost is that the process
// keeps its peak footprint.
void KeepFreedMemory() {
#if defined(__GLIBC__)
  static const bool done = [] {
    if (mallopt(M_MMAP_THRESHOLD, 1 << 30) == 0) mallopt(M_MMAP_THRESHOLD, 32 << 20);
    mallopt(M_TRIM_THRESHOLD, std::numeric_limits<int>::max());
    return true;
  }();
  (void)done;
#endif
}

}  // namespace

void ConfigureCpuRuntime(int threads) {
  torch::set_num_threads(threads);
  SetBlasThreads(threads);
  KeepFreedMemory();
}

void UseShortOpenMpSpin(char** argv) {
  if (!RequestShortOpenMpSpin()) return;
  ExecSelf(argv);
  unsetenv("GOMP_SPINCOUNT");  // exec failed: this process keeps libgomp's defaults; say so
}

}  // namespace mnb
