#include "harness/base/self_executable.h"

#include <limits.h>
#include <unistd.h>

#include <cstring>

namespace mnb {

namespace {

constexpr const char* kProcSelfExe = "/proc/self/exe";

// Fills `path` (PATH_MAX bytes) with the binary's path; false when unknown or deleted. Only
// readlink: safe between fork and exec.
bool ReadSelfLink(char* path) {
  const ssize_t length = readlink(kProcSelfExe, path, PATH_MAX - 1);
  if (length <= 0) return false;
  path[length] = '\0';
  constexpr const char* kDeleted = " (deleted)";
  const size_t suffix = std::strlen(kDeleted);
  return !(static_cast<size_t>(length) >= suffix &&
           std::strcmp(path + length - suffix, kDeleted) == 0);
}

}  // namespace

std::optional<std::string> SelfExecutablePath() {
  char path[PATH_MAX];
  if (!ReadSelfLink(path)) return std::nullopt;
  return std::string(path);
}

void ExecSelf(char* const argv[]) {
  char path[PATH_MAX];
  if (ReadSelfLink(path)) execv(path, argv);
  execv(kProcSelfExe, argv);
}

std::string ExecutableBeside(const std::string& name) {
  const std::optional<std::string> self = SelfExecutablePath();
  if (!self) return name;
  return self->substr(0, self->rfind('/') + 1) + name;
}

}  // namespace mnb
