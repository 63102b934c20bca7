// A frozen baseline: `mnistbench baseline`'s CSV, which `check --baseline` compares against.
//
// Contract: WriteBaselineCsv writes one CRLF record per variant under the header
//   variant_key,model_key,label,runs,mean_test_accuracy,std_test_accuracy,mean_test_loss,
//   mean_seconds_per_epoch
// (numbers at 17 significant digits, so they read back exactly; the label RFC 4180-quoted), by
// atomic rename. ReadBaselineCsv reads it back and checks every field: a wrong header, a record
// with another field count, runs not a whole number >= 1, an accuracy or its std not a finite
// number in [0, 1], a loss or seconds per epoch negative or not finite (nan, inf, "0.9x") is
// BadInput `FILE:LINE: what (expected ...)`. A missing file is BadInput naming it.
#ifndef MNISTBENCH_HARNESS_CHECK_BASELINE_CSV_H_
#define MNISTBENCH_HARNESS_CHECK_BASELINE_CSV_H_

#include <cstdint>
#include <map>
#include <string>

namespace mnb {

struct BaselineEntry {
  std::string label;
  std::string model_key;
  int64_t runs = 0;
  double mean_accuracy = 0, std_accuracy = 0;  // fractions; std is the sample std over seeds
  double mean_loss = 0, mean_seconds_per_epoch = 0;
};
using Baseline = std::map<std::string, BaselineEntry>;  // by variant key

void WriteBaselineCsv(const std::string& path, const Baseline& baseline);
Baseline ReadBaselineCsv(const std::string& path);

}  // namespace mnb

#endif  // MNISTBENCH_HARNESS_CHECK_BASELINE_CSV_H_
