#!/usr/bin/env bash
# Runs per hour of a 24-run lenet5 sweep (bench/workers/sweep24.toml) with one worker using every
# core, and with --workers auto (the default), each into a fresh database; prints and appends
# one CSV row per setting to bench/results/workers-auto.csv (command, date, machine, wall time).
#   bench/workers/compare.sh [BUILD_DIR]    (default: build)
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
bin="$root/${1:-build}/mnistbench"
out="$root/bench/results/workers-auto.csv"
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
export MNISTBENCH_DATA="${MNISTBENCH_DATA:-$root/data}"
machine="$(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //')"
[ -f "$out" ] || echo "date,revision,machine,device,workers,runs,wall_seconds,runs_per_hour,command" >"$out"
for workers in 1 auto; do
  db="$tmp/w-$workers.db"
  command="mnistbench run bench/workers/sweep24.toml --device cpu --workers $workers"
  start=$(date +%s.%N)
  "$bin" run "$root/bench/workers/sweep24.toml" --db "$db" --device cpu --workers "$workers" \
    2>"$tmp/log-$workers"
  wall=$(awk -v a="$start" -v b="$(date +%s.%N)" 'BEGIN { printf "%.1f", b - a }')
  runs=$("$bin" query --db "$db" --format csv \
    "SELECT COUNT(*) FROM runs WHERE status = 'completed'" | tail -n 1)
  per_hour=$(awk -v r="$runs" -v w="$wall" 'BEGIN { printf "%d", r * 3600 / w }')
  row="$(date -u +%F),$(git -C "$root" rev-parse --short HEAD),\"$machine\",cpu,$workers,$runs,$wall,$per_hour,\"$command\""
  echo "$row" | tee -a "$out"
done
