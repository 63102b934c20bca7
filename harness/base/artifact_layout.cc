#include "harness/base/artifact_layout.h"

#include <cctype>
#include <filesystem>
#include <string_view>

namespace mnb {

namespace {

constexpr std::string_view kCheckpointPrefix = "epoch-";
constexpr std::string_view kCheckpointSuffix = ".pt";
constexpr std::string_view kFinalModel = "model.pt";
constexpr std::string_view kTempSuffix = ".tmp";

bool EndsWith(std::string_view text, std::string_view end) {
  return text.size() >= end.size() && text.substr(text.size() - end.size()) == end;
}

// Digits only, no sign, no leading zero (the names are written with std::to_string), and small
// enough for int64_t.
bool ParseNumber(std::string_view digits, int64_t* value) {
  if (digits.empty() || digits.size() > 18 || (digits.size() > 1 && digits[0] == '0')) {
    return false;
  }
  int64_t n = 0;
  for (char c : digits) {
    if (!std::isdigit(static_cast<unsigned char>(c))) return false;
    n = n * 10 + (c - '0');
  }
  *value = n;
  return true;
}

// "epoch-N.pt" or "model.pt".
bool ParseFinalName(std::string_view name, ArtifactFile* file) {
  if (name == kFinalModel) {
    file->type = ArtifactFileType::kFinalModel;
    return true;
  }
  if (name.substr(0, kCheckpointPrefix.size()) != kCheckpointPrefix ||
      !EndsWith(name, kCheckpointSuffix)) {
    return false;
  }
  name.remove_prefix(kCheckpointPrefix.size());
  name.remove_suffix(kCheckpointSuffix.size());
  if (!ParseNumber(name, &file->epoch) || file->epoch == 0) return false;
  file->type = ArtifactFileType::kCheckpoint;
  return true;
}

}  // namespace

std::string RunArtifactDir(const std::string& db_path, int64_t run_id) {
  return db_path + ".artifacts/" + std::to_string(run_id);
}

std::string CheckpointPath(const std::string& run_dir, int64_t epoch) {
  const std::string name = std::string(kCheckpointPrefix) + std::to_string(epoch) +
                           std::string(kCheckpointSuffix);
  return (std::filesystem::path(run_dir) / name).string();
}

std::string FinalModelPath(const std::string& run_dir) {
  return (std::filesystem::path(run_dir) / kFinalModel).string();
}

std::string TempPath(const std::string& path, int64_t pid) {
  return path + "." + std::to_string(pid) + std::string(kTempSuffix);
}

bool ParseArtifactFileName(const std::string& file_name, ArtifactFile* file) {
  std::string_view name = file_name;
  if (!EndsWith(name, kTempSuffix)) return ParseFinalName(name, file);
  name.remove_suffix(kTempSuffix.size());
  const size_t dot = name.rfind('.');
  int64_t pid = 0;
  if (dot == std::string_view::npos || !ParseNumber(name.substr(dot + 1), &pid)) return false;
  ArtifactFile target;
  if (!ParseFinalName(name.substr(0, dot), &target)) return false;
  file->type = ArtifactFileType::kTemp;
  file->temp_of = target.type;
  file->epoch = target.epoch;
  return true;
}

}  // namespace mnb
