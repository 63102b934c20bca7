#include "harness/train/device.h"

#include <torch/torch.h>

#include <fmt/format.h>

#include <stdexcept>
#include <thread>

#include "harness/base/error.h"

namespace mnb {

std::string ResolveDevice(const std::string& requested) {
  const bool cuda = torch::cuda::is_available();
  if (requested == "auto") return cuda ? "cuda:0" : "cpu";
  if (requested == "cpu") return "cpu";
  if (requested == "cuda" || requested.rfind("cuda:", 0) == 0) {
    if (!cuda) {
      throw BadInput(fmt::format(
          "device '{}': CUDA is not available (this libtorch build has no CUDA, or no GPU is "
          "visible); use --device cpu or auto",
          requested));
    }
    if (requested == "cuda") return "cuda:0";
    const std::string index = requested.substr(5);
    int n = -1;
    try {
      n = std::stoi(index);
    } catch (...) {
    }
    if (n < 0 || n >= static_cast<int>(torch::cuda::device_count())) {
      throw BadInput(fmt::format("device '{}': expected cuda:0..cuda:{}", requested,
                                 torch::cuda::device_count() - 1));
    }
    return requested;
  }
  throw BadInput(
      fmt::format("device '{}': expected auto, cpu, cuda or cuda:N", requested));
}

int ResolveThreads(int requested) {
  if (requested > 0) return requested;
  const unsigned cores = std::thread::hardware_concurrency();
  return cores > 0 ? static_cast<int>(cores) : 1;
}

std::string TorchVersion() {
  return fmt::format("{}.{}.{}", TORCH_VERSION_MAJOR, TORCH_VERSION_MINOR, TORCH_VERSION_PATCH);
}

}  // namespace mnb
