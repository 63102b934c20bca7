// Rungs: the pruners' decisions as the store keeps them (docs/search.md, [search] prune = ...).
//
// Contract: schema 5 (PruningSchemaMigration) admits the run status 'pruned', adds
// runs.pruned_epoch and the table
//   rungs(run_id, epoch, rule, metric, decision, cutoff, compared, kept, why)
// with at most one row per (run, epoch). These functions only read and write rows, inside the
// caller's transaction; the decisions are harness/search's (asha.h, median_pruner.h) and the
// runner's (harness/run/prune_epoch.h). "Its experiment" is the experiment of `run_id`.
#ifndef MNISTBENCH_HARNESS_STORE_RUNGS_H_
#define MNISTBENCH_HARNESS_STORE_RUNGS_H_

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "harness/store/sqlite.h"

namespace mnb {

// Turns a version-4 database into version 5 (inside Migrate's transaction).
void PruningSchemaMigration(Database& db);

struct RungRow {
  int64_t run_id = 0, epoch = 0;
  std::string rule;      // "asha" or "median"
  std::optional<double> metric, cutoff;
  std::string decision;  // "continue" or "prune"
  int64_t compared = 0;
  std::optional<int64_t> kept;  // ASHA's rung only
  std::string why;
};

// The rung recorded for (run_id, epoch), if any.
std::optional<RungRow> ReadRung(Database& db, int64_t run_id, int64_t epoch);
// Every rung row of `rule` at `epoch` with a metric, among the runs of its experiment.
std::vector<RungRow> RungsAt(Database& db, int64_t run_id, int64_t epoch, const std::string& rule);
// Records `rung`; a "prune" also sets the run's status to 'pruned' with that epoch and the time.
void WriteRung(Database& db, const RungRow& rung);

// The per-epoch metric a pruner reads: the epoch's validation accuracy or loss.
enum class RungMetric { kValAccuracy, kValLoss };
struct EpochValue {
  int64_t run_id = 0, epoch = 0;
  std::optional<double> value;
};
// The epochs of the completed runs of its experiment other than `run_id`, by run and epoch.
std::vector<EpochValue> CompletedCurves(Database& db, int64_t run_id, RungMetric metric);
// The epochs of `run_id` itself, by epoch.
std::vector<EpochValue> RunCurve(Database& db, int64_t run_id, RungMetric metric);

}  // namespace mnb

#endif  // MNISTBENCH_HARNESS_STORE_RUNGS_H_
