# Sourced by quickstart.sh and test.sh: which LibTorch build(s) to use.
#   MNISTBENCH_TORCH=system  Debian's LibTorch 1.13 (CPU) in ./build
#   MNISTBENCH_TORCH=pip     PyPI's CUDA LibTorch 2.11.0 in ./build-cuda (scripts/build.sh --torch pip)
#   MNISTBENCH_TORCH=both    both (test.sh only; .ci/run sets it)
# Unset: pip on a machine where `nvidia-smi -L` lists a GPU, else system.
# Sets torch_configs (an array) and defines build_dir_of CONFIG.
torch_choice="${MNISTBENCH_TORCH:-}"
if [ -z "$torch_choice" ]; then
  if command -v nvidia-smi >/dev/null 2>&1 && nvidia-smi -L 2>/dev/null | grep -q '^GPU '; then
    torch_choice="pip"
  else
    torch_choice="system"
  fi
fi
case "$torch_choice" in
  system) torch_configs=(system) ;;
  pip) torch_configs=(pip) ;;
  both) torch_configs=(system pip) ;;
  *) echo "MNISTBENCH_TORCH='$torch_choice': expected system, pip or both" >&2; exit 2 ;;
esac
build_dir_of() { if [ "$1" = pip ]; then echo build-cuda; else echo build; fi; }
