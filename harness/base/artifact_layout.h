// Where a run's files live beside its results database, and what they are called.
//
// Contract: the artifacts of run R of database DB (the path as given, so a relative --db gives
// relative directories) live in RunArtifactDir(DB, R) = "DB.artifacts/R". Inside it, the
// checkpoint of epoch N (model and optimizer) is "epoch-N.pt" and the final weights are
// "model.pt". Any file is written first under TempPath(path, pid) = "path.pid.tmp" and then
// renamed into place (harness/base/atomic_write.h); the pid keeps two processes that write the
// same file at once (a worker whose run was taken over, and its new owner) apart.
// ParseArtifactFileName reads a file name found in a run's directory back. These functions are
// the only places that spell these names: the store, merge, the trainer and the runner use them.
// Like LevelDB's db/filename.h.
#ifndef MNISTBENCH_HARNESS_BASE_ARTIFACT_LAYOUT_H_
#define MNISTBENCH_HARNESS_BASE_ARTIFACT_LAYOUT_H_

#include <cstdint>
#include <string>

namespace mnb {

std::string RunArtifactDir(const std::string& db_path, int64_t run_id);

std::string CheckpointPath(const std::string& run_dir, int64_t epoch);  // "run_dir/epoch-N.pt"
std::string FinalModelPath(const std::string& run_dir);                 // "run_dir/model.pt"

std::string TempPath(const std::string& path, int64_t pid);  // "path.pid.tmp"

enum class ArtifactFileType { kCheckpoint, kFinalModel, kTemp };

struct ArtifactFile {
  ArtifactFileType type = ArtifactFileType::kCheckpoint;
  int64_t epoch = 0;  // kCheckpoint: its epoch; kTemp: that of the checkpoint it will become
  ArtifactFileType temp_of = ArtifactFileType::kCheckpoint;  // kTemp: what it will become
};

// The kind of file `file_name` (a name, not a path) is; false for a name mnistbench does not
// write. A temp file counts only when it will become a checkpoint or the final model.
bool ParseArtifactFileName(const std::string& file_name, ArtifactFile* file);

}  // namespace mnb

#endif  // MNISTBENCH_HARNESS_BASE_ARTIFACT_LAYOUT_H_
