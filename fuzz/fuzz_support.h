// What every fuzz target shares: the input as a file, and the one clean way to refuse it.
//
// Contract: InputFile writes the fuzzer's bytes to a file of this process's own (the readers
// under test take paths, as mnistbench's do) and removes it at exit. CleanlyRefused runs `body`
// and swallows only mnb::Error of a kind other than kInternal: any other exception escapes, so the
// fuzzer reports it (an uncaught exception aborts), as it reports a crash, a sanitizer finding, a
// hang past -timeout or memory past -rss_limit_mb. Returns true when the input was refused.
#ifndef MNISTBENCH_FUZZ_FUZZ_SUPPORT_H_
#define MNISTBENCH_FUZZ_FUZZ_SUPPORT_H_

#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>

#include "harness/base/error.h"

namespace mnb::fuzz {

class InputFile {
 public:
  explicit InputFile(const std::string& suffix)
      : path_("/tmp/mnistbench-fuzz-" + std::to_string(getpid()) + suffix) {}
  ~InputFile() { std::remove(path_.c_str()); }
  // Replaces the file's content with `size` bytes; aborts when the file cannot be written.
  const std::string& Write(const uint8_t* data, size_t size) const {
    std::FILE* f = std::fopen(path_.c_str(), "wb");
    if (f == nullptr || (size > 0 && std::fwrite(data, 1, size, f) != size) || std::fclose(f) != 0) {
      std::abort();
    }
    return path_;
  }
  const std::string& path() const { return path_; }

 private:
  std::string path_;
};

template <typename Body>
bool CleanlyRefused(Body&& body) {
  try {
    body();
    return false;
  } catch (const mnb::Error& e) {
    // kInternal is a broken precondition, not a refusal: a finding, like any other exception.
    if (e.kind() == mnb::ErrorKind::kInternal) throw;
    return true;
  }
}

// A failed property of an input that was accepted: abort, so the fuzzer keeps the input.
inline void Expect(bool holds, const char* what) {
  if (!holds) {
    std::fprintf(stderr, "fuzz: property failed: %s\n", what);
    std::abort();
  }
}

}  // namespace mnb::fuzz

#endif  // MNISTBENCH_FUZZ_FUZZ_SUPPORT_H_
