// The Kaggle CSV reader: a CSV made from real Kannada test images must read back byte for byte,
// and malformed files must fail with FILE:LINE and what was expected.
#include <catch2/catch.hpp>

#include <cstdlib>
#include <fstream>
#include <string>
#include <tuple>
#include <vector>

#include "harness/data/csv.h"
#include "harness/data/data_error.h"
#include "harness/data/idx.h"
#include "tests/test_support.h"

using namespace mnb;
using mnb::testing::DataDir;
using mnb::testing::ScratchDir;

namespace {

constexpr int kPixels = 28 * 28;

void SpillText(const std::string& path, const std::string& text) {
  std::ofstream out(path, std::ios::binary);
  out.write(text.data(), static_cast<std::streamsize>(text.size()));
  REQUIRE(out.good());
}

std::string Header() {
  std::string header = "label";
  for (int p = 0; p < kPixels; ++p) header += ",pixel" + std::to_string(p);
  return header;
}

std::string Row(const LabeledImages& set, int64_t index) {
  std::string row = std::to_string(set.labels[index]);
  for (int p = 0; p < kPixels; ++p) {
    row += ',';
    row += std::to_string(set.images[index * kPixels + p]);
  }
  return row;
}

LabeledImages KannadaTest() {
  const std::string dir = DataDir() + "/kannada-mnist/";
  return ReadIdxPair(dir + "X_kannada_MNIST_test-idx3-ubyte.gz",
                     dir + "y_kannada_MNIST_test-idx1-ubyte.gz");
}

std::string MakeCsv(const LabeledImages& set, int64_t rows, const std::string& line_end,
                    bool final_newline) {
  std::string csv = Header() + line_end;
  for (int64_t i = 0; i < rows; ++i) {
    csv += Row(set, i);
    if (i + 1 < rows || final_newline) csv += line_end;
  }
  return csv;
}

void CheckSamePrefix(const LabeledImages& back, const LabeledImages& source, int64_t rows) {
  REQUIRE(back.count == rows);
  CHECK(back.rows == 28);
  CHECK(back.cols == 28);
  REQUIRE(back.labels.size() == static_cast<size_t>(rows));
  REQUIRE(back.images.size() == static_cast<size_t>(rows * kPixels));
  CHECK(std::vector<uint8_t>(source.labels.begin(), source.labels.begin() + rows) ==
        back.labels);
  CHECK(std::vector<uint8_t>(source.images.begin(), source.images.begin() + rows * kPixels) ==
        back.images);
}

}  // namespace

TEST_CASE("a Kaggle CSV of 200 real Kannada images reads back byte for byte", "[data][csv]") {
  const LabeledImages kannada = KannadaTest();
  const int64_t rows = 200;
  ScratchDir dir("csv-real");
  // Kaggle's own files end lines with \n; Windows tools write \r\n and may drop the last one.
  const std::vector<std::tuple<std::string, std::string, bool>> variants = {
      {"lf.csv", "\n", true},
      {"crlf-no-final-newline.csv", "\r\n", false},
      {"lf-no-final-newline.csv", "\n", false},
      {"crlf.csv", "\r\n", true},
  };
  for (const auto& [name, line_end, final_newline] : variants) {
    INFO(name);
    SpillText(dir.file(name), MakeCsv(kannada, rows, line_end, final_newline));
    CheckSamePrefix(ReadKaggleCsv(dir.file(name)), kannada, rows);
  }
  // Without the header line, and gzipped: the same images.
  std::string no_header = MakeCsv(kannada, rows, "\n", true);
  no_header.erase(0, no_header.find('\n') + 1);
  SpillText(dir.file("no-header.csv"), no_header);
  CheckSamePrefix(ReadKaggleCsv(dir.file("no-header.csv")), kannada, rows);
  REQUIRE(std::system(("gzip -kf '" + dir.file("lf.csv") + "'").c_str()) == 0);
  CheckSamePrefix(ReadKaggleCsv(dir.file("lf.csv.gz")), kannada, rows);
  // Excel's UTF-8 byte order mark before the header is not an error.
  SpillText(dir.file("bom.csv"), "\xEF\xBB\xBF" + MakeCsv(kannada, rows, "\n", true));
  CheckSamePrefix(ReadKaggleCsv(dir.file("bom.csv")), kannada, rows);
}

TEST_CASE("malformed Kaggle CSV names FILE:LINE and the expectation", "[data][csv]") {
  const LabeledImages kannada = KannadaTest();
  const std::string header = Header();
  const std::string row = Row(kannada, 0);  // label 0, a real image
  const std::string good = header + "\n" + row + "\n" + row + "\n";
  std::string high_pixel = row;
  high_pixel.replace(high_pixel.rfind(',') + 1, std::string::npos, "256");
  std::string extra_column = row + ",0";
  const std::vector<std::tuple<std::string, std::string, std::string>> cases = {
      {"empty", "", ":1: empty file (expected a header line label,pixel0,...)"},
      {"blank-first-line", "\n" + row + "\n", ":1: blank first line (expected a header"},
      {"no-header-bad-width", "3,1,2\n", ":1: row has 3 columns (expected 785 for 28x28"},
      {"no-header-then-wider", row + "\n" + extra_column + "\n", ":2: 786 columns (expected 785"},
      {"id-header", "id" + header.substr(5) + "\n" + row + "\n",
       ":1: first column is 'id' (expected 'label': a labelled file label,pixel0..pixel783; "
       "Kaggle's unlabelled test.csv cannot be used)"},
      {"bare-label-header", "label\n3\n", ":1: header has 1 columns (expected 785"},
      {"short-header", "label,pixel0,pixel1\n" + row + "\n", ":1: header has 3 columns"},
      {"header-only", header, ":2: no image rows after the header"},
      {"header-and-newline", header + "\r\n", ":2: no image rows after the header"},
      {"few-columns", good + "3,1,2\n", ":4: 3 columns (expected 785: label and 784 pixels)"},
      {"extra-column", good + extra_column, ":4: 786 columns (expected 785"},
      {"label-10", header + "\n1" + row + "\n", ":2: label 10 (expected 0..9)"},
      {"label-huge", good + "99999999999" + row.substr(1), ":4: label 99999999999 (expected"},
      {"pixel-256", good + high_pixel + "\r\n", ":4: pixel 783 is out of range (expected 0..255)"},
      {"negative", header + "\n" + row + "\n" + "4,-1" + row.substr(row.find(',', 2)),
       ":3: column 2 is '-1' (expected a non-negative integer)"},
      {"letters", good + "4,x" + row.substr(row.find(',', 2)), ":4: column 2 is 'x'"},
      {"decimal", header + "\n" + "4,1.5" + row.substr(row.find(',', 2)),
       ":2: unexpected '.' in column 2 (expected digits and commas)"},
      {"empty-field", header + "\n" + "4,," + row.substr(row.find(',', 2) + 1),
       ":2: column 2 is '' (expected a non-negative integer)"},
      {"blank-line-inside", header + "\n" + row + "\n\n" + row + "\n",
       ":3: column 1 is '' (expected a non-negative integer)"},
      {"spaces", header + "\n" + "4, 0" + row.substr(row.find(',', 2)), ":2: column 2 is ' 0'"},
  };
  ScratchDir dir("csv-bad");
  for (const auto& [name, text, expected] : cases) {
    INFO(name);
    const std::string path = dir.file(name + ".csv");
    SpillText(path, text);
    try {
      ReadKaggleCsv(path);
      FAIL("no DataError for " << name);
    } catch (const DataError& e) {
      const std::string message = e.what();
      CHECK_THAT(message, Catch::StartsWith(path + expected));
      CHECK(message.find('\n') == std::string::npos);
    }
  }
  CHECK_THROWS_WITH(ReadKaggleCsv(dir.file("absent.csv")),
                    Catch::StartsWith(dir.file("absent.csv") + ": cannot open"));
  CHECK_THROWS_WITH(ReadKaggleCsv(dir.path().string()),
                    Catch::StartsWith(dir.path().string() + ": not a regular file"));
}

TEST_CASE("a CSV of square images of another side reads with that side", "[data][csv]") {
  ScratchDir dir("csv-side");
  SpillText(dir.file("2x2.csv"), "label,a,b,c,d\n7,0,255,1,2\n3,4,5,6,7\n");
  const LabeledImages two = ReadKaggleCsv(dir.file("2x2.csv"));
  CHECK(two.count == 2);
  CHECK(two.rows == 2);
  CHECK(two.cols == 2);
  CHECK(two.labels == std::vector<uint8_t>{7, 3});
  CHECK(two.images == std::vector<uint8_t>{0, 255, 1, 2, 4, 5, 6, 7});
  SpillText(dir.file("2x2-short.csv"), "7,0,255,1,2\n3,4,5\n");
  CHECK_THROWS_WITH(ReadKaggleCsv(dir.file("2x2-short.csv")),
                    Catch::StartsWith(dir.file("2x2-short.csv") +
                                      ":2: 3 columns (expected 5: label and 4 pixels, as the first line)"));
}
