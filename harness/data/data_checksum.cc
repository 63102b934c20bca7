#include "harness/data/data_checksum.h"

#include <fmt/format.h>

#include <functional>
#include <vector>

#include "harness/base/sha256.h"
#include "harness/data/custom_data.h"
#include "harness/data/data_error.h"
#include "harness/data/idx.h"
#include "harness/data/registry.h"

namespace mnb {

namespace {

// Folds `file_sha` of every registry file the run reads and `custom_sha` of each of its own
// files, in the contract's order.
std::string Fold(const RunSpec& spec,
                 const std::function<std::string(const DatasetInfo&, const DataFile&)>& file_sha,
                 const std::function<std::string(const CustomDataFile&)>& custom_sha) {
  std::vector<std::string> names = spec.eval_sets;
  std::string all;
  if (spec.custom_data.empty()) {
    names.insert(names.begin(), spec.dataset);
  } else {
    for (const CustomDataFile& file : spec.custom_data.files) all += custom_sha(file);
  }
  for (const std::string& name : names) {
    const DatasetInfo* info = FindDataset(name);
    if (info == nullptr) throw DataError(fmt::format("unknown dataset '{}'", name));
    for (const SplitFiles& split : info->files) {
      all += file_sha(*info, split.images) + file_sha(*info, split.labels);
    }
  }
  return Sha256Hex(all);
}

}  // namespace

std::string RegistryDataChecksum(const RunSpec& spec) {
  return Fold(
      spec, [](const DatasetInfo&, const DataFile& file) { return file.sha256; },
      [](const CustomDataFile& file) { return file.sha256; });
}

std::string MeasuredDataChecksum(const RunSpec& spec, const std::string& data_dir) {
  return Fold(spec, [&](const DatasetInfo& info, const DataFile& file) {
    const std::optional<std::string> path = FindFile(data_dir, info, file);
    if (!path) {
      throw DataError(fmt::format("{}: {} is missing (mnistbench data fetch {})", data_dir,
                                  file.name, info.name));
    }
    return Sha256OfIdxContent(*path);
  }, [&](const CustomDataFile& file) { return MeasureCustomFile(spec.custom_data, file); });
}

}  // namespace mnb
