// DataError: a data file that is missing, truncated or not what the registry expects.
//
// Contract: the message is one line that names the file and says what was expected, ready to be
// printed as is; the CLI maps it to exit code 2.
#ifndef MNISTBENCH_HARNESS_DATA_DATA_ERROR_H_
#define MNISTBENCH_HARNESS_DATA_DATA_ERROR_H_

#include <stdexcept>

#include "harness/base/error.h"

namespace mnb {

class DataError : public Error {
 public:
  explicit DataError(const std::string& message) : Error(ErrorKind::kBadInput, message) {}
};

}  // namespace mnb

#endif  // MNISTBENCH_HARNESS_DATA_DATA_ERROR_H_
