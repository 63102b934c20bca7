// The trainer on a GPU. Hidden ([.cuda]): they need a visible GPU, so the default run leaves them
// out; scripts/run_tests.sh runs them when `nvidia-smi -L` lists one and otherwise reports them as
// not run (never as passed), and bench/gpu/check.sh runs them on the GPU machine.
#include <catch2/catch.hpp>
#include <torch/torch.h>

#include <cmath>
#include <string>
#include <vector>

#include "harness/train/device.h"
#include "harness/train/torch_compat.h"
#include "harness/train/trainer.h"
#include "tests/test_support.h"

using namespace mnb;
using mnb::testing::DataDir;
using mnb::testing::ScratchDir;

namespace {

RunSpec CudaRun(const std::string& model, int64_t shift = 0) {
  RunSpec spec;
  spec.model = model;
  spec.dataset = "mnist";
  spec.val_size = 1000;
  spec.limit_train = 6000;
  spec.limit_test = 2000;
  spec.epochs = 2;
  spec.batch_size = 128;
  spec.augment_shift = shift;
  spec.device = "cuda";
  spec.device_kind = "cuda";
  return spec;
}

std::vector<EpochMetrics> Train(const RunSpec& spec, TrainSetup* setup = nullptr,
                                TrainHooks hooks = {}) {
  std::vector<EpochMetrics> epochs;
  hooks.on_epoch = [&](const EpochMetrics& m) { epochs.push_back(m); };
  const RunOutcome outcome = mnb::Train(spec, DataDir(), hooks, setup);
  REQUIRE(outcome.status == RunStatus::kCompleted);
  return epochs;
}

void RequireGpu() {
  INFO("these [cuda] tests need a visible GPU and a CUDA LibTorch (build-cuda/)");
  REQUIRE(torch::cuda::is_available());
}

}  // namespace

TEST_CASE("CUDA: lenet5 learns on the GPU and records the GPU it ran on", "[.cuda][cuda]") {
  RequireGpu();
  TrainSetup setup;
  const std::vector<EpochMetrics> epochs = Train(CudaRun("lenet5"), &setup);
  REQUIRE(epochs.size() == 2);
  CHECK(epochs.back().test->accuracy > 0.9);
  CHECK_THAT(setup.device, Catch::StartsWith("cuda:0 ") && Catch::Contains("compute ") &&
                               Catch::Contains("deterministic"));
}

TEST_CASE("CUDA: deterministic mode gives bit-identical runs, augmentation included",
          "[.cuda][cuda]") {
  RequireGpu();
  for (const std::string model : {"lenet5", "cnn-seed001"}) {
    INFO(model);
    const std::vector<EpochMetrics> a = Train(CudaRun(model, 2)), b = Train(CudaRun(model, 2));
    REQUIRE(a.size() == b.size());
    for (size_t e = 0; e < a.size(); ++e) {
      CHECK(a[e].train.loss == b[e].train.loss);
      CHECK(a[e].val->loss == b[e].val->loss);
      CHECK(a[e].test->loss == b[e].test->loss);
    }
  }
}

TEST_CASE("CUDA: a run resumed from its checkpoint equals an uninterrupted one", "[.cuda][cuda]") {
  RequireGpu();
  const RunSpec spec = CudaRun("fcnn-seed004");
  const std::vector<EpochMetrics> straight = Train(spec);
  ScratchDir dir("cuda-resume");
  TrainHooks first;
  first.checkpoint_dir = dir.file("ckpt");
  int64_t epochs_seen = 0;
  first.on_epoch = [&](const EpochMetrics&) { ++epochs_seen; };
  first.should_stop = [&] { return epochs_seen == 1; };  // interrupted after epoch 1's commit
  REQUIRE(mnb::Train(spec, DataDir(), first).status == RunStatus::kInterrupted);
  TrainHooks resumed;
  resumed.checkpoint_dir = dir.file("ckpt");
  resumed.resume_after_epoch = 1;
  const std::vector<EpochMetrics> rest = Train(spec, nullptr, resumed);
  REQUIRE(rest.size() == 1);
  CHECK(rest[0].train.loss == straight[1].train.loss);
  CHECK(rest[0].test->loss == straight[1].test->loss);
}

TEST_CASE("CUDA: the fused Adam step equals torch's Adam on the GPU", "[.cuda][cuda]") {
  RequireGpu();
  torch::manual_seed(3);
  const auto gpu = torch::TensorOptions(torch::kCUDA);
  std::vector<torch::Tensor> params = {torch::randn({64, 32}, gpu), torch::randn({32}, gpu)};
  std::vector<torch::Tensor> reference, exp_avgs, exp_avg_sqs, steps;
  for (const torch::Tensor& p : params) {
    reference.push_back(p.clone().requires_grad_(true));
    exp_avgs.push_back(torch::zeros_like(p));
    exp_avg_sqs.push_back(torch::zeros_like(p));
    steps.push_back(torch::zeros({}, gpu.dtype(torch::kFloat32)));
  }
  torch::optim::Adam adam(reference, torch::optim::AdamOptions(0.01));
  for (int step = 0; step < 5; ++step) {
    std::vector<torch::Tensor> grads;
    for (size_t i = 0; i < params.size(); ++i) {
      grads.push_back(torch::randn_like(params[i]));
      reference[i].mutable_grad() = grads.back().clone();
    }
    REQUIRE(MultiTensorAdamStep(params, grads, exp_avgs, exp_avg_sqs, steps, 0.01, 0.9, 0.999,
                                0.0, 1e-8));
    adam.step();
  }
  for (size_t i = 0; i < params.size(); ++i) {
    CHECK(torch::allclose(params[i], reference[i].detach(), 1e-5, 1e-6));
  }
}

TEST_CASE("CUDA: workers spread over every visible GPU", "[.cuda][cuda]") {
  RequireGpu();
  const int gpus = static_cast<int>(torch::cuda::device_count());
  const std::vector<std::string> devices = WorkerDevices("auto", 2 * gpus + 1);
  for (size_t w = 0; w < devices.size(); ++w) {
    CHECK(devices[w] == "cuda:" + std::to_string(static_cast<int>(w) % gpus));
  }
  CHECK(DescribeCuda().gpus.size() == static_cast<size_t>(gpus));
}
