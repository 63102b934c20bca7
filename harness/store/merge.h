// Merging results databases: the shards of a sweep (or the runs of several machines) into one.
//
// Contract: MergeDatabases unions every input into the output by run identity, (experiment name,
// run_key), copying the tables experiments, runs, epochs, evals, confusion and class_metrics
// (never views: the output is opened as a Store, so it is created or migrated to the current
// schema and has its own). Row ids are remapped; a run's child rows follow it. For a run the
// output already holds:
//   - a completed run beats one that is not; between runs that are not, the further status wins
//     (pruned > diverged > failed > interrupted > running > queued), then the one with more
//     epochs; a run's rung rows (pruning decisions) follow it like its epochs;
//   - two completed runs whose final metrics are equal (last epoch's losses and accuracies, its
//     evals and the confusion matrix, bit for bit): nothing changes;
//   - two completed runs whose final metrics differ: MergeConflict naming both files, unless
//     prefer is kNewest or kOldest (by finished_at).
// Otherwise the output's row stays, so merging the same database twice changes nothing. The
// whole merge is one transaction on the output: on any error nothing is written (and an output
// file the merge created is removed). Inputs are only read; a schema newer than this binary
// knows, a file that is no mnistbench database, or rows in a table merge does not know are
// refused. After the commit, each copied run's artifact directory (<db>.artifacts/<run_id>:
// checkpoints, model.pt) is copied to the output's, under the run's new id.
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

MergeSummary MergeDatabases(const MergeOptions& options);

}  // namespace mnb

#endif  // MNISTBENCH_HARNESS_STORE_MERGE_H_
