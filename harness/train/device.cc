#include "harness/train/device.h"

#include <torch/torch.h>

#include <fmt/format.h>

#include <stdexcept>
#include <thread>
#include <tuple>

#include "harness/base/build_info.h"
#include "harness/base/error.h"
#include "harness/train/torch_compat.h"

namespace mnb {

std::string ResolveDevice(const std::string& requested) {
  const bool cuda = torch::cuda::is_available();
  if (requested == "auto") return cuda ? "cuda:0" : "cpu";
  if (requested == "cpu") return "cpu";
  if (requested == "cuda" || requested.rfind("cuda:", 0) == 0) {
    if (!cuda) {
      const std::string why =
          BuiltWithCuda()
              ? fmt::format("this mnistbench was built against {}, but no GPU is visible",
                            BuildTorch())
              : fmt::format("this mnistbench was built against {}, which has no CUDA",
                            BuildTorch());
      throw BadInput(fmt::format("device '{}': {}; use --device cpu or auto", requested, why));
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

std::string DeviceDescription(const std::string& resolved, bool fast) {
  if (DeviceKind(resolved) != "cuda") return resolved;
  const CudaInfo cuda = DescribeCuda();
  const int index = resolved == "cuda" ? 0 : std::stoi(resolved.substr(5));
  std::string name = "unknown GPU", capability = "?";
  for (const GpuInfo& g : cuda.gpus) {
    if (g.index == index) std::tie(name, capability) = std::tie(g.name, g.compute_capability);
  }
  return fmt::format("cuda:{} {} (compute {}, driver CUDA {}, runtime {}, cuDNN {}, {})", index,
                     name, capability, cuda.driver.empty() ? "?" : cuda.driver, cuda.runtime,
                     cuda.cudnn.empty() ? "none" : cuda.cudnn, fast ? "fast" : "deterministic");
}

std::string DeviceKind(const std::string& resolved) {
  return resolved.rfind("cuda", 0) == 0 ? "cuda" : "cpu";
}

std::vector<std::string> WorkerDevices(const std::string& requested, int workers) {
  std::vector<std::string> pool;
  if (requested.find(',') != std::string::npos) {
    size_t start = 0;
    while (start <= requested.size()) {
      const size_t comma = std::min(requested.find(',', start), requested.size());
      pool.push_back(ResolveDevice(requested.substr(start, comma - start)));
      start = comma + 1;
    }
  } else {
    const std::string device = ResolveDevice(requested);
    const bool every_gpu = device != "cpu" && (requested == "auto" || requested == "cuda");
    const int gpus = every_gpu ? static_cast<int>(torch::cuda::device_count()) : 1;
    for (int g = 0; g < gpus; ++g) pool.push_back(every_gpu ? fmt::format("cuda:{}", g) : device);
  }
  return SpreadOver(pool, workers);
}

std::vector<std::string> SpreadOver(const std::vector<std::string>& pool, int workers) {
  std::vector<std::string> devices;
  for (int w = 0; w < workers; ++w) devices.push_back(pool[static_cast<size_t>(w) % pool.size()]);
  return devices;
}

int VisibleGpus() {
  return torch::cuda::is_available() ? static_cast<int>(torch::cuda::device_count()) : 0;
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
