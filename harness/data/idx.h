// IDX files: the MNIST family's storage format, raw or gzipped.
//
// Contract: ReadIdx decodes one unsigned-byte IDX file (magic 0x00 0x00 0x08 NDIMS, big-endian
// dimensions, then the bytes) and checks that exactly the announced number of bytes follows:
// a truncated file, trailing bytes, a wrong magic or a corrupt gzip stream each throw DataError
// with one line naming the file and what was expected. ReadIdxPair reads an images file (magic
// 2051, 3 dimensions) and its labels file (magic 2049, 1 dimension) and checks they agree and
// every label is a class. gzip is detected from the content, not the name.
#ifndef MNISTBENCH_HARNESS_DATA_IDX_H_
#define MNISTBENCH_HARNESS_DATA_IDX_H_

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace mnb {

constexpr int kIdxLabelsMagic = 2049;  // unsigned bytes, 1 dimension
constexpr int kIdxImagesMagic = 2051;  // unsigned bytes, 3 dimensions

struct IdxArray {
  int magic = 0;
  std::vector<int64_t> dims;
  std::vector<uint8_t> data;
};

IdxArray ReadIdx(const std::string& path);

struct LabeledImages {
  int64_t count = 0, rows = 0, cols = 0;
  std::vector<uint8_t> images;  // count * rows * cols, row-major
  std::vector<uint8_t> labels;  // count
};

LabeledImages ReadIdxPair(const std::string& images_path, const std::string& labels_path,
                          int num_classes = 10);

// SHA-256 (hex) of the decoded bytes of a file, raw or gzipped: what the registry records.
std::string Sha256OfIdxContent(const std::string& path);

// The decoded bytes of a whole file, raw or gzipped (any format: the CSV reader's too); a file
// that decodes to more than `max_bytes` (4 GiB: a gzip bomb) throws DataError once it has.
constexpr size_t kMaxDecodedFileBytes = size_t{4} << 30;
std::string ReadDecodedFile(const std::string& path, size_t max_bytes = kMaxDecodedFileBytes);

}  // namespace mnb

#endif  // MNISTBENCH_HARNESS_DATA_IDX_H_
