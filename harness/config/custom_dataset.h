// [dataset] with `path`: the user's own files instead of a registry dataset.
//
// Contract: ParseCustomDataset reads
//   [dataset]
//   name = "kannada-full"        # any name that is not a built-in dataset's; shown in reports
//   path = "data/kannada"        # the directory; relative to the experiment file's directory
//   format = "csv"               # csv (Kaggle layout, optionally gzipped) | idx
//   train = "train.csv"          # csv: one file; idx (or any format): { images = .., labels = .. }
//   test = { images = "t10k-images-idx3-ubyte.gz", labels = "t10k-labels-idx1-ubyte.gz" }
//   eval = { dig = "Dig-MNIST.csv" }   # optional: more evaluation sets, by name
// into spec->dataset and spec->custom_data, with every file checksummed (custom_data.h): the
// checksums enter the run key, so changed files make new runs. A string entry is read in
// `format`; a table { images, labels } is always an IDX pair, so formats can mix. Every problem
// (missing key, wrong type, a missing or unreadable file, a name taken by a built-in dataset) is
// a ConfigError `FILE:LINE: what (expected ...)`. The other [dataset] keys are the caller's.
#ifndef MNISTBENCH_HARNESS_CONFIG_CUSTOM_DATASET_H_
#define MNISTBENCH_HARNESS_CONFIG_CUSTOM_DATASET_H_

#include <toml++/toml.h>

#include <string>

#include "harness/plan/run_spec.h"

namespace mnb {

// The keys ParseCustomDataset reads besides `name`.
extern const char* const kCustomDatasetKeys[5];

void ParseCustomDataset(const toml::table& t, const std::string& experiment_path, RunSpec* spec);

}  // namespace mnb

#endif  // MNISTBENCH_HARNESS_CONFIG_CUSTOM_DATASET_H_
