#!/usr/bin/env bash
# The same install + build as quickstart, then the whole test suite through ctest for each LibTorch
# build chosen (scripts/torch_choice.sh: MNISTBENCH_TORCH=system|pip|both; .ci/run tests both),
# the torch-free suite under ASan + UBSan and every fuzz target (replay, then 30 s each), then
# the accuracy gate on experiments/ci.toml once. Ends with one line per build:
# "N test cases listed, N run, 0 skipped".
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
source scripts/torch_choice.sh
scripts/install_deps.sh
for config in "${torch_configs[@]}"; do scripts/build.sh --torch "$config"; done
# The sanitizer build (build-asan/: clang, ASan + UBSan, no LibTorch): the torch-free test cases
# and the fuzz targets (docs/testing.md "Fuzzing and sanitizers").
scripts/build.sh --sanitize
bin_dir="$(build_dir_of "${torch_configs[0]}")"
MNISTBENCH_BINARY="$root/$bin_dir/mnistbench" scripts/fetch_data.sh
export MNISTBENCH_DATA="${MNISTBENCH_DATA:-$root/data}"
# A real one-node Slurm cluster for tests/cluster/test_slurm.cc (a visible skip without one, a failure
# under CI), in a temporary state directory; stopped, with every process it started, on any exit.
if [ "$(id -u)" -eq 0 ]; then
  slurm_dir="$(scripts/slurm_cluster.sh start)"
  trap '"$root/scripts/slurm_cluster.sh" stop "$slurm_dir"' EXIT
  trap 'exit 130' INT TERM  # so that the EXIT trap runs on Ctrl-C and kill too
  source "$slurm_dir/env"
else
  echo "test: not root, so no Slurm cluster: the Slurm cluster test will be skipped"
fi
# Goldens are compared, never rewritten, here (tests/reports/test_golden.cc also refuses under CI).
unset MNISTBENCH_UPDATE_GOLDEN
summaries=()
for config in "${torch_configs[@]}"; do
  dir="$(build_dir_of "$config")"
  scripts/run_tests.sh "$dir" 2>&1 | tee "$dir/test-summary.log"
  summaries+=("$(tail -n 1 "$dir/test-summary.log")")
done
scripts/run_tests.sh build-asan 2>&1 | tee build-asan/test-summary.log
summaries+=("$(tail -n 1 build-asan/test-summary.log)")
# Every fuzz target replays its committed corpus and regressions, then fuzzes afresh.
scripts/fuzz.sh all "${MNISTBENCH_FUZZ_SECONDS:-30}"

# The accuracy gate (docs/check.md): trains experiments/ci.toml afresh, so the numbers are
# this build's, and fails on a regression with a JUnit report for the CI system.
rm -rf "$bin_dir"/ci.db "$bin_dir"/ci.db-wal "$bin_dir"/ci.db-shm "$bin_dir"/ci.db.artifacts
"$bin_dir/mnistbench" check experiments/ci.toml --run --db "$bin_dir/ci.db" \
  --junit "$bin_dir/ci-check.xml" --markdown "$bin_dir/ci-check.md"

# Reproducibility (docs/sweeps.md "reproduce"): the gate's first run, trained again from its stored
# configuration, must give bit-identical metrics on this machine.
"$bin_dir/mnistbench" reproduce 1 --db "$bin_dir/ci.db"
printf '%s\n' "${summaries[@]}"
# One closing line over every build: test cases run (all passed, or this script had stopped),
# and those not run here (skips, and the [cuda] cases without a GPU).
printf '%s\n' "${summaries[@]}" | awk '{
  for (i = 1; i <= NF; ++i) {
    if ($(i + 1) == "run,") run += $i
    if ($(i + 1) == "skipped" || $(i + 1) == "skipped,") skips += $i
    if ($(i + 1) == "CUDA" && $(i + 4) == "not") not_run += $i
    if ($(i + 1) == "CUDA" && $(i + 4) == "run") on_gpu += $i
  }
} END { printf "total: %d passed, 0 failed, %d skipped\n", run - skips + on_gpu, skips + not_run }'
