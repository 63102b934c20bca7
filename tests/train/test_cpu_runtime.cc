// The CPU runtime a training process sets up (harness/train/cpu_runtime.h): both thread pools
// sized, freed memory kept in the heap, and the OpenMP spin that train and run re-execute with.
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>
#include <torch/torch.h>

#include <dlfcn.h>
#include <malloc.h>

#include <cstdlib>

#include "harness/train/cpu_runtime.h"
#include "tests/cli_runner.h"
#include "tests/skip.h"
#include "tests/test_support.h"

namespace {

using mnb::testing::CliResult;
using mnb::testing::DataDir;
using mnb::testing::RunCli;

int BlasThreads() {
  using GetThreads = int (*)();
  auto get = reinterpret_cast<GetThreads>(dlsym(RTLD_DEFAULT, "openblas_get_num_threads"));
  return get != nullptr ? get() : -1;
}

}  // namespace

TEST_CASE("ConfigureCpuRuntime sizes torch's and OpenBLAS's thread pools", "[cpu_runtime]") {
  mnb::ConfigureCpuRuntime(1);
  CHECK(torch::get_num_threads() == 1);
  mnb::ConfigureCpuRuntime(2);
  CHECK(torch::get_num_threads() == 2);
  if (BlasThreads() == -1) {
    // PyPI's LibTorch carries MKL inside libtorch_cpu, whose pool torch::set_num_threads sizes
    // itself: there is no separate BLAS pool to check, and that is a pass, not a skip.
    if (at::hasMKL()) return;
    MNB_SKIP("this LibTorch calls a BLAS that is neither OpenBLAS nor MKL: its pool is unchecked");
  }
  mnb::ConfigureCpuRuntime(1);
  CHECK(BlasThreads() == 1);
  mnb::ConfigureCpuRuntime(2);
  CHECK(BlasThreads() == 2);
}

TEST_CASE("ConfigureCpuRuntime keeps a freed 64 MB block in the heap", "[cpu_runtime]") {
  mnb::ConfigureCpuRuntime(1);
  const size_t size = 64u << 20;
  const size_t free_before = mallinfo2().fordblks;
  // glibc's default would serve this with mmap and unmap it on free; kept, it is reused.
  {
    const torch::Tensor big = torch::ones({static_cast<int64_t>(size / sizeof(float))});
    CHECK(big.sum().item<double>() == static_cast<double>(size / sizeof(float)));
  }
  // Nearly all of it is free heap now (a few KB went to the small tensors made on the way);
  // returned to the system, free heap would not have grown at all.
  CHECK(mallinfo2().fordblks >= free_before + size - size / 16);
}

TEST_CASE("train re-executes with a short OpenMP spin unless the user set one", "[cpu_runtime][cli]") {
  const std::string args = "train --model fcnn-seed004 --dataset mnist --limit-train 600 "
                           "--limit-test 200 --val-size 0 --epochs 1 --threads 2 --json "
                           "--data-dir " + DataDir();
  const struct {
    const char* env;
    const char* expected;
  } cases[] = {
      {"env -u GOMP_SPINCOUNT -u OMP_WAIT_POLICY", "GOMP_SPINCOUNT=1000"},
      {"env -u OMP_WAIT_POLICY GOMP_SPINCOUNT=20000", "GOMP_SPINCOUNT=20000"},
      {"env -u GOMP_SPINCOUNT OMP_WAIT_POLICY=passive", "OMP_WAIT_POLICY=passive"},
  };
  for (const auto& c : cases) {
    INFO(c.env);
    const CliResult r = RunCli(args, c.env);
    INFO(r.err);
    REQUIRE(r.exit_code == 0);
    const auto j = nlohmann::json::parse(r.OutLines().back());
    CHECK(j["openmp_wait"] == c.expected);
    CHECK_THAT(r.out, Catch::Contains(std::string("2 threads, ") + c.expected));
  }
}
