// Pruning decisions in the store: each judged epoch of a run, decided and recorded in the
// transaction that writes the epoch (README "Search", [search] prune = ...).
//
// Contract: schema 5 (PruningSchemaMigration) admits the run status 'pruned', adds
// runs.pruned_epoch and the table
//   rungs(run_id, epoch, rule, metric, decision, cutoff, compared, kept, why)
// with one row per (run, epoch) a pruner judged: ASHA at each of the run's rungs, the median rule
// at every epoch it applied. JudgeEpoch runs inside the caller's epoch transaction (Store::
// RecordEpoch's `also`), after the epoch's row is written:
//   - a decision already recorded for (run, epoch) is returned as it was (a resumed run that
//     re-trains an epoch is never judged twice);
//   - otherwise it reads what the rule needs, from runs of the same experiment only — ASHA the
//     rung rows at this epoch, the median rule the epochs of completed runs — decides with
//     harness/search (asha.h, median_pruner.h), records a rung row when the rule applied, and
//     on a prune sets the run's status to 'pruned' with its epoch and finish time.
// A pruned run is a result: never claimed or retried again, so resuming keeps every decision.
// The metric is the epoch's validation accuracy or loss (settings.metric); a missing one is NaN,
// which both rules prune. Decisions are global among the runs of one database: with per-shard
// databases each shard decides among its own runs.
#ifndef MNISTBENCH_HARNESS_STORE_PRUNING_H_
#define MNISTBENCH_HARNESS_STORE_PRUNING_H_

#include <cstdint>
#include <optional>

#include "harness/plan/run_spec.h"
#include "harness/search/prune_decision.h"
#include "harness/store/sqlite.h"

namespace mnb {

// Turns a version-4 database into version 5 (inside Migrate's transaction).
void PruningSchemaMigration(Database& db);

search::PruneDecision JudgeEpoch(Database& db, int64_t run_id, const PruneSettings& settings,
                                 int64_t max_epochs, int64_t epoch, std::optional<double> metric);

}  // namespace mnb

#endif  // MNISTBENCH_HARNESS_STORE_PRUNING_H_
