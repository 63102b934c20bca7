// Helpers shared by the benchmarks: where the real data is, how many threads, scratch files.
//
// Contract: DataDir() is $MNISTBENCH_DATA, else <source>/data; a benchmark whose files are missing
// calls state.SkipWithError rather than timing nothing. BenchThreads() is
// $MNISTBENCH_BENCH_THREADS, else every core; torch benchmarks set it before timing, so numbers
// are comparable with `mnistbench train --threads N` and the peer's torch.set_num_threads(N).
// SetBlasThreads does what the trainer does besides torch::set_num_threads: it sizes OpenBLAS's
// own thread pool (the pthread build ignores torch's setting), when OpenBLAS is the BLAS.
// ScratchDir is tests/scratch_dir.h's.
#ifndef MNISTBENCH_BENCH_BENCH_SUPPORT_H_
#define MNISTBENCH_BENCH_BENCH_SUPPORT_H_

#include <dlfcn.h>

#include <cstdlib>
#include <filesystem>
#include <string>
#include <thread>

#include "tests/scratch_dir.h"

namespace mnb::bench {

inline std::string DataDir() {
  const char* env = std::getenv("MNISTBENCH_DATA");
  if (env != nullptr && *env != '\0') return env;
  return std::string(MNISTBENCH_SOURCE_DIR) + "/data";
}

inline int BenchThreads() {
  const char* env = std::getenv("MNISTBENCH_BENCH_THREADS");
  if (env != nullptr && std::atoi(env) > 0) return std::atoi(env);
  const unsigned cores = std::thread::hardware_concurrency();
  return cores > 0 ? static_cast<int>(cores) : 1;
}

inline void SetBlasThreads(int threads) {
  using SetThreads = void (*)(int);
  if (auto set = reinterpret_cast<SetThreads>(dlsym(RTLD_DEFAULT, "openblas_set_num_threads"))) {
    set(threads);
  }
}

using mnb::testing::ScratchDir;

}  // namespace mnb::bench

#endif  // MNISTBENCH_BENCH_BENCH_SUPPORT_H_
