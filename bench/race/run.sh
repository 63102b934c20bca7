#!/usr/bin/env bash
# Racing against a fixed design (issue 31; BENCHMARKS.md "Racing"): experiments/race.toml's six
# variants once with a fixed 10 seeds each, and raced (min 3, max 10 seeds) from REPS race seeds
# (first seeds 1, 101, 201, ...). All into one database, resumable: run it again to go on.
#   bench/race/run.sh [BUILD_DIR] [DB] [REPS]     (defaults: build /tmp/mnb-race-bench.db 5)
# Then bench/race/summarize.py DB writes the CSV: per design its runs, seeds per variant, wall
# time, the winner and whether the fixed design can separate it from its own best.
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
build="${1:-build}"; db="${2:-/tmp/mnb-race-bench.db}"; reps="${3:-5}"
[[ "$build" = /* ]] || build="$root/$build"
work="$(dirname "$db")/mnb-race-bench-files"
mkdir -p "$work"
src="$root/experiments/race.toml"
# The fixed design: the same grid with seeds 1..10 and no [race].
sed -e 's/^name = "race"/name = "race-fixed"/' -e 's/^seed = 1$/seed = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10]/' \
    -e '/^\[race\]/,/^max_seeds/d' "$src" > "$work/race-fixed.toml"
files=("$work/race-fixed.toml")
for ((k = 0; k < reps; k++)); do
  sed -e "s/^name = \"race\"/name = \"race-r$k\"/" -e "s/^seed = 1\$/seed = $((1 + 100 * k))/" \
      "$src" > "$work/race-r$k.toml"
  files+=("$work/race-r$k.toml")
done
for f in "${files[@]}"; do
  start=$(date +%s)
  "$build/mnistbench" run "$f" --db "$db" --device cpu --workers 1 --threads 2
  echo "$(basename "$f" .toml) $(( $(date +%s) - start ))" >> "$work/wall.txt"
done
