#!/usr/bin/env bash
# The same install + build as quickstart, then the whole test suite through ctest.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
scripts/install_deps.sh
scripts/build.sh
scripts/fetch_data.sh
export MNISTBENCH_DATA="${MNISTBENCH_DATA:-$root/data}"
cd build
ctest --output-on-failure -j 1
