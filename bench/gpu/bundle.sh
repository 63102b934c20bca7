#!/usr/bin/env bash
# bench/gpu/bundle.sh DIR: a relocatable folder for the GPU check (issue 28), built from
# build-cuda/ (LibTorch from PyPI's torch==2.11.0). DIR gets the three binaries, every non-torch,
# non-glibc shared library they need under DIR/lib (RUNPATH $ORIGIN/lib; each library $ORIGIN),
# MNIST under DIR/data/mnist, check.sh, peer.py, sweep24.toml and README.md. LibTorch and CUDA
# come from the target's python3 torch at run time (check.sh sets LD_LIBRARY_PATH).
# Env: MNISTBENCH_CUDA_BUILD (default build-cuda), MNISTBENCH_TORCH_PYTHON (default
# .venv-torch/bin/python), BUNDLE_MAX_MIB (default 60).
set -uo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO="$(cd "$HERE/../.." && pwd)"
BUILD="${MNISTBENCH_CUDA_BUILD:-$REPO/build-cuda}"
TORCH_PYTHON="${MNISTBENCH_TORCH_PYTHON:-$REPO/.venv-torch/bin/python}"
MAX_MIB="${BUNDLE_MAX_MIB:-60}"
BINARIES=(mnistbench mnistbench-torch mnistbench_tests)
FILES=(check.sh peer.py sweep24.toml README.md)

die() { echo "bundle.sh: $*" >&2; exit 1; }

# Libraries left to the target: glibc's core, the C++ runtime (newer there), LibTorch, CUDA and
# the OpenMP runtime that torch/lib carries.
is_excluded() {
  case "$1" in
    linux-vdso.so* | ld-linux* | libc.so* | libm.so* | libmvec.so* | libpthread.so* | libdl.so* | \
      librt.so* | libresolv.so* | libutil.so* | libanl.so* | libnss_* | \
      libstdc++.so* | libgcc_s.so* | libgomp.so* | \
      libtorch* | libc10* | libcaffe2* | libshm.so* | \
      libcuda.so* | libcudart.so* | libcublas* | libcudnn* | libcufft* | libcufile* | \
      libcurand* | libcusparse* | libcusolver* | libcupti* | libnvrtc* | libnvToolsExt* | \
      libnvJitLink* | libnvshmem* | libnvidia* | libnccl*)
      return 0 ;;
  esac
  return 1
}

# python3's torch/lib and the wheel's nvidia/*/lib folders, colon-separated.
torch_lib_path() {
  "$TORCH_PYTHON" - <<'EOF'
import glob, os, torch
lib = os.path.join(os.path.dirname(torch.__file__), "lib")
site = os.path.dirname(os.path.dirname(torch.__file__))
print(":".join([lib] + sorted(glob.glob(os.path.join(site, "nvidia", "*", "lib")))))
EOF
}

# "name path" for each library ldd resolves for the given files; "name not-found" if it cannot.
ldd_pairs() {
  LD_LIBRARY_PATH="$TORCH_LD" ldd "$@" 2>/dev/null | awk '
    $2 == "=>" && $3 == "not" { print $1, "not-found"; next }
    $2 == "=>" && $3 ~ /^\// { print $1, $3 }' | sort -u
}

# Copies every library the binaries need that the target does not provide into $1/lib.
copy_libs() {
  local dest="$1/lib" name path missing=0
  mkdir -p "$dest" || die "cannot create $dest"
  while read -r name path; do
    is_excluded "$name" && continue
    case "$path" in "${TORCH_SITE}"/*) continue ;; esac
    if [[ "$path" == not-found ]]; then
      echo "bundle.sh: $name: not found by ldd" >&2
      missing=1
      continue
    fi
    cp -L "$path" "$dest/$name" || die "cannot copy $path"
    chmod u+w "$dest/$name"
  done < <(ldd_pairs "${@:2}")
  ((missing == 0)) || die "libraries missing (above)"
}

# RUNPATH: binaries look in $ORIGIN/lib, carried libraries beside themselves.
patch_rpaths() {
  local dir="$1" f
  for f in "${BINARIES[@]}"; do
    strip --strip-debug "$dir/$f" || die "strip $f failed"
    patchelf --set-rpath "\$ORIGIN/lib" "$dir/$f" || die "patchelf $f failed"
  done
  for f in "$dir"/lib/*; do
    [[ -e "$f" ]] || continue
    patchelf --set-rpath "\$ORIGIN" "$f" || die "patchelf $f failed"
  done
}

copy_data() {
  local dest="$1/data/mnist" src f n=0
  for src in "$REPO/data/mnist" "$REPO/../shared/data/mnist"; do
    [[ -f "$src/train-images-idx3-ubyte.gz" ]] && break
  done
  mkdir -p "$dest" || die "cannot create $dest"
  for f in train-images-idx3-ubyte train-labels-idx1-ubyte t10k-images-idx3-ubyte \
    t10k-labels-idx1-ubyte; do
    cp "$src/$f.gz" "$dest/" && n=$((n + 1))
  done
  ((n == 4)) || die "MNIST .gz files missing under $src (run scripts/fetch_data.sh)"
}

# Every library the bundle's binaries resolve, with only torch's folders on LD_LIBRARY_PATH,
# must come from DIR/lib, torch's wheel or the excluded (target-provided) set.
verify() {
  local dir="$1" name path bad=0
  while read -r name path; do
    case "$path" in
      "$dir"/lib/*) continue ;;
      "${TORCH_SITE}"/*) continue ;;
    esac
    is_excluded "$name" && [[ "$path" != not-found ]] && continue
    echo "bundle.sh: $name resolves to $path (not carried)" >&2
    bad=1
  done < <(ldd_pairs "${BINARIES[@]/#/$dir/}")
  ((bad == 0)) || die "the bundle does not resolve on its own (above)"
  LD_LIBRARY_PATH="$TORCH_LD" "$dir/mnistbench" --version || die "$dir/mnistbench --version failed"
}

check_size() {
  local bytes mib
  bytes="$(du -sb "$1" | cut -f1)"
  mib="$(awk -v b="$bytes" 'BEGIN { printf "%.1f", b / 1048576 }')"
  echo "bundle: $1, $mib MiB ($bytes bytes; limit $MAX_MIB MiB)"
  ((bytes <= MAX_MIB * 1048576)) || die "bundle is $mib MiB, over $MAX_MIB MiB"
}

main() {
  (($# == 1)) || die "usage: bench/gpu/bundle.sh DIR"
  local dir="$1" f
  command -v patchelf >/dev/null || die "patchelf not found (apt-get install patchelf)"
  for f in "${BINARIES[@]}"; do
    [[ -x "$BUILD/$f" ]] || die "$BUILD/$f missing (scripts/build.sh --torch pip)"
  done
  if [[ -e "$dir" && ! -f "$dir/.mnistbench-bundle" ]] && [[ -n "$(ls -A "$dir" 2>/dev/null)" ]]; then
    die "$dir exists and is not a bundle; choose an empty or new folder"
  fi
  rm -rf "$dir"
  mkdir -p "$dir" || die "cannot create $dir"
  dir="$(cd "$dir" && pwd)"
  TORCH_LD="$(torch_lib_path 2>/dev/null)" || die "$TORCH_PYTHON cannot import torch"
  TORCH_SITE="$(dirname "$(dirname "${TORCH_LD%%:*}")")"
  for f in "${BINARIES[@]}"; do cp "$BUILD/$f" "$dir/" || die "cannot copy $f"; done
  copy_libs "$dir" "${BINARIES[@]/#/$BUILD/}"
  patch_rpaths "$dir"
  copy_data "$dir"
  for f in "${FILES[@]}"; do cp "$HERE/$f" "$dir/" || die "cannot copy $f"; done
  chmod +x "$dir/check.sh" "$dir/peer.py"
  git -C "$REPO" describe --always --dirty >"$dir/.mnistbench-bundle" 2>/dev/null || true
  verify "$dir"
  echo "bundle: carried libraries: $(find "$dir/lib" -type f -printf '%f\n' | sort | tr '\n' ' ')"
  check_size "$dir"
}

TORCH_LD=""
TORCH_SITE=""
main "$@"
