#include "harness/data/data_checksum.h"

#include <fmt/format.h>

#include <functional>
#include <vector>

#include "harness/base/sha256.h"
#include "harness/data/data_error.h"
#include "harness/data/idx.h"
#include "harness/data/registry.h"

namespace mnb {

namespace {

// Folds `file_sha` of every file the run reads, in the contract's order.
std::string Fold(const RunSpec& spec,
                 const std::function<std::string(const DatasetInfo&, const DataFile&)>& file_sha) {
  std::vector<std::string> names = spec.eval_sets;
  names.insert(names.begin(), spec.dataset);
  std::string all;
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
  return Fold(spec, [](const DatasetInfo&, const DataFile& file) { return file.sha256; });
}

std::string MeasuredDataChecksum(const RunSpec& spec, const std::string& data_dir) {
  return Fold(spec, [&](const DatasetInfo& info, const DataFile& file) {
    const std::optional<std::string> path = FindFile(data_dir, info, file);
    if (!path) {
      throw DataError(fmt::format("{}: {} is missing (mnistbench data fetch {})", data_dir,
                                  file.name, info.name));
    }
    return Sha256OfIdxContent(*path);
  });
}

}  // namespace mnb
