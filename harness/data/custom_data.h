// A user's own dataset on disk: its files' checksums, and its splits read back as the planner
// saw them.
//
// Contract: a CustomData (plan/run_spec.h) names its files relative to its directory (or
// absolutely). ChecksumCustomData fills every file's `sha256` from the decoded content (gzip is
// transparent, so gzipping a file changes nothing); a missing file throws DataError naming the
// path and its role. ReadCustomSplit reads one file (a Kaggle-layout CSV, or an IDX images and
// labels pair) after checking that its content still has the checksum recorded when the run was
// planned: a file changed since then throws DataError saying so, so new data never mixes into
// runs recorded for the old. Reading is the readers' (csv.h, idx.h), with their FILE:LINE errors.
#ifndef MNISTBENCH_HARNESS_DATA_CUSTOM_DATA_H_
#define MNISTBENCH_HARNESS_DATA_CUSTOM_DATA_H_

#include <string>

#include "harness/data/idx.h"
#include "harness/plan/run_spec.h"

namespace mnb {

std::string CustomFilePath(const CustomData& data, const std::string& name);

// The content checksum of one file entry, as ChecksumCustomData records it.
std::string MeasureCustomFile(const CustomData& data, const CustomDataFile& file);

void ChecksumCustomData(CustomData* data);

// The entry with this role; nullptr when there is none.
const CustomDataFile* FindCustomFile(const CustomData& data, const std::string& role);

LabeledImages ReadCustomSplit(const CustomData& data, const CustomDataFile& file);

}  // namespace mnb

#endif  // MNISTBENCH_HARNESS_DATA_CUSTOM_DATA_H_
