#include "harness/base/atomic_write.h"

#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <stdexcept>

#include "harness/base/artifact_layout.h"
#include "harness/base/error.h"

namespace mnb {

namespace {

// Removes the temp file unless the rename took it.
class TempFile {
 public:
  explicit TempFile(const std::string& path) : path_(TempPath(path, getpid())) {}
  ~TempFile() {
    if (!renamed_) {
      std::error_code ignored;
      std::filesystem::remove(path_, ignored);
    }
  }
  TempFile(const TempFile&) = delete;
  TempFile& operator=(const TempFile&) = delete;

  const std::string& path() const { return path_; }
  void RenameTo(const std::string& path) {
    std::filesystem::rename(path_, path);
    renamed_ = true;
  }

 private:
  std::string path_;
  bool renamed_ = false;
};

}  // namespace

void WriteFileAtomically(const std::string& path, const std::string& text) {
  WriteAtomically(path, [&](const std::string& temp_path) {
    std::ofstream out(temp_path, std::ios::binary | std::ios::trunc);
    out.write(text.data(), static_cast<std::streamsize>(text.size()));
    out.close();  // flushes; a full disk shows here
    if (!out) throw IoError(path + ": cannot write");
  });
}

void WriteAtomically(const std::string& path,
                     const std::function<void(const std::string& temp_path)>& write) {
  TempFile temp(path);
  write(temp.path());
  temp.RenameTo(path);
}

}  // namespace mnb
