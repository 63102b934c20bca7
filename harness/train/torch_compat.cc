// The one file with LibTorch version and CUDA conditionals (torch_compat.h).
#include "harness/train/torch_compat.h"

#include <ATen/Context.h>
#include <ATen/detail/CUDAHooksInterface.h>
#include <fmt/format.h>

#include <cstdlib>

#if MNISTBENCH_WITH_CUDA
#include <ATen/cuda/CUDAContext.h>
#include <dlfcn.h>
#endif

namespace mnb {

namespace {

// 13000 -> "13.0"; cuDNN's 91900 -> "9.19.0" (major * 10000 + minor * 100 + patch since 9.0).
std::string CudaVersionText(long v) { return v > 0 ? fmt::format("{}.{}", v / 1000, v % 1000 / 10) : ""; }
std::string CudnnVersionText(long v) {
  if (v <= 0) return "";
  if (v >= 90000) return fmt::format("{}.{}.{}", v / 10000, v % 10000 / 100, v % 100);
  return fmt::format("{}.{}.{}", v / 1000, v % 1000 / 100, v % 100);  // cuDNN 8: 8902
}

void DescribeGpus(CudaInfo& info) {
#if MNISTBENCH_WITH_CUDA
  // The CUDA runtime is loaded by libtorch_cuda; looked up at run time, it needs no link of ours.
  using DriverVersion = int (*)(int*);
  auto driver_version =
      reinterpret_cast<DriverVersion>(dlsym(RTLD_DEFAULT, "cudaDriverGetVersion"));
  int driver = 0;
  if (driver_version != nullptr && driver_version(&driver) == 0) {
    info.driver = CudaVersionText(driver);
  }
  if (!torch::cuda::is_available()) return;
  const int count = static_cast<int>(torch::cuda::device_count());
  for (int i = 0; i < count; ++i) {
    const cudaDeviceProp* p = at::cuda::getDeviceProperties(i);
    info.gpus.push_back({i, p->name, fmt::format("{}.{}", p->major, p->minor),
                         static_cast<int64_t>(p->totalGlobalMem >> 20)});
  }
#else
  (void)info;
#endif
}

}  // namespace

bool BuiltWithCuda() { return MNISTBENCH_WITH_CUDA != 0; }

CudaInfo DescribeCuda() {
  CudaInfo info;
  const auto& hooks = at::detail::getCUDAHooks();
  info.built_with_cuda = BuiltWithCuda();
  if (!info.built_with_cuda) return info;
  try {
    info.runtime = CudaVersionText(hooks.versionCUDART());
    if (hooks.hasCuDNN()) info.cudnn = CudnnVersionText(hooks.versionCuDNN());
  } catch (const std::exception&) {
    // A LibTorch whose CUDA part cannot load its libraries: leave the versions empty.
  }
  DescribeGpus(info);
  return info;
}

void ConfigureCudaNumerics(bool deterministic) {
  // cuBLAS reads this once, at its first handle: deterministic reductions need a fixed workspace.
  if (deterministic) setenv("CUBLAS_WORKSPACE_CONFIG", ":4096:8", /*overwrite=*/0);
  at::Context& context = at::globalContext();
  context.setBenchmarkCuDNN(!deterministic);
  context.setDeterministicCuDNN(deterministic);
  // warn_only: an op without a deterministic CUDA kernel warns once rather than ending the run;
  // `reproduce` still checks the promise bit for bit.
  context.setDeterministicAlgorithms(deterministic, /*warn_only=*/true);
#if TORCH_VERSION_MAJOR * 100 + TORCH_VERSION_MINOR >= 209
  // 2.9 replaced the allow_tf32 switches (which now warn) with per-backend precisions.
  const at::Float32Precision precision =
      deterministic ? at::Float32Precision::IEEE : at::Float32Precision::TF32;
  context.setFloat32Precision(at::Float32Backend::CUDA, at::Float32Op::MATMUL, precision);
  context.setFloat32Precision(at::Float32Backend::CUDA, at::Float32Op::CONV, precision);
  context.setFloat32Precision(at::Float32Backend::CUDA, at::Float32Op::RNN, precision);
#else
  context.setAllowTF32CuBLAS(!deterministic);
  context.setAllowTF32CuDNN(!deterministic);
#endif
}

bool CudaTf32Allowed() {
  const at::Context& context = at::globalContext();
#if TORCH_VERSION_MAJOR * 100 + TORCH_VERSION_MINOR >= 209
  const auto tf32 = [&](at::Float32Op op) {
    return context.float32Precision(at::Float32Backend::CUDA, op) == at::Float32Precision::TF32;
  };
  return tf32(at::Float32Op::MATMUL) && tf32(at::Float32Op::CONV);
#else
  return context.allowTF32CuBLAS() && context.allowTF32CuDNN();
#endif
}

bool MultiTensorAdamStep(const std::vector<torch::Tensor>& params,
                         const std::vector<torch::Tensor>& grads,
                         const std::vector<torch::Tensor>& exp_avgs,
                         const std::vector<torch::Tensor>& exp_avg_sqs,
                         const std::vector<torch::Tensor>& steps, double lr, double beta1,
                         double beta2, double weight_decay, double eps) {
  if (params.empty()) return true;
  try {
    // As torch.optim.Adam(fused=True) does: the step counts first, then one fused kernel.
    at::_foreach_add_(steps, 1);
    at::_fused_adam_(params, grads, exp_avgs, exp_avg_sqs, /*max_exp_avg_sqs=*/{}, steps, lr,
                     beta1, beta2, weight_decay, eps, /*amsgrad=*/false, /*maximize=*/false);
    return true;
  } catch (const c10::Error&) {
    at::_foreach_sub_(steps, 1);  // no kernel for this device in this LibTorch: undo, say so
    return false;
  }
}

}  // namespace mnb
