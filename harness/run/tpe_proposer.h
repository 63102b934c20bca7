// TPE's later trials, proposed while a search runs ([search] method = "tpe", docs/search.md).
//
// Contract: a TPE search plans its first kTpeStartupTrials trials; ProposeTpeTrial proposes the
// next one inside the transaction of Store::ClaimNextRun, when a worker finds nothing to claim,
// and inserts its runs queued, so two workers never propose the same trial and a killed search
// resumes where it stopped. A stored config or space it cannot read throws mnb::Error kBadInput;
// the store's errors pass through. Details: docs/search.md "Where TPE trials are proposed".
#ifndef MNISTBENCH_HARNESS_RUN_TPE_PROPOSER_H_
#define MNISTBENCH_HARNESS_RUN_TPE_PROPOSER_H_

#include <cstdint>
#include <vector>

#include "harness/store/sqlite.h"
#include "harness/store/store.h"

namespace mnb {

// Proposes the next trial of the first [[model]] block with trials left and inserts its runs (one
// per seed) queued; returns whether it inserted runs.
bool ProposeTpeTrial(Database& db, int64_t experiment_id);
// The runs of trials not proposed yet, so "nothing to do" and the ETA see them.
int64_t UnproposedTpeRuns(Database& db, int64_t experiment_id);
// The same runs as queued rows for the ETA (eta.h): model and epochs of their block's template.
std::vector<RunRow> UnproposedTpeRunRows(Database& db, int64_t experiment_id);

}  // namespace mnb

#endif  // MNISTBENCH_HARNESS_RUN_TPE_PROPOSER_H_
