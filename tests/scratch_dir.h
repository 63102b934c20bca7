// ScratchDir: a fresh, uniquely named directory under the system temp directory, removed with
// everything in it when the object goes out of scope. Shared by the tests and the benchmarks;
// no test framework in here, so bench/ can include it.
#ifndef MNISTBENCH_TESTS_SCRATCH_DIR_H_
#define MNISTBENCH_TESTS_SCRATCH_DIR_H_

#include <filesystem>
#include <random>
#include <string>

namespace mnb::testing {

class ScratchDir {
 public:
  explicit ScratchDir(const std::string& tag) {
    std::random_device rd;
    path_ = std::filesystem::temp_directory_path() /
            ("mnistbench-" + tag + "-" + std::to_string(rd()) + std::to_string(rd()));
    std::filesystem::create_directories(path_);
  }
  ~ScratchDir() {
    std::error_code ignored;
    std::filesystem::remove_all(path_, ignored);
  }
  ScratchDir(const ScratchDir&) = delete;
  ScratchDir& operator=(const ScratchDir&) = delete;

  const std::filesystem::path& path() const { return path_; }
  std::string file(const std::string& name) const { return (path_ / name).string(); }

 private:
  std::filesystem::path path_;
};

}  // namespace mnb::testing

#endif  // MNISTBENCH_TESTS_SCRATCH_DIR_H_
