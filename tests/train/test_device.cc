// harness/train/device.h: device choice, the device kind of a run key, what a run records, and how
// workers spread over GPUs. Runs on any machine; the GPU cases are in test_cuda.cc.
#include <catch2/catch.hpp>
#include <torch/torch.h>

#include <algorithm>
#include <string>
#include <vector>

#include "harness/base/build_info.h"
#include "harness/base/error.h"
#include "harness/train/device.h"
#include "tests/cli_runner.h"

using namespace mnb;
using mnb::testing::CliResult;
using mnb::testing::RunCli;

TEST_CASE("device kind, description and CPU resolution", "[device]") {
  CHECK(DeviceKind("cpu") == "cpu");
  CHECK(DeviceKind("cuda:0") == "cuda");
  CHECK(DeviceKind("cuda:3") == "cuda");
  CHECK(DeviceDescription("cpu", false) == "cpu");
  CHECK(DeviceDescription("cpu", true) == "cpu");  // fast means nothing on the CPU
  CHECK(ResolveDevice("cpu") == "cpu");
  CHECK(ResolveDevice("auto") == (torch::cuda::is_available() ? "cuda:0" : "cpu"));
  CHECK_THROWS_AS(ResolveDevice("tpu"), Error);
}

TEST_CASE("workers take the devices in turn, several per GPU", "[device]") {
  CHECK(SpreadOver({"cuda:0", "cuda:1"}, 5) ==
        std::vector<std::string>{"cuda:0", "cuda:1", "cuda:0", "cuda:1", "cuda:0"});
  CHECK(SpreadOver({"cuda:0"}, 3) == std::vector<std::string>{"cuda:0", "cuda:0", "cuda:0"});
  CHECK(WorkerDevices("cpu", 3) == std::vector<std::string>{"cpu", "cpu", "cpu"});
  if (!torch::cuda::is_available()) {
    CHECK(WorkerDevices("auto", 2) == std::vector<std::string>{"cpu", "cpu"});
    CHECK_THROWS_AS(WorkerDevices("cuda:0,cuda:1", 2), Error);
  }
}

TEST_CASE("--device cuda without a usable GPU: one line naming the build, exit 2", "[device][cli]") {
  // On a machine with a GPU the same promise holds for a GPU that is not there.
  const bool gpu = torch::cuda::is_available();
  const std::string device = gpu ? "cuda:99" : "cuda";
  const CliResult r = RunCli("train --device " + device + " --limit-train 100 --epochs 1");
  CHECK(r.exit_code == 2);
  CHECK(r.out.empty());  // nothing printed before the error
  INFO(r.err);
  CHECK(std::count(r.err.begin(), r.err.end(), '\n') == 1);
  CHECK_THAT(r.err, Catch::Contains("device '" + device + "'"));
  if (gpu) return;
  const bool cuda_build = std::string(BuildTorch()).find("CUDA") != std::string::npos;
  CHECK_THAT(r.err, Catch::Contains(BuildTorch()));
  CHECK_THAT(r.err, Catch::Contains(cuda_build ? "but no GPU is visible" : "which has no CUDA"));
}
