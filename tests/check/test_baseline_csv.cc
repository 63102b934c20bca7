// The baseline CSV (harness/check/baseline_csv.h): exact round trip, and every bad field one line
// naming file, line and column.
#include <catch2/catch.hpp>

#include <fstream>
#include <string>

#include "harness/base/error.h"
#include "harness/check/baseline_csv.h"
#include "tests/error_matchers.h"
#include "tests/scratch_dir.h"

using namespace mnb;
using namespace mnb::testing;

namespace {

const char* kHeader =
    "variant_key,model_key,label,runs,mean_test_accuracy,std_test_accuracy,mean_test_loss,"
    "mean_seconds_per_epoch\r\n";

std::string ErrorOf(const std::string& path) {
  try {
    ReadBaselineCsv(path);
  } catch (const Error& e) {
    CHECK(e.kind() == ErrorKind::kBadInput);
    return e.what();
  }
  return "no error";
}

}  // namespace

TEST_CASE("baseline CSV: what is written reads back exactly", "[check][baseline]") {
  ScratchDir dir("baseline-csv");
  const std::string path = dir.file("b.csv");
  Baseline b;
  b["k1"] = {"lenet5 lr=0.001, \"tanh\"", "m1", 3, 0.9812345678901234, 0.0012, 0.0613, 1.25};
  b["k2"] = {"mlp", "m2", 1, 1.0, 0.0, 0.0, 0.0};
  WriteBaselineCsv(path, b);
  const Baseline back = ReadBaselineCsv(path);
  REQUIRE(back.size() == 2);
  const BaselineEntry& e = back.at("k1");
  CHECK(e.label == "lenet5 lr=0.001, \"tanh\"");
  CHECK(e.model_key == "m1");
  CHECK(e.runs == 3);
  CHECK(e.mean_accuracy == 0.9812345678901234);
  CHECK(e.std_accuracy == 0.0012);
  CHECK(e.mean_loss == 0.0613);
  CHECK(e.mean_seconds_per_epoch == 1.25);
  CHECK(back.at("k2").mean_accuracy == 1.0);
}

TEST_CASE("baseline CSV: nan, inf, junk and out-of-range fields name file, line and column",
          "[check][baseline]") {
  ScratchDir dir("baseline-bad");
  auto file = [&](const std::string& record) {
    const std::string path = dir.file("bad.csv");
    std::ofstream(path, std::ios::binary) << kHeader << "k,m,l,3,0.9,0.01,0.3,1.5\r\n" << record;
    return path;
  };
  const std::string p = dir.file("bad.csv");
  CHECK(ErrorOf(file("k2,m,l,3,nan,0.01,0.3,1.5\r\n")) ==
        p + ":3: mean_test_accuracy = 'nan' (expected a finite number in [0, 1])");
  CHECK(ErrorOf(file("k2,m,l,3,0.9,inf,0.3,1.5\r\n")) ==
        p + ":3: std_test_accuracy = 'inf' (expected a finite number in [0, 1])");
  CHECK(ErrorOf(file("k2,m,l,3,0.9x,0.01,0.3,1.5\r\n")) ==
        p + ":3: mean_test_accuracy = '0.9x' (expected a finite number in [0, 1])");
  CHECK(ErrorOf(file("k2,m,l,3,97.5,0.01,0.3,1.5\r\n")) ==
        p + ":3: mean_test_accuracy = '97.5' (expected a finite number in [0, 1])");
  CHECK(ErrorOf(file("k2,m,l,3,0.9,0.01,-0.3,1.5\r\n")) ==
        p + ":3: mean_test_loss = '-0.3' (expected a finite number >= 0)");
  CHECK(ErrorOf(file("k2,m,l,3,0.9,0.01,0.3,1e999\r\n")) ==
        p + ":3: mean_seconds_per_epoch = '1e999' (expected a finite number >= 0)");
  CHECK(ErrorOf(file("k2,m,l,0,0.9,0.01,0.3,1.5\r\n")) ==
        p + ":3: runs = '0' (expected a whole number >= 1)");
  CHECK(ErrorOf(file("k2,m,l,3,0.9\r\n")) ==
        p + ":3: 5 field(s) (expected 8: variant_key,model_key,label,runs,mean_test_accuracy,"
            "std_test_accuracy,mean_test_loss,mean_seconds_per_epoch)");
  CHECK(ErrorOf(dir.file("none.csv")) == dir.file("none.csv") + ": no such baseline file");
  std::ofstream(dir.file("header.csv")) << "a,b\n";
  CHECK(ErrorOf(dir.file("header.csv")).find(":1: not a baseline CSV") != std::string::npos);
}
