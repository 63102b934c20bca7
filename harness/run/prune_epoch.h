// Pruning one epoch: the runner's call, inside the transaction that writes the epoch
// (Store::RecordEpoch's `also`), that asks harness/search for a decision on the rows the store
// holds and records it (docs/search.md, [search] prune = ...).
//
// Contract: a decision already recorded for (run, epoch) is returned as it was, so a resumed
// run that re-trains an epoch is never judged twice. Otherwise the rule reads runs of the same
// experiment only (ASHA the rung rows at this epoch, the median rule the epochs of completed
// runs), decides (search/asha.h, search/median_pruner.h), and a rung row is written when the
// rule applied; a prune also ends the run as 'pruned' (store/rungs.h). A pruned run is a result:
// never claimed or retried again. The metric is the epoch's validation accuracy or loss
// (settings.metric): ASHA prunes a missing one (NaN); the median rule judges the run's best
// stored value so far and prunes a run with none. Decisions are global among one database's
// runs: with per-shard databases each shard decides among its own.
#ifndef MNISTBENCH_HARNESS_RUN_PRUNE_EPOCH_H_
#define MNISTBENCH_HARNESS_RUN_PRUNE_EPOCH_H_

#include <cstdint>
#include <optional>

#include "harness/plan/run_spec.h"
#include "harness/search/prune_decision.h"
#include "harness/store/sqlite.h"

namespace mnb {

search::PruneDecision JudgeEpoch(Database& db, int64_t run_id, const PruneSettings& settings,
                                 int64_t max_epochs, int64_t epoch, std::optional<double> metric);

}  // namespace mnb

#endif  // MNISTBENCH_HARNESS_RUN_PRUNE_EPOCH_H_
