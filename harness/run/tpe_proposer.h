// TPE's later trials, proposed while a search runs ([search] method = "tpe", docs/search.md).
//
// Contract: a TPE search plans its first kTpeStartupTrials trials (random, search_plan.h); every
// run of it carries its trial (RunSpec::search_trial: number, block, the space, its values).
// ProposeTpeTrial runs inside the transaction of Store::ClaimNextRun when a worker finds nothing
// to claim: for the first [[model]] block with trials left, it reads the finished trials
// (completed or pruned runs; a trial's objective is the mean over its finished seeds of the last
// epoch's validation metric — the pruner's metric, else val_accuracy), proposes trial number
// (highest planned + 1) with harness/search/tpe.h, and inserts its runs, one per seed of the
// block's first trial, as queued; the caller then claims one. A proposal whose runs all exist
// already (TPE drew a configuration run before) moves on to the next trial number. Returns
// whether it inserted runs. Two workers never propose the same trial: the transaction holds
// the database's write lock. UnproposedTpeRuns counts the runs of trials not proposed yet, so
// "nothing to do" and the ETA see them.
#ifndef MNISTBENCH_HARNESS_RUN_TPE_PROPOSER_H_
#define MNISTBENCH_HARNESS_RUN_TPE_PROPOSER_H_

#include <cstdint>
#include <vector>

#include "harness/store/sqlite.h"
#include "harness/store/store.h"

namespace mnb {

bool ProposeTpeTrial(Database& db, int64_t experiment_id);
int64_t UnproposedTpeRuns(Database& db, int64_t experiment_id);
// The same runs as queued rows for the ETA (eta.h): model and epochs of their block's template.
std::vector<RunRow> UnproposedTpeRunRows(Database& db, int64_t experiment_id);

}  // namespace mnb

#endif  // MNISTBENCH_HARNESS_RUN_TPE_PROPOSER_H_
