// [dataset] with `path`: the user's own files instead of a registry dataset.
//
// Contract: ParseCustomDataset fills spec->dataset and spec->custom_data from [dataset]'s name,
// path, format, train, test and eval, every file checksummed: the checksums enter the run key,
// so changed files make new runs. A string entry is a CSV file (format = "csv" only); a table
// { images, labels } is always an IDX pair. Every problem (missing key, wrong type, a missing or
// unreadable file, a built-in dataset's name) throws ConfigError `FILE:LINE: what (expected ...)`.
// The other [dataset] keys are the caller's. Keys and formats: docs/data.md "Your own data".
#ifndef MNISTBENCH_HARNESS_CONFIG_CUSTOM_DATASET_H_
#define MNISTBENCH_HARNESS_CONFIG_CUSTOM_DATASET_H_

#include <toml++/toml.h>

#include <string>

#include "harness/plan/run_spec.h"

namespace mnb {

// The keys ParseCustomDataset reads besides `name`.
extern const char* const kCustomDatasetKeys[5];

// `t` is the [dataset] table; a relative `path` is taken from `experiment_path`'s directory.
void ParseCustomDataset(const toml::table& t, const std::string& experiment_path, RunSpec* spec);

}  // namespace mnb

#endif  // MNISTBENCH_HARNESS_CONFIG_CUSTOM_DATASET_H_
