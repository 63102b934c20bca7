// Everything that differs between the LibTorch builds mnistbench supports (Debian's 1.13, CPU
// only, and PyPI's 2.11, with CUDA), so that no other file needs a version or CUDA #if.
#ifndef MNISTBENCH_HARNESS_TRAIN_TORCH_COMPAT_H_
#define MNISTBENCH_HARNESS_TRAIN_TORCH_COMPAT_H_

#include <torch/torch.h>

#include <cstdint>
#include <sstream>
#include <string>
#include <type_traits>
#include <utility>
#include <vector>

namespace mnb {

// An optimizer's per-parameter state is keyed by the parameter's TensorImpl: as its address
// printed to a string in 1.13, as the address itself in 2.x.
template <typename Key>
Key StateKeyOf(c10::TensorImpl* impl) {
  if constexpr (std::is_same_v<Key, std::string>) {
    std::ostringstream text;  // what 1.13's c10::guts::to_string(impl) writes
    text << impl;
    return text.str();
  } else {
    return impl;
  }
}
using OptimizerStateKey =
    std::decay_t<decltype(std::declval<torch::optim::Optimizer&>().state())>::key_type;
inline OptimizerStateKey OptimizerStateKeyOf(const torch::Tensor& param) {
  return StateKeyOf<OptimizerStateKey>(param.unsafeGetTensorImpl());
}

// One visible GPU, as the CUDA runtime describes it.
struct GpuInfo {
  int index = 0;
  std::string name;                // "NVIDIA H100 80GB HBM3"
  std::string compute_capability;  // "9.0"
  int64_t memory_mib = 0;
};

// The CUDA side of this build and machine; every field empty or zero without CUDA.
struct CudaInfo {
  bool built_with_cuda = false;  // this LibTorch has CUDA kernels
  std::string runtime;           // CUDA runtime version, "13.0"
  std::string driver;            // highest CUDA version the driver supports, "13.0"
  std::string cudnn;             // "9.19.0"
  std::vector<GpuInfo> gpus;     // the visible GPUs
};

// Whether this LibTorch build has CUDA kernels (a build-time fact; a GPU may still be absent).
bool BuiltWithCuda();

// Describes CUDA as LibTorch sees it; never throws, never initialises a GPU that is not there.
CudaInfo DescribeCuda();

// CUDA numerics for every run of this process: deterministic (the default) turns cuDNN's
// benchmark off and its deterministic mode on, TF32 off for matmuls and convolutions, and
// deterministic algorithms on; fast turns each of those the other way. Must run before the first
// CUDA kernel (it also sets CUBLAS_WORKSPACE_CONFIG, which cuBLAS reads once). Harmless on CPU.
void ConfigureCudaNumerics(bool deterministic);

// Whether TF32 is on for CUDA matmuls and convolutions, read through the API this LibTorch sets.
bool CudaTf32Allowed();

// Adam's update for parameters on a GPU, in as few kernels as this LibTorch allows: one fused
// kernel over all tensors (2.x's _fused_adam_), else the foreach ops. `steps` holds one float32
// scalar tensor per parameter, on its device, counting steps done; the update increments them.
// Returns false when this build has neither path (the caller then uses torch's Adam).
bool MultiTensorAdamStep(const std::vector<torch::Tensor>& params,
                         const std::vector<torch::Tensor>& grads,
                         const std::vector<torch::Tensor>& exp_avgs,
                         const std::vector<torch::Tensor>& exp_avg_sqs,
                         const std::vector<torch::Tensor>& steps, double lr, double beta1,
                         double beta2, double weight_decay, double eps);

}  // namespace mnb

#endif  // MNISTBENCH_HARNESS_TRAIN_TORCH_COMPAT_H_
