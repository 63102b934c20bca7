// LoadTestLabels (harness/data/test_labels.h): the real upstream test labels for McNemar's test,
// or one line saying why there are none, and a throw for a label file that cannot be read.
#include <catch2/catch.hpp>

#include <array>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "harness/data/data_error.h"
#include "harness/data/test_labels.h"
#include "tests/error_matchers.h"
#include "tests/test_support.h"

using namespace mnb;
using namespace mnb::testing;

namespace {

// How many of each digit; a label outside 0-9 is not counted, so the counts fall short.
std::array<int, 10> ClassCounts(const std::vector<uint8_t>& labels) {
  std::array<int, 10> counts{};
  for (uint8_t label : labels) {
    if (label < 10) ++counts[label];
  }
  return counts;
}

// A data folder holding only `name` under mnist/, with `bytes` in it.
void WriteMnistFile(const ScratchDir& dir, const std::string& name, const std::string& bytes) {
  std::filesystem::create_directories(dir.path() / "mnist");
  std::ofstream out(dir.path() / "mnist" / name, std::ios::binary);
  out << bytes;
  REQUIRE(out.good());
}

}  // namespace

TEST_CASE("test labels: the 10000 MNIST test labels in dataset order", "[data][compare]") {
  std::vector<uint8_t> labels = {42};  // replaced, not appended to
  REQUIRE(LoadTestLabels("mnist", "mnist", DataDir(), &labels) == "");
  REQUIRE(labels.size() == 10000);
  // The first ten digits of t10k, as every MNIST tutorial shows them.
  CHECK(std::vector<uint8_t>(labels.begin(), labels.begin() + 10) ==
        std::vector<uint8_t>{7, 2, 1, 0, 4, 1, 4, 9, 5, 9});
  // The published class sizes of the MNIST test set (sum 10,000).
  CHECK(ClassCounts(labels) ==
        std::array<int, 10>{980, 1135, 1032, 1010, 982, 892, 958, 1028, 974, 1009});
}

TEST_CASE("test labels: Fashion-MNIST's balanced test split loads the same way",
          "[data][compare]") {
  std::vector<uint8_t> labels;
  REQUIRE(LoadTestLabels("fashion-mnist", "fashion-mnist", DataDir(), &labels) == "");
  REQUIRE(labels.size() == 10000);
  // 1,000 of each class (Xiao et al. 2017); the first is an ankle boot (9).
  CHECK(ClassCounts(labels) == std::array<int, 10>{1000, 1000, 1000, 1000, 1000, 1000, 1000,
                                                   1000, 1000, 1000});
  CHECK(labels[0] == 9);
}

TEST_CASE("test labels: no labels is one line saying why and leaves the labels alone",
          "[data][compare]") {
  const std::string data = DataDir();
  const std::vector<uint8_t> before = {1, 2, 3};
  std::vector<uint8_t> labels = before;
  auto why = [&](const std::string& a, const std::string& b, const std::string& dir) {
    const std::string line = LoadTestLabels(a, b, dir, &labels);
    INFO(line);
    CHECK(line.find('\n') == std::string::npos);
    CHECK(labels == before);
    return line;
  };
  CHECK(why("mnist", "fashion-mnist", data) ==
        "A and B were tested on different datasets (mnist, fashion-mnist)");
  // Kannada-MNIST tests on 2,000 images carved from its only file, not an upstream test split.
  CHECK(why("kannada-mnist", "kannada-mnist", data) ==
        "McNemar needs the whole upstream test split, which kannada-mnist does not test on");
  CHECK_THAT(why("emnist", "emnist", data), Catch::Contains("emnist"));
  ScratchDir empty("test-labels-none");
  std::filesystem::create_directories(empty.path() / "mnist");
  const std::string dir = empty.path().string();
  CHECK(why("mnist", "mnist", dir) == "no test labels of mnist under " + dir +
                                          " (pass --data-dir)");
  // The images alone are not enough either.
  WriteMnistFile(empty, "t10k-images-idx3-ubyte", "not read");
  CHECK_THAT(why("mnist", "mnist", dir), Catch::StartsWith("no test labels of mnist under "));
}

TEST_CASE("test labels: a label file that cannot be read throws a data error",
          "[data][compare]") {
  std::vector<uint8_t> labels = {5};
  SECTION("truncated raw file") {
    // Magic 2049 (0x00000801), 10,000 labels announced (0x00002710), three present.
    ScratchDir dir("test-labels-short");
    WriteMnistFile(dir, "t10k-labels-idx1-ubyte",
                   std::string("\x00\x00\x08\x01\x00\x00\x27\x10\x07\x02\x01", 11));
    CHECK_THROWS_MATCHES(LoadTestLabels("mnist", "mnist", dir.path().string(), &labels),
                         DataError, IsKind(ErrorKind::kBadInput));
  }
  SECTION("corrupt gzip stream") {
    ScratchDir dir("test-labels-gz");
    WriteMnistFile(dir, "t10k-labels-idx1-ubyte.gz", std::string("\x1f\x8b\x08\x00garbage", 11));
    CHECK_THROWS_AS(LoadTestLabels("mnist", "mnist", dir.path().string(), &labels), DataError);
  }
  CHECK(labels == std::vector<uint8_t>{5});
}
