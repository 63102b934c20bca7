// A race's rounds, decided while the sweep runs ([race], docs/sweeps.md "Racing").
//
// Contract: a race's plan holds each variant's first min_seeds seeds; every run carries the
// race's settings (RunSpec::race). A round is taken once, inside the claim transaction: its
// race_rounds rows and next runs commit together or not at all, so a resume after kill -9 never
// judges one twice. Details: docs/sweeps.md "Where rounds are decided".
#ifndef MNISTBENCH_HARNESS_RUN_RACE_PROPOSER_H_
#define MNISTBENCH_HARNESS_RUN_RACE_PROPOSER_H_

#include <cstdint>
#include <vector>

#include "harness/store/rows.h"
#include "harness/store/sqlite.h"

namespace mnb {

// Judges every round that is due (in Store::ClaimNextRun, when nothing is free to claim) and
// inserts the next seeds' runs queued; returns whether it inserted runs.
bool ProposeRaceRound(Database& db, int64_t experiment_id);
// The runs the races may still add at most, as queued rows (for the ETA and "work left").
std::vector<RunRow> UnplannedRaceRunRows(Database& db, int64_t experiment_id);
// How many UnplannedRaceRunRows there are.
int64_t UnplannedRaceRuns(Database& db, int64_t experiment_id);

}  // namespace mnb

#endif  // MNISTBENCH_HARNESS_RUN_RACE_PROPOSER_H_
