#!/usr/bin/env bash
# Runs the Google Benchmark suite (bench/) with the settings BENCHMARKS.md reports: 5 repetitions,
# medians (and mean/stddev/cv) only, MNISTBENCH_BENCH_THREADS threads (default 2).
#
#   scripts/bench.sh                                     # everything (about 10 minutes on 2 cores)
#   scripts/bench.sh --benchmark_filter='TrainStep|Gemm' # a subset; any Google Benchmark flag
#   BUILD_DIR=/tmp/b scripts/bench.sh                    # a build other than ./build
#
# The peer comparison is separate: bench/peer/compare.sh.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
BUILD_DIR="${BUILD_DIR:-$root/build}"
if [ "$BUILD_DIR" = "$root/build" ]; then
  scripts/build.sh
elif [ ! -x "$BUILD_DIR/mnistbench_bench" ]; then
  echo "bench.sh: no $BUILD_DIR/mnistbench_bench (build it, or unset BUILD_DIR)" >&2
  exit 2
fi
export MNISTBENCH_DATA="${MNISTBENCH_DATA:-$root/data}"
export MNISTBENCH_BENCH_THREADS="${MNISTBENCH_BENCH_THREADS:-2}"
echo "# $(date -u +%FT%TZ)  $(nproc) cores  $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //')  threads $MNISTBENCH_BENCH_THREADS  load $(cut -d' ' -f1-3 /proc/loadavg)"
"$BUILD_DIR/mnistbench_bench" --benchmark_repetitions=5 --benchmark_report_aggregates_only=true \
  --benchmark_counters_tabular=true "$@"
echo "# load after: $(cut -d' ' -f1-3 /proc/loadavg)"
