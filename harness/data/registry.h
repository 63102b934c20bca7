// Dataset registry: which datasets exist, where their files live, and their checksums.
//
// Contract: pure data, no I/O except ResolveDataDir/FindFile. Checksums are SHA-256 of the
// *decoded* IDX bytes, so a file verifies the same whether stored raw or gzipped
// (Debian, upstream mirrors). A dataset without a training split of its own (Kannada-MNIST here:
// only its 10k test images are available) is carved: its test file is split, seeded and
// stratified, into train and test; see harness/train/dataset.h.
#ifndef MNISTBENCH_HARNESS_DATA_REGISTRY_H_
#define MNISTBENCH_HARNESS_DATA_REGISTRY_H_

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace mnb {

struct DataFile {
  std::string name;    // file name without ".gz"; either form is accepted on disk
  std::string sha256;  // of the decoded bytes
  int64_t count = 0;   // images or labels in the file
};

struct SplitFiles {
  std::string split;  // "train" or "test" as stored upstream
  DataFile images;
  DataFile labels;
};

struct DatasetInfo {
  std::string name;         // registry key, e.g. "fashion-mnist"
  std::string dir;          // folder under the data directory
  std::string description;
  std::vector<SplitFiles> files;
  int64_t carved_test = 0;  // > 0: no train split upstream; hold out this many test images
                            // (stratified, fixed seed) and train on the rest
  bool eval_only = false;   // only fit as an extra evaluation set (e.g. dig-mnist)
  // Public base addresses, tried in order by `data fetch`: a file's address is base + NAME.gz
  // (every upstream serves the gzipped IDX files). Names are from the projects' documentation.
  std::vector<std::string> upstream;
};

const std::vector<DatasetInfo>& AllDatasets();
const DatasetInfo* FindDataset(const std::string& name);  // nullptr when unknown

// --data-dir, else $MNISTBENCH_DATA, else ./data.
std::string ResolveDataDir(const std::string& flag_value);

// Path of `file` under `data_dir/dir`, trying NAME then NAME.gz; nullopt when neither exists.
std::optional<std::string> FindFile(const std::string& data_dir, const DatasetInfo& info,
                                    const DataFile& file);

}  // namespace mnb

#endif  // MNISTBENCH_HARNESS_DATA_REGISTRY_H_
