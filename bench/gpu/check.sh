#!/usr/bin/env bash
# The GPU check (issue 28): proves the bundle loads, then measures it on the GPU, in < 8 minutes.
# Usage: check.sh [--dry-run] [CSV]   CSV: $OUT/gpu-check.csv if $OUT is set, else ./gpu-check.csv
# Every step has its own `timeout` and the whole check a deadline; a step that fails or times out
# is recorded (section step) and the check goes on. Step logs go to CSV's folder, *-logs/.
# Exit 0 when every step passed, else 1 (--dry-run: 0).
# Env: MNISTBENCH_BIN (folder of the binaries; default this folder, else ../../build-cuda),
# MNISTBENCH_DATA (default ./data beside this script, else ../../data), PYTHON (default python3),
# CHECK_SMOKE=1 (tests this script off-GPU: --device cpu, small data subsets; no GPU figures).
set -uo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
HARD_S=465 # everything ends by this many seconds after start (under 8 minutes)
# step:budget seconds:what it runs; the budgets sum to 450 s (7.5 minutes).
PLAN=(
  "preflight:15:ldd of the three binaries (every library resolves), mnistbench --version, python3 torch"
  "gpu:10:nvidia-smi --query-gpu=name,driver_version,memory.total"
  "env:15:mnistbench env --json (CUDA runtime, cuDNN, GPUs, determinism as LibTorch sees them)"
  "tests:55:mnistbench_tests [cuda] --warn NoTests (MNISTBENCH_DATA=data)"
  "train:110:mnistbench train --device cuda --epochs 2 --val-size 0 --json, 8 model@batch, <= 30 s each"
  "peer-eager:50:peer.py --mode eager (PyTorch-Python, same 8 model@batch)"
  "sweep:100:mnistbench run sweep24.toml --workers 4 --device cuda (24 lenet5 runs)"
  "reproduce:25:mnistbench reproduce of one CUDA sweep run (bit-identical expected)"
  "peer-compile:70:peer.py --mode compile (torch.compile reduce-overhead), as many as fit"
)
# model:batch in order of importance; published batches: lenet5 600, fcnn-seed004 64,
# cnn-seed001 32 (`mnistbench models`), mnb-vgg 128 (experiments/seeds.toml).
CONFIGS=(lenet5:512 fcnn-seed004:512 lenet5:600 fcnn-seed004:64 cnn-seed001:512 cnn-seed001:32
  mnb-vgg:512 mnb-vgg:128)

# A step's budget in seconds, from PLAN.
budget() {
  local s
  for s in "${PLAN[@]}"; do
    if [[ "${s%%:*}" == "$1" ]]; then s="${s#*:}"; echo "${s%%:*}"; fi
  done
}

dry_run() {
  local s total=0 name rest b
  echo "GPU check plan (each step under its own timeout; whole check stops by ${HARD_S} s):"
  for s in "${PLAN[@]}"; do
    name="${s%%:*}"; rest="${s#*:}"; b="${rest%%:*}"; total=$((total + b))
    printf '  %-13s %4d s  %s\n' "$name" "$b" "${rest#*:}"
  done
  printf '  %-13s %4d s  (%d min %d s)\n' total "$total" $((total / 60)) $((total % 60))
  echo "  model@batch: ${CONFIGS[*]}"
  echo "  binaries: $BIN; data: $DATA; CSV: $CSV"
}

now() { date +%s.%N; }
elapsed() { awk -v a="$1" -v b="$(now)" 'BEGIN { printf "%.1f", b - a }'; }
trim() { local v="$1"; v="${v#"${v%%[![:space:]]*}"}"; printf '%s' "${v%"${v##*[![:space:]]}"}"; }

# CSV: one row per call; quoted where needed; echoed for the reader.
csv_field() {
  local v="$1"
  if [[ "$v" == *[,\"$'\n']* ]]; then v="\"${v//\"/\"\"}\""; fi
  printf '%s' "$v"
}
row() {
  local line="" f
  for f in "$1" "$2" "$3" "${4:-}" "${5:-}"; do line+="$(csv_field "$f"),"; done
  printf '%s\n' "${line%,}" >>"$CSV"
  printf '  %-12s %-26s %s %s%s\n' "$1" "$2" "$3" "${4:-}" "${5:+  ($5)}"
}

# Seconds a command may run: its wish, capped by an end time (default the hard deadline).
limit() {
  local want="$1" end="${2:-$HARD_END}" left
  left=$((end - SECONDS))
  ((left > HARD_END - SECONDS - 4)) && left=$((HARD_END - SECONDS - 4))
  ((want < left)) && left="$want"
  echo "$left"
}

# run_step NAME LIMIT LOG CMD...: runs CMD under timeout, records pass/fail/timeout, returns rc.
run_step() {
  local name="$1" lim="$2" log="$3" start rc status
  shift 3
  if ((lim < 2)); then
    row step "$name" skipped "" "time budget spent"
    return 125
  fi
  start="$(now)"
  timeout -k 3 "$lim" "$@" >"$log" 2>&1
  rc=$?
  case "$rc" in 0) status=pass ;; 124 | 137) status=timeout ;; *) status=fail ;; esac
  row step "$name" "$status" "" "exit $rc; $(elapsed "$start") s of $lim s; log $(basename "$log")"
  return "$rc"
}

step_preflight() {
  local b missing f ver
  for b in mnistbench mnistbench-torch mnistbench_tests; do
    run_step "ldd $b" "$(limit 5)" "$LOGS/ldd-$b.log" ldd "$BIN/$b"
    missing="$(awk '/not found/ { printf "%s ", $1 }' "$LOGS/ldd-$b.log")"
    if [[ -n "$missing" ]]; then row preflight "ldd $b" missing "" "$missing"
    else row preflight "ldd $b" "all resolve"; fi
  done
  if run_step version "$(limit 10)" "$LOGS/version.log" "$BIN/mnistbench" --version; then
    row preflight version "$(head -n 1 "$LOGS/version.log")"
  fi
  f="$LOGS/python-torch.log"
  ver="$(timeout 20 "$PYTHON" -c 'import torch; print(torch.__version__, torch.version.cuda)' 2>"$f")"
  row preflight python3_torch "${ver:-n/a}" "" "LD_LIBRARY_PATH=$LD_LIBRARY_PATH"
}

step_gpu() {
  local log="$LOGS/gpu.log" name driver mem
  run_step nvidia-smi "$(limit 10)" "$log" nvidia-smi \
    --query-gpu=name,driver_version,memory.total --format=csv,noheader || return
  IFS=, read -r name driver mem <"$log"
  row gpu name "$(trim "$name")" "" "GPU 0 of $(wc -l <"$log")"
  row gpu driver "$(trim "$driver")"
  row gpu memory "$(trim "$mem")"
}

step_env() {
  local log="$LOGS/env.log"
  run_step env "$(limit 15)" "$log" "$BIN/mnistbench" env --json || return
  "$PYTHON" - "$log" <<'EOF' | while IFS=$'\t' read -r k v; do row env "$k" "$v"; done
import json, sys
try:
    j = json.loads([l for l in open(sys.argv[1]) if l.lstrip().startswith("{")][-1])
except (IndexError, ValueError) as e:
    print(f"json\tunreadable: {type(e).__name__}: {e}")
    sys.exit(0)
for k, v in j.items():
    if k != "gpus":
        print(f"{k}\t{v}")
for g in j.get("gpus") or []:
    print(f"gpu{g.get('index')}\t{g.get('name')}; cc {g.get('compute_capability')}; "
          f"{g.get('memory_mib')} MiB")
EOF
}

step_tests() {
  local log="$LOGS/tests.log" summary passed=0 failed=0 re
  run_step "tests [cuda]" "$(limit 55)" "$log" env MNISTBENCH_DATA="$DATA" \
    "$BIN/mnistbench_tests" "[cuda]" --warn NoTests
  summary="$(grep -E 'All tests passed|test cases:|No test' "$log" | tail -n 1 | tr -s ' ')"
  re='All tests passed \(([0-9]+) assertions? in ([0-9]+) test cases?\)'
  if [[ "$summary" =~ $re ]]; then passed="${BASH_REMATCH[2]}"; fi
  re='([0-9]+) passed'
  if [[ "$summary" == test\ cases:* && "$summary" =~ $re ]]; then passed="${BASH_REMATCH[1]}"; fi
  re='([0-9]+) failed'
  if [[ "$summary" == test\ cases:* && "$summary" =~ $re ]]; then failed="${BASH_REMATCH[1]}"; fi
  row tests cuda_passed "$passed" "test cases" "${summary:-no Catch2 summary line}"
  row tests cuda_failed "$failed" "test cases"
}

# img/s of the last epoch: a per-epoch list in the JSON if there is one, else the last epoch line.
last_img_s() {
  "$PYTHON" - "$1" <<'EOF'
import json, re, sys
text = open(sys.argv[1], errors="replace").read()
for line in reversed(text.splitlines()):
    if line.startswith("{"):
        try:
            j = json.loads(line)
        except ValueError:
            break
        for v in j.values():
            if isinstance(v, list) and v and isinstance(v[-1], dict) and "samples_per_second" in v[-1]:
                print(f"{v[-1]['samples_per_second']:.0f}\tjson")
                sys.exit(0)
        break
m = re.findall(r"^epoch (\d+)/(\d+) .*?([0-9.]+) img/s", text, re.M)
print(f"{m[-1][2]}\tepoch {m[-1][0]}/{m[-1][1]} line" if m else "n/a\tno epoch line")
EOF
}

train_one() {
  local cfg="$1" end="$2" extra="${3:-}" tag log ips how
  tag="${cfg/:/@}${extra:+ $extra}"
  log="$LOGS/train-${cfg/:/-}${extra:+-fast}.log"
  # shellcheck disable=SC2086 # $extra is one optional flag
  run_step "train $tag" "$(limit 30 "$end")" "$log" "$BIN/mnistbench" train --model "${cfg%%:*}" \
    --device "$DEVICE" --epochs 2 --batch-size "${cfg##*:}" --val-size 0 --json --data-dir "$DATA" \
    "${SMOKE_TRAIN[@]}" $extra
  IFS=$'\t' read -r ips how < <(last_img_s "$log")
  [[ "$ips" == n/a ]] && how+=": $(tail -n 1 "$log" | cut -c1-200)"
  row train "$tag" "$ips" img/s "mnistbench, $how${extra:+; $extra}"
}

step_train() {
  local end=$((SECONDS + $(budget train))) cfg
  for cfg in "${CONFIGS[@]}"; do train_one "$cfg" "$end"; done
  if "$BIN/mnistbench" train --help 2>/dev/null | grep -q -- '--fast'; then
    for cfg in lenet5:512 fcnn-seed004:512; do train_one "$cfg" "$end" --fast; done
  fi
}

step_peer() {
  local mode="$1" log="$LOGS/peer-$1.log" lim cfg why
  lim="$(limit "$(budget "peer-$mode")")"
  why="not reached in the step's $lim s"
  run_step "peer $mode" "$lim" "$log" "$PYTHON" "$HERE/peer.py" --device "$DEVICE" --mode "$mode" \
    --data-dir "$DATA" --configs "$(IFS=,; echo "${CONFIGS[*]}")" --deadline $((lim - 15)) \
    "${SMOKE_PEER[@]}" || why="peer.py exit $?: $(tail -n 1 "$log" | cut -c1-200)"
  grep -E "^peer-$mode," "$log" >>"$CSV"
  grep -E "^peer-$mode," "$log" | awk -F, '{ printf "  %-12s %-26s %s %s\n", $1, $2, $3, $4 }'
  for cfg in "${CONFIGS[@]}"; do
    grep -q "^peer-$mode,${cfg/:/@}," "$log" || row "peer-$mode" "${cfg/:/@}" n/a img/s "$why"
  done
}

step_sweep() {
  local log="$LOGS/sweep.log" start wall done_n
  start="$(now)"
  run_step sweep "$(limit "$(budget sweep)")" "$log" "$BIN/mnistbench" run "$SWEEP" \
    --db "$WORK/sweep.db" --workers 4 --device "$DEVICE" --data-dir "$DATA"
  wall="$(elapsed "$start")"
  done_n="$(timeout 10 "$BIN/mnistbench" query --db "$WORK/sweep.db" --format csv \
    "SELECT COUNT(*) FROM runs WHERE status = 'completed'" 2>/dev/null | tr -d '\r' | tail -n 1)"
  [[ "$done_n" =~ ^[0-9]+$ ]] || done_n=0
  row sweep wall "$wall" s "24 lenet5 runs, --workers 4, one GPU"
  row sweep completed "$done_n" runs "of 24"
  row sweep runs_per_hour "$(awk -v n="$done_n" -v w="$wall" 'BEGIN { printf "%.0f", n * 3600 / w }')" runs/h
}

step_reproduce() {
  local log="$LOGS/reproduce.log" id rc verdict
  id="$(timeout 10 "$BIN/mnistbench" query --db "$WORK/sweep.db" --format csv "SELECT id FROM runs WHERE \
status = 'completed' AND device LIKE '$DEVICE%' ORDER BY id LIMIT 1" 2>/dev/null | tr -d '\r' | sed -n 2p)"
  if [[ ! "$id" =~ ^[0-9]+$ ]]; then
    row reproduce exit_code n/a "" "no completed CUDA run in the sweep"
    return
  fi
  run_step reproduce "$(limit "$(budget reproduce)")" "$log" "$BIN/mnistbench" reproduce "$id" \
    --db "$WORK/sweep.db" --data-dir "$DATA" --device "$DEVICE"
  rc=$?
  verdict=no
  grep -q 'bit-identical' "$log" && ! grep -q 'differs' "$log" && verdict=yes
  row reproduce exit_code "$rc" "" "run $id"
  row reproduce bit_identical "$verdict" "" "$(tail -n 1 "$log")"
}

# mnistbench / peer img/s per model@batch, then the step verdicts.
summary() {
  "$PYTHON" - "$CSV" <<'EOF'
import csv, sys
rows = list(csv.reader(open(sys.argv[1])))
val = {(r[0], r[1]): r[2] for r in rows if len(r) >= 3}
def num(s):
    try: return float(s)
    except (TypeError, ValueError): return None
with open(sys.argv[1], "a", newline="") as f:
    w = csv.writer(f, lineterminator="\n")
    for (sec, name), v in list(val.items()):
        if sec != "train" or num(v) is None: continue
        for peer in ("peer-eager", "peer-compile"):
            p = num(val.get((peer, name.split(" ")[0])))
            if p:
                r = ["ratio", f"{name} / {peer}", f"{num(v) / p:.2f}", "x", "mnistbench img/s over the peer's"]
                w.writerow(r); print("  " + "  ".join(r[:3]))
EOF
  local counts
  counts="$(awk -F, '$1 == "step" { n[$3]++ } END { for (s in n) printf "%s %d  ", s, n[s] }' "$CSV")"
  echo "steps: $counts"
  echo "CSV: $CSV ($(wc -l <"$CSV") lines); logs: $LOGS; $SECONDS s"
  ! grep -qE '^step,[^,]*,(fail|timeout|skipped),' "$CSV"
}

# CHECK_SMOKE=1: the same steps on CPU with small subsets, to test this script without a GPU.
smoke_mode() {
  DEVICE=cpu SMOKE_TRAIN=(--limit-train 2000 --limit-test 500) SMOKE_PEER=(--max-batches 3)
  SWEEP="$WORK/sweep24-smoke.toml"
  sed 's/^val_size = 0$/val_size = 0\nlimit_train = 1000\nlimit_test = 500/' \
    "$HERE/sweep24.toml" >"$SWEEP"
  row smoke device cpu "" "CHECK_SMOKE=1: a test of the script, not GPU figures"
}

main() {
  local dry=0 arg
  CSV=""
  for arg in "$@"; do
    case "$arg" in --dry-run) dry=1 ;; -h | --help) sed -n 2,7p "$0"; exit 0 ;; *) CSV="$arg" ;; esac
  done
  if [[ -z "$CSV" ]]; then CSV="${OUT:+$OUT/}gpu-check.csv"; fi
  BIN="${MNISTBENCH_BIN:-$HERE}"
  [[ -x "$BIN/mnistbench" ]] || BIN="$HERE/../../build-cuda"
  DATA="${MNISTBENCH_DATA:-$HERE/data}"
  [[ -d "$DATA/mnist" ]] || DATA="$HERE/../../data"
  PYTHON="${PYTHON:-python3}"
  if ((dry)); then dry_run; exit 0; fi
  HARD_END=$((SECONDS + HARD_S))
  mkdir -p "$(dirname "$CSV")" && CSV="$(cd "$(dirname "$CSV")" && pwd)/$(basename "$CSV")"
  LOGS="${CSV%.csv}-logs"
  WORK="$(mktemp -d "${TMPDIR:-/tmp}/gpu-check.XXXXXX")"
  mkdir -p "$LOGS" && echo "section,name,value,unit,note" >"$CSV"
  LD_LIBRARY_PATH="$(timeout 30 "$PYTHON" -c 'import glob, os, torch
lib = os.path.join(os.path.dirname(torch.__file__), "lib")
site = os.path.dirname(os.path.dirname(torch.__file__))
print(":".join([lib] + sorted(glob.glob(os.path.join(site, "nvidia", "*", "lib")))))' 2>/dev/null)${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}"
  export LD_LIBRARY_PATH MNISTBENCH_DATA="$DATA"
  SWEEP="$HERE/sweep24.toml" DEVICE=cuda SMOKE_TRAIN=() SMOKE_PEER=()
  echo "GPU check: binaries $BIN, data $DATA, CSV $CSV"
  if [[ "${CHECK_SMOKE:-0}" == 1 ]]; then smoke_mode; fi
  step_preflight; step_gpu; step_env; step_tests; step_train
  step_peer eager; step_sweep; step_reproduce; step_peer compile
  local rc=0
  summary || rc=1
  rm -rf "$WORK"
  return "$rc"
}

main "$@"
