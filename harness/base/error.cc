#include "harness/base/error.h"

#include <filesystem>
#include <ios>

namespace mnb {

int ExitCodeFor(ErrorKind kind) {
  switch (kind) {
    case ErrorKind::kBadInput:
    case ErrorKind::kConflict:
      return 2;
    case ErrorKind::kIo:
      return kExitIoError;
    case ErrorKind::kBusy:
    case ErrorKind::kExternal:
    case ErrorKind::kInternal:
      break;
  }
  return 1;
}

const char* ErrorKindName(ErrorKind kind) {
  switch (kind) {
    case ErrorKind::kBadInput: return "bad input";
    case ErrorKind::kConflict: return "conflict";
    case ErrorKind::kIo: return "I/O error";
    case ErrorKind::kBusy: return "database busy";
    case ErrorKind::kExternal: return "external failure";
    case ErrorKind::kInternal: return "internal error";
  }
  return "error";
}

ErrorKind KindOf(const std::exception& e) {
  if (const auto* error = dynamic_cast<const Error*>(&e)) return error->kind();
  if (dynamic_cast<const std::filesystem::filesystem_error*>(&e)) return ErrorKind::kIo;
  if (dynamic_cast<const std::ios_base::failure*>(&e)) return ErrorKind::kIo;
  return ErrorKind::kInternal;
}

}  // namespace mnb
