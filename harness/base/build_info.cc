#include "harness/base/build_info.h"

namespace mnb {

// Both come from CMakeLists.txt, as compile definitions of this file alone.
const char* BuildVersion() { return MNISTBENCH_VERSION; }
const char* BuildGitRevision() { return MNISTBENCH_GIT_REV; }

}  // namespace mnb
