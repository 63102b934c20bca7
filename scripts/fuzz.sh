#!/usr/bin/env bash
# Builds the libFuzzer targets (fuzz/, with clang, ASan and UBSan: scripts/build.sh --sanitize)
# and runs them:
#   scripts/fuzz.sh [TARGET|all] [SECONDS]   replay, then fuzz each target SECONDS (default 60)
#   scripts/fuzz.sh --replay [TARGET|all]    only replay the committed corpus and regressions
#   scripts/fuzz.sh --merge [TARGET|all]     fold the inputs found so far into fuzz/corpus/TARGET,
#                                            keeping only those that add coverage (-merge=1)
# Replay runs every file of fuzz/corpus/TARGET and fuzz/regressions/TARGET once: any crash,
# sanitizer report, uncaught exception, hang (-timeout) or memory past -rss_limit_mb fails.
# Fuzzing starts from those files and the target's dictionary (fuzz/dict/TARGET.dict) and keeps
# what it finds in build-asan/fuzz-work/TARGET (outside git), so runs resume where the last one
# stopped; a finding is written to build-asan/fuzz-findings/ with the command that reproduces it.
# Targets run MNISTBENCH_FUZZ_JOBS at a time (default: the number of cores). Each prints one
# line: seconds, executions, coverage, corpus size and findings.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
mode="fuzz"
case "${1:-}" in
  --replay) mode="replay"; shift ;;
  --merge) mode="merge"; shift ;;
esac
which="${1:-all}"
seconds="${2:-60}"
if ! [[ "$seconds" =~ ^[0-9]+$ ]]; then
  echo "fuzz.sh: SECONDS '$seconds' is not a whole number of seconds (expected e.g. 60)" >&2
  exit 2
fi
all_targets=$(sed -n 's/^set(FUZZ_TARGETS \(.*\))$/\1/p' fuzz/CMakeLists.txt)
if [ "$which" = "all" ]; then
  targets="$all_targets"
elif [[ " $all_targets " == *" $which "* ]]; then
  targets="$which"
else
  echo "fuzz.sh: no fuzz target '$which' (expected all or one of: $all_targets)" >&2
  exit 2
fi
command -v clang++ >/dev/null || { echo "fuzz.sh: clang++ not found (scripts/install_deps.sh installs it)" >&2; exit 2; }
scripts/build.sh --sanitize >/dev/null

bin="$root/build-asan/fuzz"
work="$root/build-asan/fuzz-work"
findings="$root/build-asan/fuzz-findings"
logs="$root/build-asan/fuzz-logs"
mkdir -p "$work" "$findings" "$logs"
# LeakSanitizer stays on; a failed UBSan check stops with a stack like ASan's.
export ASAN_OPTIONS="${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=0}"
export UBSAN_OPTIONS="${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}"

max_len_of() {  # whole experiment files and CSV rows are longer than libFuzzer's 4 KiB default
  case "$1" in experiment | csv) echo 16384 ;; *) echo 4096 ;; esac
}

inputs_of() {  # the committed inputs of a target, one per line
  local dir
  for dir in "fuzz/corpus/$1" "fuzz/regressions/$1"; do
    if [ -d "$dir" ]; then find "$dir" -type f; fi
  done | sort
}

replay() {
  local target="$1" count
  count=$(inputs_of "$target" | wc -l)
  if [ "$count" -eq 0 ]; then
    echo "fuzz $target: no committed inputs (expected fuzz/corpus/$target)"
    return 1
  fi
  if ! inputs_of "$target" | tr '\n' '\0' |
      xargs -0 "$bin/fuzz_$target" -timeout=10 -rss_limit_mb=2048 >"$logs/$target-replay.log" 2>&1; then
    echo "fuzz $target: replay FAILED (log: $logs/$target-replay.log):"
    grep -E "ERROR|runtime error|SUMMARY|Running:" "$logs/$target-replay.log" | tail -n 5 | sed 's/^/  /'
    return 1
  fi
  echo "fuzz $target: replayed $count committed inputs, no finding"
}

fuzz_one() {
  local target="$1" dict=() log="$logs/$target.log" status=0
  mkdir -p "$work/$target"
  [ -f "fuzz/dict/$target.dict" ] && dict=(-dict="fuzz/dict/$target.dict")
  local seeds=("fuzz/corpus/$target")
  [ -d "fuzz/regressions/$target" ] && seeds+=("fuzz/regressions/$target")
  "$bin/fuzz_$target" "$work/$target" "${seeds[@]}" "${dict[@]}" -max_total_time="$seconds" -max_len="$(max_len_of "$target")" -timeout=10 \
    -rss_limit_mb=2048 -print_final_stats=1 -artifact_prefix="$findings/$target-" \
    >"$log" 2>&1 || status=$?
  local execs cov corpus
  execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -n 1)
  cov=$(grep -oE 'cov: [0-9]+ ft: [0-9]+' "$log" | tail -n 1)
  corpus=$(find "$work/$target" -type f | wc -l)
  if [ "$status" -ne 0 ]; then
    echo "fuzz $target: FINDING after ${execs:-?} executions (log: $log):"
    grep -E "ERROR|runtime error|SUMMARY|Test unit written|property failed" "$log" | tail -n 6 | sed 's/^/  /'
    echo "  reproduce: $bin/fuzz_$target $(grep -oE "$findings/[^ ]+" "$log" | tail -n 1)"
    return 1
  fi
  echo "fuzz $target: ${seconds} s, ${execs:-0} executions, ${cov:-cov: ?}, $corpus inputs in the work corpus, 0 findings"
}

merge() {
  local target="$1"
  mkdir -p "$work/$target" "fuzz/corpus/$target"
  "$bin/fuzz_$target" -merge=1 -max_len="$(max_len_of "$target")" "fuzz/corpus/$target" \
    "$work/$target" >"$logs/$target-merge.log" 2>&1
  echo "fuzz $target: corpus now $(find "fuzz/corpus/$target" -type f | wc -l) inputs ($(du -sk "fuzz/corpus/$target" | cut -f1) KiB)"
}

status=0
for target in $targets; do replay "$target" || status=1; done
if [ "$mode" = "merge" ]; then
  for target in $targets; do merge "$target"; done
elif [ "$mode" = "fuzz" ] && [ "$status" -eq 0 ] && [ "$seconds" -gt 0 ]; then
  jobs="${MNISTBENCH_FUZZ_JOBS:-$(nproc 2>/dev/null || echo 2)}"
  results="$(mktemp -d)"
  trap 'rm -rf "$results"' EXIT
  running=0
  for target in $targets; do
    { fuzz_one "$target" >"$results/$target" 2>&1 || echo FAILED >>"$results/$target.failed"; } &
    running=$((running + 1))
    if [ "$running" -ge "$jobs" ]; then wait -n || true; running=$((running - 1)); fi
  done
  wait
  for target in $targets; do cat "$results/$target"; done
  if compgen -G "$results/*.failed" >/dev/null; then status=1; fi
fi
exit "$status"
