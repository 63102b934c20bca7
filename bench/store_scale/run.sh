#!/usr/bin/env bash
# Reading at scale (issue 29): grows a results database of RUNS runs (default 100,000, 2 epochs
# each) with mnistbench_grow_store, then times `mnistbench status` and `report` in each format,
# best of 3 wall-clock runs each, as CSV on stdout.
#   bench/store_scale/run.sh [BUILD_DIR] [RUNS]      (the database goes to $TMPDIR, not the repo)
set -euo pipefail
build="${1:-build}"
runs="${2:-100000}"
db="${TMPDIR:-/tmp}/mnb-store-scale-$runs.db"
[ -f "$db" ] || "$build/mnistbench_grow_store" "$db" "$runs" >&2
best() {  # best of 3 wall times, in seconds, of the command given
  local b=""
  for _ in 1 2 3; do
    local s e
    s=$(date +%s.%N); "$@" > /dev/null; e=$(date +%s.%N)
    b=$(python3 -c "print(min(x for x in [$e - $s, ${b:-1e9}]))")
  done
  printf '%.3f' "$b"
}
echo "command,runs,epochs,seconds_best_of_3"
epochs=$(python3 -c "import sqlite3,sys; print(sqlite3.connect(sys.argv[1]).execute('SELECT COUNT(*) FROM epochs').fetchone()[0])" "$db")
echo "status,$runs,$epochs,$(best "$build/mnistbench" status --db "$db")"
out=$(mktemp -d)
for f in md csv html; do
  echo "report --format $f,$runs,$epochs,$(best "$build/mnistbench" report --db "$db" --format "$f" -o "$out/r.$f")"
done
rm -rf "$out"
