#!/usr/bin/env bash
# From a fresh Debian box to a trained model: installs what is missing, builds, fetches the data,
# verifies it, then runs the main job. Safe to run again: each step skips what is already done.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
scripts/install_deps.sh
scripts/build.sh
scripts/fetch_data.sh
build/mnistbench data verify
# The main job. (Once the sweep runner lands this becomes `mnistbench run experiments/quickstart.toml`.)
build/mnistbench train --model lenet5 --dataset mnist --epochs 1
