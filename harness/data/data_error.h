// DataError: a data file that is missing, truncated or not what the registry expects.
//
// Contract: the message is one line that names the file and says what was expected, ready to be
// printed as is; the CLI maps it to exit code 2.
#ifndef MNISTBENCH_HARNESS_DATA_DATA_ERROR_H_
#define MNISTBENCH_HARNESS_DATA_DATA_ERROR_H_

#include <stdexcept>

namespace mnb {

class DataError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

}  // namespace mnb

#endif  // MNISTBENCH_HARNESS_DATA_DATA_ERROR_H_
