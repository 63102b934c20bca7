// harness/train/torch_compat.h: the CUDA numerics switches, what this build says of CUDA, and the
// multi-tensor Adam step against torch's own Adam (on the CPU where this LibTorch has the kernel).
#include <catch2/catch.hpp>
#include <torch/torch.h>

#include <ATen/Context.h>

#include <cstdlib>
#include <string>
#include <vector>

#include "harness/base/build_info.h"
#include "harness/train/torch_compat.h"

using namespace mnb;

TEST_CASE("ConfigureCudaNumerics: deterministic by default, fast on request", "[torch_compat]") {
  at::Context& context = at::globalContext();
  unsetenv("CUBLAS_WORKSPACE_CONFIG");
  ConfigureCudaNumerics(/*deterministic=*/false);
  CHECK(context.benchmarkCuDNN());
  CHECK_FALSE(context.deterministicCuDNN());
  CHECK_FALSE(context.deterministicAlgorithms());
  CHECK(CudaTf32Allowed());
  CHECK(std::getenv("CUBLAS_WORKSPACE_CONFIG") == nullptr);

  ConfigureCudaNumerics(/*deterministic=*/true);
  CHECK_FALSE(context.benchmarkCuDNN());
  CHECK(context.deterministicCuDNN());
  CHECK(context.deterministicAlgorithms());
  CHECK_FALSE(CudaTf32Allowed());
  const char* workspace = std::getenv("CUBLAS_WORKSPACE_CONFIG");
  REQUIRE(workspace != nullptr);
  CHECK(std::string(workspace) == ":4096:8");

  // Back to LibTorch's defaults, so later tests in this process see the CPU as it was.
  context.setDeterministicAlgorithms(false, false);
  context.setDeterministicCuDNN(false);
  unsetenv("CUBLAS_WORKSPACE_CONFIG");
}

TEST_CASE("DescribeCuda says what this build has, and never claims a GPU it cannot see",
          "[torch_compat]") {
  const CudaInfo info = DescribeCuda();
  const std::string built = BuildTorch();
  CHECK(info.built_with_cuda == (built.find("CUDA") != std::string::npos));
  CHECK(info.built_with_cuda == BuiltWithCuda());
  CHECK(info.gpus.size() == static_cast<size_t>(torch::cuda::device_count()));
  if (!info.built_with_cuda) {
    CHECK(info.runtime.empty());
    CHECK(info.cudnn.empty());
  } else {
    // "LibTorch 2.11.0 (CUDA 13.0)": the runtime LibTorch reports is the one it was built with.
    CHECK_THAT(built, Catch::Contains("CUDA " + info.runtime));
    CHECK_FALSE(info.cudnn.empty());
  }
  for (const GpuInfo& g : info.gpus) {
    CHECK_FALSE(g.name.empty());
    CHECK(g.memory_mib > 0);
  }
}

TEST_CASE("MultiTensorAdamStep equals torch's Adam where this LibTorch has the kernel",
          "[torch_compat][optim]") {
  torch::manual_seed(3);
  std::vector<torch::Tensor> params = {torch::randn({7, 5}), torch::randn({5})};
  std::vector<torch::Tensor> reference;
  for (const torch::Tensor& p : params) reference.push_back(p.clone().requires_grad_(true));
  torch::optim::Adam adam(reference, torch::optim::AdamOptions(0.01).weight_decay(0.1));
  std::vector<torch::Tensor> exp_avgs, exp_avg_sqs, steps;
  for (const torch::Tensor& p : params) {
    exp_avgs.push_back(torch::zeros_like(p));
    exp_avg_sqs.push_back(torch::zeros_like(p));
    steps.push_back(torch::zeros({}, torch::kFloat32));
  }
  bool fused = true;
  for (int step = 0; step < 5 && fused; ++step) {
    std::vector<torch::Tensor> grads;
    for (size_t i = 0; i < params.size(); ++i) {
      grads.push_back(torch::randn_like(params[i]));
      reference[i].mutable_grad() = grads.back().clone();
    }
    fused = MultiTensorAdamStep(params, grads, exp_avgs, exp_avg_sqs, steps, 0.01, 0.9, 0.999,
                                0.1, 1e-8);
    adam.step();
  }
  if (!fused) {
    // Debian's 1.13 has the fused kernel for CUDA only: the caller is told, and nothing moved.
    CHECK(TORCH_VERSION_MAJOR < 2);
    CHECK(steps[0].item<float>() == 0.0f);
    return;
  }
  CHECK(steps[0].item<float>() == 5.0f);
  for (size_t i = 0; i < params.size(); ++i) {
    CHECK(torch::allclose(params[i], reference[i].detach(), /*rtol=*/1e-5, /*atol=*/1e-6));
  }
}
