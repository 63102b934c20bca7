// IDX and Kaggle CSV readers and SHA-256, on the real files and on corrupted copies of them.
#include <catch2/catch.hpp>

#include <zlib.h>

#include <fstream>

#include "harness/data/csv.h"
#include "harness/data/data_error.h"
#include "harness/data/idx.h"
#include "harness/data/registry.h"
#include "harness/data/sha256.h"
#include "tests/cli_runner.h"
#include "tests/test_support.h"

using namespace mnb;
using mnb::testing::DataDir;
using mnb::testing::ReadAll;
using mnb::testing::ScratchDir;

namespace {

void WriteFile(const std::string& path, const std::string& bytes) {
  std::ofstream(path, std::ios::binary) << bytes;
}

void WriteGzip(const std::string& path, const std::string& bytes) {
  gzFile f = gzopen(path.c_str(), "wb");
  REQUIRE(f != nullptr);
  gzwrite(f, bytes.data(), static_cast<unsigned>(bytes.size()));
  gzclose(f);
}

std::string MnistFile(const std::string& name) { return DataDir() + "/mnist/" + name; }

}  // namespace

TEST_CASE("SHA-256 matches the FIPS 180-4 test vectors", "[data]") {
  CHECK(Sha256Hex("") == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  CHECK(Sha256Hex("abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  CHECK(Sha256Hex("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq") ==
        "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
  Sha256 million;
  const std::string chunk(1000, 'a');
  for (int i = 0; i < 1000; ++i) million.Update(chunk.data(), chunk.size());
  CHECK(million.HexDigest() == "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
  // Split updates at awkward boundaries give the same digest as one update.
  const std::string text(1000, 'x');
  Sha256 pieces;
  for (size_t at = 0; at < text.size(); at += 37) pieces.Update(text.data() + at, std::min<size_t>(37, text.size() - at));
  CHECK(pieces.HexDigest() == Sha256Hex(text));
}

TEST_CASE("real MNIST IDX files decode with the expected shapes and labels", "[data]") {
  const LabeledImages train =
      ReadIdxPair(MnistFile("train-images-idx3-ubyte"), MnistFile("train-labels-idx1-ubyte"));
  CHECK(train.count == 60000);
  CHECK(train.rows == 28);
  CHECK(train.cols == 28);
  CHECK(train.images.size() == 60000u * 28 * 28);
  CHECK(train.labels[0] == 5);  // the famous first MNIST digit
  std::vector<int64_t> histogram(10);
  for (uint8_t label : train.labels) ++histogram[label];
  for (int64_t count : histogram) CHECK((count > 5000 && count < 7000));
}

TEST_CASE("gzipped Fashion and Kannada files decode and match the registry checksums", "[data]") {
  for (const DatasetInfo& info : AllDatasets()) {
    for (const SplitFiles& split : info.files) {
      for (const DataFile* file : {&split.images, &split.labels}) {
        INFO(info.name << " " << file->name);
        const auto path = FindFile(DataDir(), info, *file);
        REQUIRE(path.has_value());
        CHECK(Sha256OfIdxContent(*path) == file->sha256);
        CHECK(ReadIdx(*path).dims[0] == file->count);
      }
    }
  }
}

TEST_CASE("corrupted IDX files are one-line errors naming the file and the expectation",
          "[data]") {
  ScratchDir dir("idx");
  const std::string labels = ReadAll(MnistFile("t10k-labels-idx1-ubyte"));
  const std::string images = ReadAll(MnistFile("t10k-images-idx3-ubyte"));
  const std::string good_images = dir.file("images");
  WriteFile(good_images, images);
  struct Case {
    std::string name, bytes, expected;
    bool gzip = false;
  };
  std::string wrong_magic = labels;
  wrong_magic[2] = 0x0d;  // float data, not unsigned bytes
  std::string bad_label = labels;
  bad_label[8 + 17] = 12;
  std::string fewer = labels.substr(0, 8) + labels.substr(8, 5000);
  fewer[4] = 0, fewer[5] = 0, fewer[6] = 0x13, fewer[7] = static_cast<char>(0x88);  // 5000 labels
  const std::vector<Case> cases = {
      {"truncated", labels.substr(0, labels.size() - 10), "truncated: expected 10000 data bytes"},
      {"trailing", labels + "xyz", "trailing bytes"},
      {"wrong-magic", wrong_magic, "not an unsigned-byte IDX file"},
      {"empty", "", "too short for an IDX header"},
      {"bad-label", bad_label, "label 12 at index 17 (expected 0..9)"},
      {"count-mismatch", fewer, "5000 labels, expected 10000"},
      {"truncated-gz", labels.substr(0, 4000), "truncated: expected 10000 data bytes", true},
  };
  for (const Case& c : cases) {
    INFO(c.name);
    const std::string path = dir.file(c.name + (c.gzip ? ".gz" : ""));
    if (c.gzip) {
      WriteGzip(path, c.bytes);
    } else {
      WriteFile(path, c.bytes);
    }
    try {
      ReadIdxPair(good_images, path);
      FAIL("no error for " << c.name);
    } catch (const DataError& e) {
      const std::string message = e.what();
      CHECK_THAT(message, Catch::Contains(path) && Catch::Contains(c.expected));
      CHECK(message.find('\n') == std::string::npos);
    }
  }
  // Images where labels belong, and a gzip stream cut in the middle.
  CHECK_THROWS_WITH(ReadIdxPair(MnistFile("t10k-labels-idx1-ubyte"), good_images),
                    Catch::Contains("expected 2051"));
  const std::string gz = ReadAll(DataDir() + "/fashion-mnist/t10k-labels-idx1-ubyte.gz");
  WriteFile(dir.file("cut.gz"), gz.substr(0, gz.size() / 2));
  CHECK_THROWS_WITH(ReadIdx(dir.file("cut.gz")), Catch::Contains(dir.file("cut.gz")));
  CHECK_THROWS_WITH(ReadIdx(dir.file("absent")), Catch::Contains("cannot open"));
}

TEST_CASE("Kaggle CSV of real Kannada images reads back byte for byte", "[data]") {
  const LabeledImages kannada = ReadIdxPair(DataDir() + "/kannada-mnist/X_kannada_MNIST_test-idx3-ubyte.gz",
                                            DataDir() + "/kannada-mnist/y_kannada_MNIST_test-idx1-ubyte.gz");
  ScratchDir dir("csv");
  std::string csv = "label";
  for (int p = 0; p < 784; ++p) csv += ",pixel" + std::to_string(p);
  csv += "\r\n";
  const int n = 200;
  for (int i = 0; i < n; ++i) {
    csv += std::to_string(kannada.labels[i]);
    for (int p = 0; p < 784; ++p) csv += "," + std::to_string(kannada.images[i * 784 + p]);
    if (i + 1 < n) csv += "\r\n";  // no final newline
  }
  WriteFile(dir.file("train.csv"), csv);
  const LabeledImages back = ReadKaggleCsv(dir.file("train.csv"));
  REQUIRE(back.count == n);
  CHECK(back.rows == 28);
  CHECK(std::equal(back.labels.begin(), back.labels.end(), kannada.labels.begin()));
  CHECK(std::equal(back.images.begin(), back.images.end(), kannada.images.begin()));
}

TEST_CASE("malformed Kaggle CSV is FILE:LINE and what was expected", "[data]") {
  ScratchDir dir("badcsv");
  std::string header = "label";
  for (int p = 0; p < 784; ++p) header += ",pixel" + std::to_string(p);
  std::string row = "3";
  for (int p = 0; p < 784; ++p) row += ",0";
  const std::vector<std::tuple<std::string, std::string, std::string>> cases = {
      {"empty", "", ":1: empty file"},
      {"id-header", "id" + header.substr(5) + "\n" + row, ":1: first column is 'id'"},
      {"short-header", "label,pixel0\n" + row, ":1: header has 2 columns"},
      {"no-rows", header + "\n", ":2: no image rows"},
      {"few-columns", header + "\n" + row + "\n3,1,2\n", ":3: 3 columns (expected 785"},
      {"bad-label", header + "\n12" + row.substr(1), ":2: label 12 (expected 0..9)"},
      {"bad-pixel", header + "\n" + row.substr(0, row.size() - 1) + "300", ":2: pixel 783 is out of range"},
      {"not-a-number", header + "\n" + row + "\n" + "4,x" + row.substr(3), ":3: column 2 is 'x'"},
  };
  for (const auto& [name, text, expected] : cases) {
    INFO(name);
    const std::string path = dir.file(name + ".csv");
    WriteFile(path, text);
    CHECK_THROWS_WITH(ReadKaggleCsv(path), Catch::Contains(path + expected));
  }
}
