#include "harness/data/custom_data.h"

#include <fmt/format.h>

#include <filesystem>

#include "harness/base/sha256.h"
#include "harness/data/csv.h"
#include "harness/data/data_error.h"

namespace mnb {

namespace {

std::string RequireFile(const CustomData& data, const CustomDataFile& file,
                        const std::string& name) {
  const std::string path = CustomFilePath(data, name);
  std::error_code ignored;
  if (!std::filesystem::is_regular_file(path, ignored)) {
    throw DataError(fmt::format("{}: no such file (the {} {} of this dataset)", path, file.role,
                                file.role == "train" || file.role == "test" ? "split"
                                                                            : "eval set"));
  }
  return path;
}

}  // namespace

std::string CustomFilePath(const CustomData& data, const std::string& name) {
  const std::filesystem::path path(name);
  return path.is_absolute() ? name : (std::filesystem::path(data.dir) / path).string();
}

std::string MeasureCustomFile(const CustomData& data, const CustomDataFile& file) {
  if (file.format == "csv") return Sha256OfIdxContent(RequireFile(data, file, file.file));
  return Sha256Hex(Sha256OfIdxContent(RequireFile(data, file, file.file)) +
                   Sha256OfIdxContent(RequireFile(data, file, file.labels)));
}

void ChecksumCustomData(CustomData* data) {
  for (CustomDataFile& file : data->files) file.sha256 = MeasureCustomFile(*data, file);
}

const CustomDataFile* FindCustomFile(const CustomData& data, const std::string& role) {
  for (const CustomDataFile& file : data.files) {
    if (file.role == role) return &file;
  }
  return nullptr;
}

LabeledImages ReadCustomSplit(const CustomData& data, const CustomDataFile& file) {
  const std::string now = MeasureCustomFile(data, file);
  if (!file.sha256.empty() && now != file.sha256) {
    throw DataError(fmt::format(
        "{}: changed since the run was planned (SHA-256 {} then, {} now): its results belong to "
        "the old content; `mnistbench run` the experiment again to plan runs for the new one",
        CustomFilePath(data, file.file), file.sha256.substr(0, 12), now.substr(0, 12)));
  }
  if (file.format == "csv") return ReadKaggleCsv(CustomFilePath(data, file.file));
  return ReadIdxPair(CustomFilePath(data, file.file), CustomFilePath(data, file.labels), 10);
}

}  // namespace mnb
