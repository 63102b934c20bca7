// One error type for everything mnistbench refuses or fails at, with a kind that decides the exit
// code.
//
// Contract: every error a command can meet is an Error whose message is one line for the user
// (FILE:LINE: first where a file and line are known, as compilers do) and whose kind says whose
// fault it is and so how the process exits (ExitCodeFor; README "Exit codes"). Lower rooms throw
// the kinds they know (the store: I/O and busy; config: bad input); a caller that knows better
// (a database path the user typed) may rethrow with another kind.
#ifndef MNISTBENCH_HARNESS_BASE_ERROR_H_
#define MNISTBENCH_HARNESS_BASE_ERROR_H_

#include <stdexcept>
#include <string>

namespace mnb {

// Exit codes (each kind's meaning: README "Exit codes"): kBadInput and kConflict 2, kIo 74, kBusy,
// kExternal and kInternal 1. kBadInput: nothing was recorded; the store retries kBusy itself.
enum class ErrorKind { kBadInput, kConflict, kIo, kBusy, kExternal, kInternal };

class Error : public std::runtime_error {
 public:
  Error(ErrorKind kind, const std::string& message)
      : std::runtime_error(message), kind_(kind) {}
  virtual ~Error() = default;
  ErrorKind kind() const { return kind_; }
  // The one line the command prints on stderr: "mnistbench: " and the message, unless the
  // message opens with FILE:LINE: (an experiment file's error), which is printed as is.
  virtual std::string UserLine() const { return std::string("mnistbench: ") + what(); }

 private:
  ErrorKind kind_;
};

inline Error BadInput(const std::string& message) { return {ErrorKind::kBadInput, message}; }
inline Error Conflict(const std::string& message) { return {ErrorKind::kConflict, message}; }
inline Error IoError(const std::string& message) { return {ErrorKind::kIo, message}; }
inline Error External(const std::string& message) { return {ErrorKind::kExternal, message}; }
inline Error InternalError(const std::string& message) { return {ErrorKind::kInternal, message}; }

constexpr int kExitIoError = 74;  // EX_IOERR

int ExitCodeFor(ErrorKind kind);
const char* ErrorKindName(ErrorKind kind);  // "bad input", "I/O error", ...

// The kind of any exception: an Error's own; a file system error (std::filesystem or iostream)
// is kIo; anything else (a LibTorch c10::Error, another std library exception) is kInternal.
ErrorKind KindOf(const std::exception& e);

}  // namespace mnb

#endif  // MNISTBENCH_HARNESS_BASE_ERROR_H_
