// The benchmarks' entry point: Google Benchmark's own main, after the same OpenMP set-up that
// `mnistbench train` and `run` get (harness/train/cpu_runtime.h), so the model benchmarks time
// the process configuration that training runs in.
#include <benchmark/benchmark.h>

#include "harness/train/cpu_runtime.h"

int main(int argc, char** argv) {
  mnb::UseShortOpenMpSpin(argv);
  benchmark::Initialize(&argc, argv);
  if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 1;
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}
