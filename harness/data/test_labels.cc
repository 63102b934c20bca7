#include "harness/data/test_labels.h"

#include <fmt/format.h>

#include "harness/data/idx.h"
#include "harness/data/registry.h"

namespace mnb {

std::string LoadTestLabels(const std::string& dataset_a, const std::string& dataset_b,
                           const std::string& data_dir, std::vector<uint8_t>* labels) {
  if (dataset_a != dataset_b) {
    return fmt::format("A and B were tested on different datasets ({}, {})", dataset_a, dataset_b);
  }
  const DatasetInfo* info = FindDataset(dataset_a);
  if (info == nullptr || info->carved_test > 0) {
    return fmt::format("McNemar needs the whole upstream test split, which {} does not test on",
                       dataset_a);
  }
  for (const SplitFiles& split : info->files) {
    if (split.split != "test") continue;
    const auto file = FindFile(data_dir, *info, split.labels);
    if (!file) {
      return fmt::format("no test labels of {} under {} (pass --data-dir)", info->name, data_dir);
    }
    *labels = ReadIdx(*file).data;
    return "";
  }
  return fmt::format("{} has no test split", info->name);
}

}  // namespace mnb
