#include "harness/store/db_path.h"

#include <cstdlib>

namespace mnb {

std::string ResolveDbPath(const std::string& flag_value) {
  if (!flag_value.empty()) return flag_value;
  if (const char* env = std::getenv("MNISTBENCH_DB"); env != nullptr && *env != '\0') return env;
  return "mnistbench.db";
}

}  // namespace mnb
