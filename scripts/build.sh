#!/usr/bin/env bash
# Configures (once) and builds mnistbench, Release. Incremental after the first run.
#
#   scripts/build.sh                # Debian's LibTorch 1.13 (CPU) into ./build  (the default)
#   scripts/build.sh --torch pip    # PyPI's torch==2.11.0 (CUDA LibTorch) into ./build-cuda
#   scripts/build.sh --sanitize     # no LibTorch, clang, ASan + UBSan into ./build-asan: the
#                                   # torch-free tests and the fuzz targets (fuzz/, scripts/fuzz.sh)
#
# --torch pip installs torch==2.11.0 into the project's own virtual environment .venv-torch/
# (never the system's Python; pip's download cache makes a second install quick) and builds
# against the LibTorch inside it: build-cuda/mnistbench and build-cuda/mnistbench-torch, the same
# two-binary layout. 2.11.0 is pinned because the GPU machines this project is checked on carry
# it, so a binary built here runs there. The CUDA toolkit (nvcc, cuDNN headers) must be installed
# (/usr/local/cuda); no GPU is needed to build.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
torch="system"
while [ $# -gt 0 ]; do
  case "$1" in
    --torch) torch="${2:-}"; shift 2 || { echo "build.sh: --torch needs system or pip" >&2; exit 2; } ;;
    --torch=*) torch="${1#--torch=}"; shift ;;
    --sanitize) torch="sanitize"; shift ;;
    *) echo "build.sh: unknown argument '$1' (expected --torch system|pip or --sanitize)" >&2; exit 2 ;;
  esac
done
jobs="$(nproc 2>/dev/null || echo 2)"

case "$torch" in
  system)
    if [ ! -f build/CMakeCache.txt ]; then
      cmake -S . -B build -DCMAKE_BUILD_TYPE=Release
    fi
    cmake --build build -j "$jobs"
    ;;
  pip)
    version="2.11.0"
    venv="$root/.venv-torch"
    [ -x "$venv/bin/python" ] || python3 -m venv "$venv"
    have="$("$venv/bin/python" -c 'import torch; print(torch.__version__.split("+")[0])' 2>/dev/null || true)"
    if [ "$have" != "$version" ]; then
      echo "build: installing torch==$version into $venv (PyPI's CUDA LibTorch)"
      "$venv/bin/python" -m pip install --quiet --disable-pip-version-check "torch==$version"
    fi
    prefix="$("$venv/bin/python" -c 'import torch.utils; print(torch.utils.cmake_prefix_path)' 2>/dev/null)"
    if [ ! -f build-cuda/CMakeCache.txt ]; then
      # No GPU here to detect: name the architectures torch's CMake would otherwise guess at.
      TORCH_CUDA_ARCH_LIST="${TORCH_CUDA_ARCH_LIST:-8.0;9.0}" \
        cmake -S . -B build-cuda -DCMAKE_BUILD_TYPE=Release -DCMAKE_PREFIX_PATH="$prefix" \
        -DMNISTBENCH_BUILD_BENCH=OFF
    fi
    cmake --build build-cuda -j "$jobs"
    ;;
  sanitize)
    # Debug (assertions on, toml++'s included) at -O1 with line tables only: sanitizer reports
    # name file and line, and the build stays quick enough for CI.
    if [ ! -f build-asan/CMakeCache.txt ]; then
      CC=clang CXX=clang++ cmake -S . -B build-asan -DCMAKE_BUILD_TYPE=Debug \
        -DCMAKE_CXX_FLAGS_DEBUG="-gline-tables-only -O1" -DMNISTBENCH_SANITIZE=ON
    fi
    cmake --build build-asan -j "$jobs"
    ;;
  *)
    echo "build.sh: --torch '$torch': expected system or pip" >&2
    exit 2
    ;;
esac
