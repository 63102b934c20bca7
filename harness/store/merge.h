// Merging results databases: the shards of a sweep (or the runs of several machines) into one.
//
// Contract: inputs are only read; the whole merge is one transaction on the output, so on any
// error nothing is written (an output file the merge created is removed). Merging the same
// database twice changes nothing. An input that is no mnistbench database, has a newer schema or
// rows in a table merge does not know is refused (an Error); differing results: MergeConflict.
// Which copy of a run wins, what is copied: docs/cluster.md "Merging: `mnistbench merge`".
#ifndef MNISTBENCH_HARNESS_STORE_MERGE_H_
#define MNISTBENCH_HARNESS_STORE_MERGE_H_

#include <string>
#include <vector>

#include "harness/base/error.h"
#include "harness/store/sqlite.h"

namespace mnb {

enum class MergePrefer { kNone, kNewest, kOldest };

struct MergeOptions {
  std::vector<std::string> inputs;
  std::string output;
  MergePrefer prefer = MergePrefer::kNone;
};

struct MergeSummary {
  int experiments_added = 0;
  int runs_added = 0;     // run keys the output did not have
  int runs_replaced = 0;  // the input's run was better, or chosen by prefer
  int runs_kept = 0;      // the output's run was as good (identical results included) or better
  int conflicts = 0;      // differing completed results settled by prefer
  int artifact_dirs = 0;  // artifact directories copied
  std::vector<std::string> warnings;  // artifacts that could not be copied
};

// Two completed results for the same run differ and no preference was given.
class MergeConflict : public StoreError {
 public:
  explicit MergeConflict(const std::string& message)
      : StoreError(message, ErrorKind::kConflict) {}
};

// Unions every input into the output by run identity, (experiment name, run_key), then copies
// each copied run's artifact directory under its new id; MergeConflict when completed results
// differ and `prefer` is kNone.
MergeSummary MergeDatabases(const MergeOptions& options);

}  // namespace mnb

#endif  // MNISTBENCH_HARNESS_STORE_MERGE_H_
