#!/usr/bin/env bash
# The same install + build as quickstart, then the whole test suite through ctest, then the
# accuracy gate on experiments/ci.toml.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
scripts/install_deps.sh
scripts/build.sh
scripts/fetch_data.sh
export MNISTBENCH_DATA="${MNISTBENCH_DATA:-$root/data}"
# A real one-node Slurm cluster for tests/test_slurm.cc (a visible skip without one, a failure
# under CI), in a
# temporary state directory; stopped, with every process it started, on any exit.
if [ "$(id -u)" -eq 0 ]; then
  slurm_dir="$(scripts/slurm_cluster.sh start)"
  trap '"$root/scripts/slurm_cluster.sh" stop "$slurm_dir"' EXIT
  trap 'exit 130' INT TERM  # so that the EXIT trap runs on Ctrl-C and kill too
  source "$slurm_dir/env"
else
  echo "test: not root, so no Slurm cluster: the Slurm cluster test will be skipped"
fi
# Goldens are compared, never rewritten, here (tests/test_golden.cc also refuses under CI).
unset MNISTBENCH_UPDATE_GOLDEN
# ctest, then proof that every test case the binary lists ran ("N test cases listed, N run").
scripts/run_tests.sh build

# The accuracy gate (README "Use in CI"): trains experiments/ci.toml afresh, so the numbers are
# this build's, and fails on a regression with a JUnit report for the CI system.
rm -rf build/ci.db build/ci.db-wal build/ci.db-shm build/ci.db.artifacts
build/mnistbench check experiments/ci.toml --run --db build/ci.db \
  --junit build/ci-check.xml --markdown build/ci-check.md

# Reproducibility (README "reproduce"): the gate's first run, trained again from its stored
# configuration, must give bit-identical metrics on this machine.
build/mnistbench reproduce 1 --db build/ci.db
