// The data a run read, as one checksum: what `runs.data_sha256` records and `reproduce` checks.
//
// Contract: a run reads its dataset's files and those of its eval sets, in that order and, within
// a dataset, in registry order (images then labels of each split). RegistryDataChecksum folds the
// registry's SHA-256 of each of those files (of the decoded bytes) into one SHA-256: what a
// worker records when the run starts, since the readers only ever accept files that match the
// registry. MeasuredDataChecksum folds the same files' SHA-256 as they are on disk now, so it
// equals the registry fold exactly when every file is what the registry says; a missing file or
// an unknown dataset throws DataError naming it.
#ifndef MNISTBENCH_HARNESS_DATA_DATA_CHECKSUM_H_
#define MNISTBENCH_HARNESS_DATA_DATA_CHECKSUM_H_

#include <string>

#include "harness/plan/run_spec.h"

namespace mnb {

std::string RegistryDataChecksum(const RunSpec& spec);

std::string MeasuredDataChecksum(const RunSpec& spec, const std::string& data_dir);

}  // namespace mnb

#endif  // MNISTBENCH_HARNESS_DATA_DATA_CHECKSUM_H_
