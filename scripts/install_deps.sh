#!/usr/bin/env bash
# Installs the Debian packages mnistbench builds and runs with, when any is missing.
# Idempotent: with everything present it changes nothing and does not touch the network.
# `apt-get update` runs once, and only when something has to be installed.
set -euo pipefail

packages=(
  build-essential cmake git pkg-config
  libtorch-dev          # LibTorch 1.13 (CPU); a GPU user points CMAKE_PREFIX_PATH elsewhere
  libopenblas0-pthread  # ~4x faster dense layers than Debian's reference BLAS (measured)
  libsqlite3-dev sqlite3 libfmt-dev catch2 libbenchmark-dev libtomlplusplus-dev libcli11-dev
  nlohmann-json3-dev zlib1g-dev
  libboost-math-dev     # harness/stats: t, binomial and normal distributions (header-only)
  libboost-random-dev   # harness/search: the Sobol engine (header-only)
  libcurl4-openssl-dev  # `mnistbench data fetch` downloads with libcurl
  libssl-dev            # SHA-256 (checksums, run keys) through OpenSSL's libcrypto
  libcpp-httplib-dev    # `mnistbench serve`: the read-only web view (cpp-httplib 0.11)
  python3               # the fetch tests serve files over loopback HTTP (python3 -m http.server)
  dataset-fashion-mnist # Fashion-MNIST IDX files in /usr/share/datasets/fashion-mnist
  libxml2-utils         # xmllint: the SVG-plot tests parse every SVG of the golden report
  chromium              # the report test renders report.html headless (large: ~300 MB installed)
  slurm-wlm munge       # a real one-node Slurm cluster for the `mnistbench slurm` tests (~6 MB)
  patchelf              # bench/gpu/bundle.sh: the relocatable bundle's RUNPATH ($ORIGIN/lib)
  clang libclang-rt-14-dev  # fuzz/ (libFuzzer) and the ASan + UBSan build (scripts/fuzz.sh)
)
packages+=("$@")

missing=()
for p in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done
if [ ${#missing[@]} -eq 0 ]; then
  echo "deps: all ${#packages[@]} packages present"
  exit 0
fi
echo "deps: installing ${missing[*]}"
SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO="sudo"
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
