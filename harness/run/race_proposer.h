// A race's rounds, decided while the sweep runs ([race], docs/sweeps.md "Racing").
//
// Contract: a race's plan holds each variant's first min_seeds seeds; every run carries the
// race's settings (RunSpec::race). ProposeRaceRound runs inside the transaction of
// Store::ClaimNextRun when a worker finds nothing to claim, after a TPE search has proposed all
// its trials (tpe_proposer.h): per dataset of the experiment, once every variant still racing
// has no unfinished run (queued, running or interrupted), it judges the round with
// harness/search/race.h on each variant's finished seeds (the last epoch's validation accuracy;
// a pruned, diverged or failed run takes its variant out), records one race_rounds row per
// variant (harness/store/race_rounds.h) and inserts, queued, the next seed's run of each
// variant that goes on. Returns whether it inserted runs. A round is taken once: its rows and
// runs commit together or not at all, so a resume after kill -9 sees the rounds as a prefix and
// never judges one twice. A variant is its runs that share VariantKey (harness/plan/plan.h); its
// store name is its run with the race's first seed.
// UnplannedRaceRunRows are the runs the races may still add at most (max_seeds less the seeds
// planned, for each variant without a final verdict), as queued rows for the ETA and the runner's
// "work left": a resumed sweep whose last round is not judged yet has work to do.
#ifndef MNISTBENCH_HARNESS_RUN_RACE_PROPOSER_H_
#define MNISTBENCH_HARNESS_RUN_RACE_PROPOSER_H_

#include <cstdint>
#include <vector>

#include "harness/store/rows.h"
#include "harness/store/sqlite.h"

namespace mnb {

bool ProposeRaceRound(Database& db, int64_t experiment_id);
std::vector<RunRow> UnplannedRaceRunRows(Database& db, int64_t experiment_id);
int64_t UnplannedRaceRuns(Database& db, int64_t experiment_id);

}  // namespace mnb

#endif  // MNISTBENCH_HARNESS_RUN_RACE_PROPOSER_H_
