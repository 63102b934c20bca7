// Helpers shared by the tests: where the real data is, and scratch directories.
//
// Contract: DataDir() is $MNISTBENCH_DATA or ./data and FAILS the calling test when the MNIST files
// are not there (tests use real data; a missing set is an error, never a silent skip).
// ScratchDir is a fresh, unique directory removed when it goes out of scope.
#ifndef MNISTBENCH_TESTS_TEST_SUPPORT_H_
#define MNISTBENCH_TESTS_TEST_SUPPORT_H_

#include <catch2/catch.hpp>

#include <cstdlib>
#include <filesystem>
#include <random>
#include <string>

namespace mnb::testing {

inline std::string DataDir() {
  const char* env = std::getenv("MNISTBENCH_DATA");
  const std::string dir = (env != nullptr && *env != '\0') ? env : "data";
  const bool present = std::filesystem::exists(dir + "/mnist/train-images-idx3-ubyte") ||
                       std::filesystem::exists(dir + "/mnist/train-images-idx3-ubyte.gz");
  INFO("real MNIST is needed in " << dir << "/mnist (run scripts/fetch_data.sh)");
  REQUIRE(present);
  return dir;
}

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

#endif  // MNISTBENCH_TESTS_TEST_SUPPORT_H_
