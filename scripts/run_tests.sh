#!/usr/bin/env bash
# Runs the whole Catch2 suite of one build folder through ctest, then proves it ran all of it:
#   scripts/run_tests.sh [BUILD_DIR]   (default: build)
# Every test case that starts is logged by the test binary (tests/main.cc); the script compares
# that log with the test cases the binary lists and fails when any was not run. Skips
# (tests/skip.h) are listed; under CI=true each one has already failed its test. The [cuda] test
# cases run only where a GPU is visible, and are reported as not run elsewhere.
# Its last line is "N test cases listed, N run, N skipped" (and the CUDA cases).
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
build="$root/${1:-build}"
tests="$build/mnistbench_tests"

logs="$(mktemp -d)"
trap 'rm -rf "$logs"' EXIT
export MNISTBENCH_TEST_RUN_LOG="$logs/run" MNISTBENCH_TEST_SKIPS="$logs/skips"
: >"$MNISTBENCH_TEST_RUN_LOG"
: >"$MNISTBENCH_TEST_SKIPS"

status=0
(cd "$build" && ctest --output-on-failure -j "${MNISTBENCH_TEST_JOBS:-1}") || status=$?

# The sanitizer build (build-asan: no LibTorch) runs every test case but the [torch] ones, which
# train through mnistbench-torch; the LibTorch builds run those.
filter=()
torch_note=""
if [ ! -x "$build/mnistbench-torch" ]; then
  filter=("~[torch]")
  torch_count=$({ "$tests" --list-test-names-only "[torch]" || true; } | sed '/^$/d' | wc -l)
  torch_note=", $torch_count [torch] test cases left to the LibTorch builds"
fi
# Catch2 v2 exits with the number of test cases it lists: not an error here.
{ "$tests" --list-test-names-only "${filter[@]}" || true; } | sed '/^$/d' | sort >"$logs/listed"
sort -u "$MNISTBENCH_TEST_RUN_LOG" >"$logs/ran"
listed=$(wc -l <"$logs/listed")
ran=$(wc -l <"$logs/ran")
not_run=$(comm -23 "$logs/listed" "$logs/ran")
if [ -n "$not_run" ]; then
  echo "tests: $(wc -l <<<"$not_run") listed test case(s) never ran under ctest:"
  sed 's/^/  /' <<<"$not_run"
  status=1
fi
# The [cuda] test cases (hidden from the default run): run where a GPU is visible, else reported
# as not run. They are never counted as passed without one.
cuda_listed=$({ "$tests" --list-test-names-only "[cuda]" || true; } | sed '/^$/d' | wc -l)
cuda_note=""
if [ "$cuda_listed" -eq 0 ]; then
  :  # a build without the CUDA test cases (build-asan)
elif command -v nvidia-smi >/dev/null 2>&1 && nvidia-smi -L 2>/dev/null | grep -q '^GPU '; then
  (cd "$root" && "$tests" "[cuda]" --warn NoTests) || status=1
  cuda_note=", $cuda_listed CUDA test cases run on the GPU"
else
  echo "tests: SKIP $cuda_listed CUDA test cases ([cuda]): no GPU visible here (bench/gpu/check.sh runs them on one)"
  cuda_note=", $cuda_listed CUDA test cases not run (no GPU)"
fi
skips=$(wc -l <"$MNISTBENCH_TEST_SKIPS")
if [ "$skips" -gt 0 ]; then
  echo "tests: $skips test case(s) SKIPPED (not passed):"
  sed 's/^/  SKIP /' "$MNISTBENCH_TEST_SKIPS"
fi
echo "tests ($(basename "$build")): $listed test cases listed, $ran run, $skips skipped$cuda_note$torch_note"
exit "$status"
