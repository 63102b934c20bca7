// Helpers shared by the benchmarks: where the real data is, how many threads, scratch files.
//
// Contract: DataDir() is $MNISTBENCH_DATA, else <source>/data; a benchmark whose files are missing
// calls state.SkipWithError rather than timing nothing. BenchThreads() is
// $MNISTBENCH_BENCH_THREADS, else every core. ConfigureRuntime() sets the process up exactly as
// the trainer does for `--threads BenchThreads()` (harness/train/cpu_runtime.h: torch's and
// OpenBLAS's pools, the heap); torch benchmarks call it before timing, so numbers are comparable
// with `mnistbench train --threads N`. ScratchDir is tests/scratch_dir.h's.
#ifndef MNISTBENCH_BENCH_BENCH_SUPPORT_H_
#define MNISTBENCH_BENCH_BENCH_SUPPORT_H_

#include <cstdlib>
#include <filesystem>
#include <string>
#include <thread>

#include "harness/train/cpu_runtime.h"
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

inline void ConfigureRuntime() { ConfigureCpuRuntime(BenchThreads()); }

// What a benchmark that needs MNIST says when the files are not there.
inline constexpr const char* kNoMnist = "MNIST missing: run scripts/fetch_data.sh";

using mnb::testing::ScratchDir;

}  // namespace mnb::bench

#endif  // MNISTBENCH_BENCH_BENCH_SUPPORT_H_
