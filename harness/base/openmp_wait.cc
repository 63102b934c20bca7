#include "harness/base/openmp_wait.h"

#include <cstdlib>

namespace mnb {

bool RequestShortOpenMpSpin() {
  if (std::getenv("GOMP_SPINCOUNT") != nullptr || std::getenv("OMP_WAIT_POLICY") != nullptr) {
    return false;
  }
  return setenv("GOMP_SPINCOUNT", kShortOpenMpSpin, 1) == 0;
}

std::string OpenMpWaitSetting() {
  std::string setting;
  for (const char* name : {"GOMP_SPINCOUNT", "OMP_WAIT_POLICY"}) {
    const char* value = std::getenv(name);
    if (value == nullptr) continue;
    if (!setting.empty()) setting += ' ';
    setting += std::string(name) + "=" + value;
  }
  return setting.empty() ? "libgomp default" : setting;
}

}  // namespace mnb
