// The data a run read, as one checksum: what `runs.data_sha256` records and `reproduce` checks.
//
// Contract: a run reads its dataset's files and those of its eval sets, in that order and, within
// a dataset, in registry order (images then labels of each split); a user's own dataset
// (custom_data.h) stands first, its files in their order. RegistryDataChecksum folds the SHA-256
// the run expects of each file (the registry's, of the decoded bytes; for a user's file, the one
// recorded when the run was planned) into one SHA-256: what a worker records when the run starts,
// since the readers only accept files that match. MeasuredDataChecksum folds the same files'
// SHA-256 as they are on disk now, so the two are equal exactly when every file is as expected; a
// missing file or an unknown dataset throws DataError naming it.
#ifndef MNISTBENCH_HARNESS_DATA_DATA_CHECKSUM_H_
#define MNISTBENCH_HARNESS_DATA_DATA_CHECKSUM_H_

#include <string>

#include "harness/plan/run_spec.h"

namespace mnb {

std::string RegistryDataChecksum(const RunSpec& spec);

std::string MeasuredDataChecksum(const RunSpec& spec, const std::string& data_dir);

}  // namespace mnb

#endif  // MNISTBENCH_HARNESS_DATA_DATA_CHECKSUM_H_
