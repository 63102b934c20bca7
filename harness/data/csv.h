// Kaggle CSV images: the Kannada-MNIST competition's format.
//
// Contract: ReadKaggleCsv reads `label,pixel0,...,pixel783` (a header line, then one row of 785
// integers per image) into the same LabeledImages the IDX reader gives (28x28, labels 0..9).
// Any malformed input (missing header, a header without labels such as Kaggle's `id,...` test
// files, wrong column count, a non-integer, a pixel outside 0..255, a label outside 0..9, no rows)
// throws DataError with one line `FILE:LINE: what is wrong (expected ...)`. CRLF line ends and a
// missing final newline are fine.
#ifndef MNISTBENCH_HARNESS_DATA_CSV_H_
#define MNISTBENCH_HARNESS_DATA_CSV_H_

#include <string>

#include "harness/data/idx.h"

namespace mnb {

LabeledImages ReadKaggleCsv(const std::string& path);

}  // namespace mnb

#endif  // MNISTBENCH_HARNESS_DATA_CSV_H_
