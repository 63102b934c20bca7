#!/usr/bin/env bash
# Trains the same models on the same data with mnistbench (A) and the plain-PyTorch peer (B),
# alternating A B A B, and prints each side's training img/s, the A/B ratio and both test
# accuracies (so speed cannot come from training differently).
#
#   bench/peer/compare.sh                      # fcnn-seed004 lenet5 cnn-seed001, 5 pairs each
#   REPS=3 EPOCHS=1 THREADS=2 bench/peer/compare.sh lenet5
#
# Environment: BIN (mnistbench binary, default build/mnistbench; built by scripts/build.sh when
# missing), MNISTBENCH_DATA (default ./data), EPOCHS (1), THREADS (2), BATCH (128), REPS (5),
# LIMIT_TRAIN (0 = all 60,000; mnistbench takes a stratified subset, the peer the first N),
# PYTHON (/usr/bin/python3: Debian's, whose torch is the same 1.13 as libtorch-dev),
# PEER_ENV (extra environment for the peer only, e.g. "GOMP_SPINCOUNT=1000" to give it the
# OpenMP spin mnistbench sets for itself; default none: the peer as the seeds run it),
# OUT (per-run TSV; default /tmp/mnistbench-compare-<time>.tsv).
# Both sides train on all of MNIST train (no validation hold-out) with Adam lr 1e-3,
# cross-entropy, batch BATCH, THREADS threads; img/s counts the training loop only (for the
# peer including its DataLoader), never evaluation.
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
cd "$root"

BIN="${BIN:-$root/build/mnistbench}"
DATA="${MNISTBENCH_DATA:-$root/data}"
EPOCHS="${EPOCHS:-1}"
THREADS="${THREADS:-2}"
BATCH="${BATCH:-128}"
REPS="${REPS:-5}"
LIMIT_TRAIN="${LIMIT_TRAIN:-0}"
PYTHON="${PYTHON:-/usr/bin/python3}"
PEER_ENV="${PEER_ENV:-}"
OUT="${OUT:-/tmp/mnistbench-compare-$(date +%Y%m%d-%H%M%S).tsv}"
if [ "$#" -gt 0 ]; then models=("$@"); else models=(fcnn-seed004 lenet5 cnn-seed001); fi

if [ ! -x "$BIN" ]; then
  if [ "$BIN" = "$root/build/mnistbench" ]; then
    scripts/build.sh
  else
    echo "compare.sh: BIN=$BIN is not an executable (build it, or unset BIN)" >&2
    exit 2
  fi
fi
if [ ! -e "$DATA/mnist/train-images-idx3-ubyte" ] && [ ! -e "$DATA/mnist/train-images-idx3-ubyte.gz" ]; then
  echo "compare.sh: no MNIST in $DATA/mnist (run scripts/fetch_data.sh or set MNISTBENCH_DATA)" >&2
  exit 2
fi
if ! "$PYTHON" -c 'import torch, numpy' 2>/dev/null; then
  echo "compare.sh: installing Debian's python3-torch and python3-numpy for the peer" >&2
  sudo_cmd=""
  [ "$(id -u)" -ne 0 ] && sudo_cmd="sudo"
  $sudo_cmd apt-get install -y --no-install-recommends python3-torch python3-numpy >&2
fi

median() { sort -g | awk '{v[NR] = $1} END {if (NR == 0) print "nan"; else if (NR % 2) print v[(NR + 1) / 2]; else print (v[NR / 2] + v[NR / 2 + 1]) / 2}'; }
json_field() { grep -oE "\"$1\": ?[-0-9.eE+]+" | tail -1 | sed -E 's/.*: ?//'; }

echo "# $(date -u +%FT%TZ)  $(uname -m)  $(nproc) cores  $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //')"
echo "# bin $BIN ($("$BIN" --version 2>/dev/null | head -1 || echo '?')), peer torch $("$PYTHON" -c 'import torch; print(torch.__version__)')"
echo "# epochs $EPOCHS  batch $BATCH  threads $THREADS  reps $REPS  limit_train $LIMIT_TRAIN  data $DATA"
echo "# peer environment: ${PEER_ENV:-unchanged}"
echo "# load before: $(cut -d' ' -f1-3 /proc/loadavg)"
printf 'model\tside\trep\timg_per_s\ttest_accuracy\tload1\n' > "$OUT"
log=$(mktemp)
trap 'rm -f "$log"' EXIT

run_mnistbench() {  # model rep -> "img_per_s test_accuracy"
  local limit=()
  [ "$LIMIT_TRAIN" -gt 0 ] && limit=(--limit-train "$LIMIT_TRAIN")
  "$BIN" train --model "$1" --dataset mnist --data-dir "$DATA" --epochs "$EPOCHS" \
    --batch-size "$BATCH" --threads "$THREADS" --val-size 0 --seed "$2" --device cpu \
    --lr 1e-3 --optimizer adam --loss ce "${limit[@]}" --json > "$log"
  # Each epoch line ends "... N img/s ..." (training only); epochs are the same size, so the
  # run's rate is the harmonic mean of theirs.
  local ips acc
  ips=$(grep -oE '[0-9.]+ img/s' "$log" | awk '{s += 1 / $1; n++} END {printf "%.1f", n / s}')
  acc=$(tail -1 "$log" | json_field test_accuracy)
  echo "$ips $acc"
}

run_peer() {
  env $PEER_ENV "$PYTHON" "$root/bench/peer/peer_train.py" --model "$1" --data-dir "$DATA" --epochs "$EPOCHS" \
    --batch-size "$BATCH" --threads "$THREADS" --seed "$2" --limit-train "$LIMIT_TRAIN" > "$log"
  local ips acc
  ips=$(tail -1 "$log" | json_field img_per_s)
  acc=$(tail -1 "$log" | json_field test_accuracy)
  printf '%.1f %s\n' "$ips" "$acc"
}

for model in "${models[@]}"; do
  for rep in $(seq 1 "$REPS"); do
    for side in mnistbench peer; do
      load=$(cut -d' ' -f1 /proc/loadavg)
      if [ "$side" = mnistbench ]; then result=$(run_mnistbench "$model" "$rep"); else result=$(run_peer "$model" "$rep"); fi
      read -r ips acc <<< "$result"
      printf '%s\t%s\t%s\t%s\t%s\t%s\n' "$model" "$side" "$rep" "$ips" "$acc" "$load" >> "$OUT"
      printf '%-14s %-10s rep %d  %9.1f img/s  test %.4f  (load %s)\n' "$model" "$side" "$rep" "$ips" "$acc" "$load"
    done
  done
done
echo "# load after: $(cut -d' ' -f1-3 /proc/loadavg)"

echo
printf '| model | mnistbench img/s | peer img/s | ratio | mnistbench test acc | peer test acc |\n'
printf '| --- | ---: | ---: | ---: | ---: | ---: |\n'
for model in "${models[@]}"; do
  col() { awk -F'\t' -v m="$model" -v s="$1" -v c="$2" '$1 == m && $2 == s {print $c}' "$OUT" | median; }
  a=$(col mnistbench 4); b=$(col peer 4); aa=$(col mnistbench 5); ba=$(col peer 5)
  ratio=$(awk -v a="$a" -v b="$b" 'BEGIN {printf "%.2fx", a / b}')
  printf '| %s | %.0f | %.0f | %s | %.2f%% | %.2f%% |\n' "$model" "$a" "$b" "$ratio" \
    "$(awk -v x="$aa" 'BEGIN {print 100 * x}')" "$(awk -v x="$ba" 'BEGIN {print 100 * x}')"
done
echo
echo "medians of $REPS alternating runs each; every run in $OUT"
