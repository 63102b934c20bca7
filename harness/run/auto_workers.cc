#include "harness/run/auto_workers.h"

#include <algorithm>

namespace mnb {

int AutoWorkers(const std::string& device_kind, int gpus, int cores, int64_t runs_left) {
  const int64_t slots = device_kind == "cuda" ? int64_t{kWorkersPerGpu} * std::max(gpus, 1)
                                              : std::max(cores, 1);
  return static_cast<int>(std::max<int64_t>(1, std::min(slots, runs_left)));
}

}  // namespace mnb
