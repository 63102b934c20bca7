// The IDX reader on the real MNIST, Fashion-MNIST and Kannada files, raw and gzipped, and on
// corrupted copies of them: every failure must be one line naming the file and the expectation.
#include <catch2/catch.hpp>

#include <zlib.h>

#include <array>
#include <fstream>
#include <functional>
#include <iterator>
#include <string>
#include <vector>

#include "harness/base/sha256.h"
#include "harness/data/data_error.h"
#include "harness/data/idx.h"
#include "tests/test_support.h"

using namespace mnb;
using mnb::testing::DataDir;
using mnb::testing::StoredPath;
using mnb::testing::ScratchDir;

namespace {

std::string Slurp(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  INFO("reading " << path);
  REQUIRE(in.good());
  return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

void Spill(const std::string& path, const std::string& bytes) {
  std::ofstream out(path, std::ios::binary);
  out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
  REQUIRE(out.good());
}

void SpillGzip(const std::string& path, const std::string& bytes) {
  gzFile f = gzopen(path.c_str(), "wb");
  REQUIRE(f != nullptr);
  REQUIRE(gzwrite(f, bytes.data(), static_cast<unsigned>(bytes.size())) ==
          static_cast<int>(bytes.size()));
  REQUIRE(gzclose(f) == Z_OK);
}

// Big-endian IDX header for unsigned bytes.
std::string IdxHeader(const std::vector<uint32_t>& dims) {
  std::string h = {0, 0, 8, static_cast<char>(dims.size())};
  for (uint32_t d : dims) {
    for (int shift = 24; shift >= 0; shift -= 8) h += static_cast<char>((d >> shift) & 0xff);
  }
  return h;
}

// The call must throw DataError whose message is one line naming `path` and saying `expected`.
void ExpectDataError(const std::function<void()>& call, const std::string& path,
                     const std::string& expected) {
  try {
    call();
    FAIL("no DataError; expected one naming " << path << " and saying '" << expected << "'");
  } catch (const DataError& e) {
    const std::string message = e.what();
    INFO("message: " << message);
    CHECK(message.rfind(path + ": ", 0) == 0);
    CHECK(message.find(expected) != std::string::npos);
    CHECK(message.find('\n') == std::string::npos);
  }
}

std::array<int64_t, 10> Histogram(const std::vector<uint8_t>& labels) {
  std::array<int64_t, 10> counts{};
  for (uint8_t label : labels) ++counts.at(label);
  return counts;
}

double MeanPixel(const std::vector<uint8_t>& images) {
  double sum = 0;
  for (uint8_t p : images) sum += p;
  return sum / static_cast<double>(images.size());
}

}  // namespace

TEST_CASE("ReadIdxPair decodes the real MNIST train and test sets (raw or gzipped)", "[data][idx]") {
  const std::string dir = DataDir() + "/mnist/";
  const LabeledImages train =
      ReadIdxPair(StoredPath(dir + "train-images-idx3-ubyte"),
                  StoredPath(dir + "train-labels-idx1-ubyte"));
  CHECK(train.count == 60000);
  CHECK(train.rows == 28);
  CHECK(train.cols == 28);
  CHECK(train.images.size() == size_t{60000} * 28 * 28);
  REQUIRE(train.labels.size() == 60000);
  CHECK(std::vector<uint8_t>(train.labels.begin(), train.labels.begin() + 5) ==
        std::vector<uint8_t>{5, 0, 4, 1, 9});
  const auto train_counts = Histogram(train.labels);
  CHECK(train_counts[1] == 6742);  // the most common digit
  CHECK(train_counts[5] == 5421);  // the rarest
  for (int64_t count : train_counts) CHECK((count > 5000 && count < 7000));
  CHECK(MeanPixel(train.images) == Approx(33.318).epsilon(1e-4));  // 0.1307 * 255

  const LabeledImages test =
      ReadIdxPair(StoredPath(dir + "t10k-images-idx3-ubyte"),
                  StoredPath(dir + "t10k-labels-idx1-ubyte"));
  CHECK(test.count == 10000);
  CHECK(test.images.size() == size_t{10000} * 28 * 28);
  CHECK(test.labels[0] == 7);
  for (int64_t count : Histogram(test.labels)) CHECK((count > 850 && count < 1200));

  const IdxArray labels = ReadIdx(StoredPath(dir + "train-labels-idx1-ubyte"));
  CHECK(labels.magic == kIdxLabelsMagic);
  CHECK(labels.dims == std::vector<int64_t>{60000});
  const IdxArray images = ReadIdx(StoredPath(dir + "t10k-images-idx3-ubyte"));
  CHECK(images.magic == kIdxImagesMagic);
  CHECK(images.dims == std::vector<int64_t>{10000, 28, 28});
}

TEST_CASE("ReadIdxPair decodes the real gzipped Fashion-MNIST and Kannada sets", "[data][idx]") {
  const std::string fashion = DataDir() + "/fashion-mnist/";
  const LabeledImages fashion_train =
      ReadIdxPair(fashion + "train-images-idx3-ubyte.gz", fashion + "train-labels-idx1-ubyte.gz");
  CHECK(fashion_train.count == 60000);
  CHECK(fashion_train.rows == 28);
  CHECK(fashion_train.labels[0] == 9);  // an ankle boot
  for (int64_t count : Histogram(fashion_train.labels)) CHECK(count == 6000);
  const LabeledImages fashion_test =
      ReadIdxPair(fashion + "t10k-images-idx3-ubyte.gz", fashion + "t10k-labels-idx1-ubyte.gz");
  CHECK(fashion_test.count == 10000);
  for (int64_t count : Histogram(fashion_test.labels)) CHECK(count == 1000);

  const std::string kannada = DataDir() + "/kannada-mnist/";
  const LabeledImages kannada_test = ReadIdxPair(kannada + "X_kannada_MNIST_test-idx3-ubyte.gz",
                                                 kannada + "y_kannada_MNIST_test-idx1-ubyte.gz");
  CHECK(kannada_test.count == 10000);
  CHECK(kannada_test.rows == 28);
  CHECK(kannada_test.cols == 28);
  CHECK(kannada_test.images.size() == size_t{10000} * 28 * 28);
  for (int64_t count : Histogram(kannada_test.labels)) CHECK(count == 1000);
  CHECK(MeanPixel(kannada_test.images) == Approx(18.543).epsilon(1e-4));

  const LabeledImages dig =
      ReadIdxPair(kannada + "X_dig_MNIST-idx3-ubyte.gz", kannada + "y_dig_MNIST-idx1-ubyte.gz");
  CHECK(dig.count == 10240);
  CHECK(dig.images.size() == size_t{10240} * 28 * 28);
  for (int64_t count : Histogram(dig.labels)) CHECK(count == 1024);
}

TEST_CASE("Sha256OfIdxContent hashes decoded bytes, the same raw or gzipped", "[data][idx]") {
  const std::string data = DataDir();
  CHECK(Sha256OfIdxContent(StoredPath(data + "/mnist/train-images-idx3-ubyte")) ==
        "ba891046e6505d7aadcbbe25680a0738ad16aec93bde7f9b65e87a2fc25776db");
  CHECK(Sha256OfIdxContent(StoredPath(data + "/mnist/train-labels-idx1-ubyte")) ==
        "65a50cbbf4e906d70832878ad85ccda5333a97f0f4c3dd2ef09a8a9eef7101c5");
  CHECK(Sha256OfIdxContent(data + "/kannada-mnist/X_kannada_MNIST_test-idx3-ubyte.gz") ==
        "be3a7f7fd24b3eb62f28ab1e3f9e5a380738e87000f99417c14f94ca89616cf4");

  // A raw file and its gzipped copy give the same digest and the same decoded array.
  ScratchDir dir("idx-sha");
  const std::string labels =
      ReadDecodedFile(StoredPath(data + "/mnist/t10k-labels-idx1-ubyte"));
  SpillGzip(dir.file("labels.gz"), labels);
  CHECK(Sha256OfIdxContent(dir.file("labels.gz")) == Sha256Hex(labels));
  CHECK(ReadIdx(dir.file("labels.gz")).data ==
        ReadIdx(StoredPath(data + "/mnist/t10k-labels-idx1-ubyte")).data);
  // gzip is recognised by content: a gzipped file without the .gz name still decodes.
  SpillGzip(dir.file("labels-no-suffix"), labels);
  CHECK(ReadIdx(dir.file("labels-no-suffix")).dims == std::vector<int64_t>{10000});
}

TEST_CASE("corrupted IDX copies fail with the file and the expectation in one line",
          "[data][idx]") {
  const std::string mnist = DataDir() + "/mnist/";
  const std::string images = ReadDecodedFile(StoredPath(mnist + "t10k-images-idx3-ubyte"));
  const std::string labels = ReadDecodedFile(StoredPath(mnist + "t10k-labels-idx1-ubyte"));
  ScratchDir dir("idx-corrupt");
  const std::string good_images = dir.file("good-images");
  const std::string good_labels = dir.file("good-labels");
  Spill(good_images, images);
  Spill(good_labels, labels);

  SECTION("truncated pixels") {
    const std::string path = dir.file("short-images");
    Spill(path, images.substr(0, 16 + 1000));
    ExpectDataError([&] { ReadIdxPair(path, good_labels); }, path,
                    "truncated: expected 7840000 data bytes (10000x28x28), got 1000");
  }
  SECTION("truncated header") {
    const std::string path = dir.file("short-header");
    Spill(path, images.substr(0, 10));
    ExpectDataError([&] { ReadIdx(path); }, path, "truncated header (expected 3 dimensions)");
  }
  SECTION("empty file") {
    const std::string path = dir.file("empty");
    Spill(path, "");
    ExpectDataError([&] { ReadIdx(path); }, path, "too short for an IDX header");
  }
  SECTION("trailing bytes, raw and inside a gzip stream") {
    const std::string path = dir.file("long-labels");
    Spill(path, labels + "xyz");
    ExpectDataError([&] { ReadIdxPair(good_images, path); }, path,
                    "trailing bytes after the 10000 data bytes that 10000 announces");
    const std::string gz = dir.file("long-labels.gz");
    SpillGzip(gz, labels + '\0');
    ExpectDataError([&] { ReadIdx(gz); }, gz, "trailing bytes");
  }
  SECTION("wrong magic") {
    std::string float_labels = labels;
    float_labels[2] = 0x0d;  // IDX float data, not unsigned bytes
    const std::string path = dir.file("float-labels");
    Spill(path, float_labels);
    ExpectDataError([&] { ReadIdx(path); }, path,
                    "magic bytes 00 00 0d 01, expected 00 00 08 01..04");
    const std::string text = dir.file("text");
    Spill(text, "label,pixel0\n");
    ExpectDataError([&] { ReadIdx(text); }, text, "not an unsigned-byte IDX file");
  }
  SECTION("labels where images belong and images where labels belong") {
    ExpectDataError([&] { ReadIdxPair(good_labels, good_labels); }, good_labels,
                    "magic 2049 with 1 dimension(s), expected 2051");
    ExpectDataError([&] { ReadIdxPair(good_images, good_images); }, good_images,
                    "magic 2051 with 3 dimension(s), expected 2049");
  }
  SECTION("labels out of range") {
    std::string bad = labels;
    bad[8 + 17] = 12;
    const std::string path = dir.file("bad-labels");
    Spill(path, bad);
    ExpectDataError([&] { ReadIdxPair(good_images, path); }, path,
                    "label 12 at index 17 (expected 0..9)");
    // With fewer classes the real labels themselves are out of range (the first is a 7).
    ExpectDataError([&] { ReadIdxPair(good_images, good_labels, 5); }, good_labels,
                    "label 7 at index 0 (expected 0..4)");
  }
  SECTION("count mismatch between images and labels") {
    const std::string path = dir.file("fewer-labels");
    Spill(path, IdxHeader({5000}) + labels.substr(8, 5000));
    ExpectDataError([&] { ReadIdxPair(good_images, path); }, path,
                    "5000 labels, expected 10000 to match " + good_images);
  }
  SECTION("impossible dimensions") {
    const std::string zero = dir.file("zero-dim");
    Spill(zero, IdxHeader({10000, 0, 28}));
    ExpectDataError([&] { ReadIdx(zero); }, zero, "dimension 2 is 0 (expected 1..2^31)");
    const std::string huge = dir.file("huge-dims");
    Spill(huge, IdxHeader({0x7fffffff, 0x7fffffff, 0x7fffffff}) + images.substr(16));
    ExpectDataError([&] { ReadIdx(huge); }, huge, "announce more than 16 GiB");
    // A plausible but wrong count: reported as truncation, without waiting on a 784 MB buffer.
    const std::string many = dir.file("many-images");
    Spill(many, IdxHeader({1000000, 28, 28}) + images.substr(16));
    ExpectDataError([&] { ReadIdx(many); }, many,
                    "truncated: expected 784000000 data bytes (1000000x28x28), got 7840000");
  }
  SECTION("gzip: truncated content, a cut stream, a bad checksum") {
    const std::string short_content = dir.file("short-content.gz");
    SpillGzip(short_content, labels.substr(0, 4000));
    ExpectDataError([&] { ReadIdxPair(good_images, short_content); }, short_content,
                    "truncated: expected 10000 data bytes (10000), got 3992");

    const std::string real_gz =
        Slurp(DataDir() + "/kannada-mnist/X_kannada_MNIST_test-idx3-ubyte.gz");
    const std::string cut = dir.file("cut.gz");
    Spill(cut, real_gz.substr(0, real_gz.size() / 2));
    ExpectDataError([&] { ReadIdx(cut); }, cut, "corrupt or truncated gzip data");
    ExpectDataError([&] { Sha256OfIdxContent(cut); }, cut, "gzip data");

    std::string bad_crc = real_gz;
    bad_crc[bad_crc.size() - 6] ^= 0x5a;  // inside the CRC-32 of the gzip trailer
    const std::string crc = dir.file("bad-crc.gz");
    Spill(crc, bad_crc);
    ExpectDataError([&] { ReadIdx(crc); }, crc, "corrupt gzip data (incorrect data check)");

    std::string flipped = real_gz;
    for (size_t i = flipped.size() / 3; i < flipped.size() / 3 + 64; ++i) {
      flipped[i] = static_cast<char>(~flipped[i]);
    }
    const std::string garbled = dir.file("garbled.gz");
    Spill(garbled, flipped);
    ExpectDataError([&] { ReadIdx(garbled); }, garbled, "gzip data");
  }
  SECTION("missing file and a directory") {
    const std::string absent = dir.file("absent-images");
    ExpectDataError([&] { ReadIdxPair(absent, good_labels); }, absent,
                    "cannot open (No such file or directory)");
    ExpectDataError([&] { Sha256OfIdxContent(absent); }, absent, "cannot open");
    ExpectDataError([&] { ReadIdx(dir.path().string()); }, dir.path().string(),
                    "cannot read (Is a directory; expected an IDX file)");
  }
}
