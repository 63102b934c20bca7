#!/usr/bin/env bash
# Fills the data directory (default ./data, or $MNISTBENCH_DATA). For each dataset that is not
# there yet, in order:
#   1. upstream, with `build/mnistbench data fetch` (or $MNISTBENCH_MIRROR when set), when the
#      binary is built and $MNISTBENCH_OFFLINE is not 1. Offline (as CI is) this fails within
#      seconds: one attempt per host, a short connect timeout, a host that failed is not retried.
#   2. the package sources:
#        mnist          <- ../shared/data/mnist, when that folder exists (the four original IDX files)
#        fashion-mnist  <- Debian dataset-fashion-mnist (/usr/share/datasets/fashion-mnist)
#        kannada-mnist  <- ../shared/data/kannada-mnist, when that folder exists (also dig-mnist)
# It ends with one line per dataset saying where its files came from. Idempotent: a dataset whose
# files are already present is left alone and nothing is downloaded. Checksums are verified by
# `data fetch` itself and afterwards by `mnistbench data verify`.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
data="${MNISTBENCH_DATA:-$root/data}"
bin="${MNISTBENCH_BINARY:-$root/build/mnistbench}"
mkdir -p "$data"

have_all() {  # dir file...
  local dir="$1"; shift
  for f in "$@"; do [ -e "$dir/$f" ] || [ -e "$dir/$f.gz" ] || return 1; done
}

mnist_files=(train-images-idx3-ubyte train-labels-idx1-ubyte t10k-images-idx3-ubyte t10k-labels-idx1-ubyte)
kannada_files=(X_kannada_MNIST_test-idx3-ubyte y_kannada_MNIST_test-idx1-ubyte X_dig_MNIST-idx3-ubyte y_dig_MNIST-idx1-ubyte)
declare -A dir_of=([mnist]=mnist [fashion-mnist]=fashion-mnist [kannada-mnist]=kannada-mnist)
declare -A source_of=()
present() {  # dataset
  case "$1" in
    kannada-mnist) have_all "$data/kannada-mnist" "${kannada_files[@]}" ;;
    *) have_all "$data/${dir_of[$1]}" "${mnist_files[@]}" ;;
  esac
}

missing=()
for d in mnist fashion-mnist kannada-mnist; do
  if present "$d"; then source_of[$d]="already present in $data/${dir_of[$d]}"; else missing+=("$d"); fi
done

# 1. Upstream (or the mirror).
if [ ${#missing[@]} -gt 0 ] && [ "${MNISTBENCH_OFFLINE:-0}" != 1 ] && [ -x "$bin" ]; then
  from="upstream"
  [ -n "${MNISTBENCH_MIRROR:-}" ] && from="mirror $MNISTBENCH_MIRROR"
  fetch_names=("${missing[@]}")
  [[ " ${missing[*]} " == *" kannada-mnist "* ]] && fetch_names+=(dig-mnist)
  echo "data: fetching ${fetch_names[*]} from $from (mnistbench data fetch)"
  log="$(mktemp)"
  if "$bin" data fetch "${fetch_names[@]}" --data-dir "$data" --attempts 1 --connect-timeout 5 \
      2>"$log"; then
    :
  else
    echo "data: $(grep -c '^mnistbench: data fetch' "$log" || true) file(s) not fetched from $from" \
         "(offline?); the first reason:"
    grep -m1 '^mnistbench: ' "$log" | cut -c1-300 | sed 's/^/  /' || true
  fi
  rm -f "$log"
  still=()
  for d in "${missing[@]}"; do
    if present "$d"; then source_of[$d]="$from (verified by data fetch)"; else still+=("$d"); fi
  done
  missing=("${still[@]+"${still[@]}"}")
fi

# Copies the gzipped files of ../shared/data/NAME into the data folder DIR (writable copies: the
# shared folder may have no write bits) and records the source.
copy_shared() {  # dataset dir file...
  local dataset="$1" dir="$2"; shift 2
  local shared="$root/../shared/data/$dataset"
  if [ ! -d "$shared" ]; then
    source_of[$dataset]="MISSING (offline and no $shared)"
    return
  fi
  mkdir -p "$data/$dir"
  for f in "$@"; do
    cp "$shared/$f.gz" "$data/$dir/$f.gz.part"
    chmod u+w "$data/$dir/$f.gz.part"
    mv "$data/$dir/$f.gz.part" "$data/$dir/$f.gz"
  done
  source_of[$dataset]="$shared"
}

# 2. The package sources, for whatever is still missing.
for d in "${missing[@]+"${missing[@]}"}"; do
  case "$d" in
    mnist)
      copy_shared mnist mnist "${mnist_files[@]}"
      ;;
    fashion-mnist)
      if [ -d /usr/share/datasets/fashion-mnist ]; then
        mkdir -p "$data/fashion-mnist"
        for f in "${mnist_files[@]}"; do
          ln -sf "/usr/share/datasets/fashion-mnist/$f.gz" "$data/fashion-mnist/$f.gz"
        done
        source_of[fashion-mnist]="/usr/share/datasets/fashion-mnist (Debian dataset-fashion-mnist)"
      else
        source_of[fashion-mnist]="MISSING (offline and no Debian dataset-fashion-mnist)"
      fi
      ;;
    kannada-mnist)
      copy_shared kannada-mnist kannada-mnist "${kannada_files[@]}"
      ;;
  esac
done

for d in mnist fashion-mnist kannada-mnist; do
  label="$d"
  [ "$d" = kannada-mnist ] && label="kannada-mnist, dig-mnist"
  echo "data: $label <- ${source_of[$d]}"
done
