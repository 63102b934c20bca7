// Kaggle CSV images: the Kannada-MNIST competition's format, and any CSV laid out like it.
//
// Contract: ReadKaggleCsv reads rows of `label,pixel0,...,pixelN-1` (one image per row, square and
// single-channel: N = side x side, so 785 columns are 28x28 images) into the same LabeledImages
// the IDX reader gives, labels 0..9. The header line `label,pixel0,...` is optional: a first line
// that starts with a digit is a row. The file may be gzipped (detected from the content). Any
// malformed input (a header whose first column is not `label`, such as Kaggle's unlabelled
// `id,...` test files; a column count that is not 1 + a square, or that differs from the first
// line's; a non-integer; a pixel outside 0..255; a label outside 0..9; no rows; images wider
// than kMaxCsvImageSide) throws DataError with one line `FILE:LINE: what is wrong (expected ...)`.
// CRLF line ends, a UTF-8 byte order mark and a missing final newline are fine. Memory stays
// linear in the file's size whatever its shape.
#ifndef MNISTBENCH_HARNESS_DATA_CSV_H_
#define MNISTBENCH_HARNESS_DATA_CSV_H_

#include <cstdint>
#include <string>

#include "harness/data/idx.h"

namespace mnb {

constexpr int64_t kMaxCsvImageSide = 1024;  // the largest image side a CSV row may hold

LabeledImages ReadKaggleCsv(const std::string& path);

}  // namespace mnb

#endif  // MNISTBENCH_HARNESS_DATA_CSV_H_
