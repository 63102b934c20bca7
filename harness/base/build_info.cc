#include "harness/base/build_info.h"

namespace mnb {

// All three come from CMakeLists.txt, as compile definitions of this file alone.
const char* BuildVersion() { return MNISTBENCH_VERSION; }
const char* BuildGitRevision() { return MNISTBENCH_GIT_REV; }
const char* BuildTorch() { return MNISTBENCH_TORCH; }

}  // namespace mnb
