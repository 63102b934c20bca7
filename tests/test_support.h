// Helpers shared by the tests: where the real data is, and scratch directories.
//
// Contract: DataDir() is $MNISTBENCH_DATA or ./data and FAILS the calling test when the MNIST files
// are not there (tests use real data; a missing set is an error, never a silent skip).
// StoredPath(path) is path, or path.gz when only the gzipped file is there.
// ScratchDir (tests/scratch_dir.h) is a fresh, unique directory removed when it goes out of scope.
#ifndef MNISTBENCH_TESTS_TEST_SUPPORT_H_
#define MNISTBENCH_TESTS_TEST_SUPPORT_H_

#include <catch2/catch.hpp>

#include <cstdlib>
#include <filesystem>
#include <string>

#include "tests/scratch_dir.h"

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

// The file as the data folder stores it: `path` when present, else `path.gz` (scripts/fetch_data.sh
// copies MNIST gzipped from ../shared/data; a download or an older copy may be raw).
inline std::string StoredPath(const std::string& path) {
  return std::filesystem::exists(path) ? path : path + ".gz";
}

}  // namespace mnb::testing

#endif  // MNISTBENCH_TESTS_TEST_SUPPORT_H_
