#!/usr/bin/env bash
# The serve benchmark of BENCHMARKS.md "serve": page latency of `mnistbench serve` while a real
# sweep trains into the same database. A 12-run sweep (lenet5, fcnn-seed004 and an inline MLP,
# two learning rates, two seeds, 5 epochs on 5,000 MNIST training images, --workers 2) runs in the
# background; serve reads the same file; CLIENTS curl loops fetch the index, the experiment's
# report page and every run page in turn, REQUESTS each, while the sweep trains.
#
#   bench/serve_load.sh [CLIENTS] [REQUESTS]    # default 8 clients x 250 requests
#
# Prints the request count, the non-200 count, p50/p90/p99/max latency per page kind and over
# all, and whether the sweep finished cleanly (exit 0, no "locked" in its log, every epoch
# recorded). Latency is curl's time_total: connect to last byte, on loopback.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
clients="${1:-8}"
requests="${2:-250}"
mnistbench="${MNISTBENCH_BIN:-$root/build/mnistbench}"
data="${MNISTBENCH_DATA:-$root/data}"
work="$(mktemp -d /tmp/mnistbench-serve-load.XXXXXX)"
serve_pid="" sweep_pid=""
cleanup() {
  [ -n "$serve_pid" ] && kill "$serve_pid" 2>/dev/null || true
  [ -n "$sweep_pid" ] && kill "$sweep_pid" 2>/dev/null || true
  wait 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

cat >"$work/load.toml" <<'TOML'
name = "serve-load"
[dataset]
name = "mnist"
val_size = 1000
limit_train = 5000
limit_test = 2000
[grid]
epochs = 5
batch_size = 64
lr = [1e-3, 3e-3]
seed = [1, 2]
[[model]]
name = "lenet5"
[[model]]
name = "fcnn-seed004"
[[model]]
name = "mlp"
layers = "flatten, dense(64), relu, dense(10)"
TOML

db="$work/load.db"
"$mnistbench" run "$work/load.toml" --db "$db" --workers 2 --threads 2 --data-dir "$data" \
  >/dev/null 2>"$work/sweep.log" &
sweep_pid=$!
until [ -f "$db" ] && [ "$(sqlite3 "file:$db?mode=ro" 'SELECT COUNT(*) FROM runs' 2>/dev/null || echo 0)" -gt 0 ]; do
  sleep 0.1
done
runs="$(sqlite3 "file:$db?mode=ro" 'SELECT COUNT(*) FROM runs')"

"$mnistbench" serve --db "$db" --port 0 >"$work/serve.out" 2>"$work/serve.log" &
serve_pid=$!
until grep -q '^serving ' "$work/serve.out" 2>/dev/null; do sleep 0.05; done
base="$(sed -n 's|^serving \(http://[^ ]*/\) .*|\1|p' "$work/serve.out")"

paths=("" "experiments/1")
for ((id = 1; id <= runs; ++id)); do paths+=("runs/$id"); done
started=$(date +%s.%N)
for ((c = 0; c < clients; ++c)); do
  (
    for ((i = 0; i < requests; ++i)); do
      path="${paths[$(((c + i) % ${#paths[@]}))]}"
      kind="${path%%/*}"
      curl -s -o /dev/null -w "${kind:-index} %{http_code} %{time_total}\n" "$base$path"
    done
  ) >"$work/client$c.txt" &
done
wait $(jobs -p | grep -v -e "^$serve_pid\$" -e "^$sweep_pid\$")
elapsed=$(echo "$(date +%s.%N) - $started" | bc)
sweep_running=$(kill -0 "$sweep_pid" 2>/dev/null && echo yes || echo no)

cat "$work"/client*.txt >"$work/all.txt"
total=$(wc -l <"$work/all.txt")
bad=$(awk '$2 != 200' "$work/all.txt" | wc -l)
percentiles() {  # kind regex -> "n=... p50=... p90=... p99=... max=... ms" (nearest rank)
  awk -v k="$1" '$1 ~ k {print $3 * 1000}' "$work/all.txt" | sort -n | awk '
    function rank(q,  i) { i = int(NR * q); if (i < NR * q) i++; return i < 1 ? 1 : i }
    {v[NR] = $1}
    END {
      if (NR == 0) { print "none"; exit }
      printf "n=%d p50=%.1f p90=%.1f p99=%.1f max=%.1f ms\n", NR, v[rank(0.5)], v[rank(0.9)],
             v[rank(0.99)], v[NR]
    }'
}
echo "serve load: $clients clients x $requests requests = $total requests in ${elapsed}s, non-200: $bad"
echo "  sweep still training when the load ended: $sweep_running ($runs runs)"
for kind in index experiments runs; do echo "  $kind: $(percentiles "^$kind\$")"; done
echo "  all: $(percentiles .)"

sweep_exit=0
wait "$sweep_pid" || sweep_exit=$?
sweep_pid=""
epochs=$(sqlite3 "file:$db?mode=ro" 'SELECT COUNT(*) FROM epochs')
locked=$(grep -ci locked "$work/sweep.log" || true)
echo "  sweep: exit $sweep_exit, 'locked' in its log: $locked, epochs recorded: $epochs of $((runs * 5))"
