#include "harness/base/self_executable.h"

#include <filesystem>
#include <system_error>

namespace mnb {

std::string SelfExecutable() {
  std::error_code error;
  const std::filesystem::path self = std::filesystem::read_symlink("/proc/self/exe", error);
  return error ? std::string() : self.string();
}

std::string ExecutableBeside(const std::string& name) {
  const std::string self = SelfExecutable();
  if (self.empty()) return name;  // left to PATH
  return (std::filesystem::path(self).parent_path() / name).string();
}

}  // namespace mnb
