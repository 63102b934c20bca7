// How long a sweep still needs: the ETA `status` and the progress line print.
//
// Contract: RemainingSeconds(runs) estimates the wall time left for an experiment's runs as the
// store lists them (by id). Each run in progress finishes its remaining epochs at its own
// measured seconds per epoch; each queued or interrupted run needs its remaining epochs at the
// measured rate of its model in this experiment (before any epoch of that model, at the mean rate
// of the sweep so far). The queued runs are handed, in id order, to whichever worker frees up
// first, the workers being the runs in progress now (one when none is); the ETA is when the last
// worker is done. So it is never below a running run's own remainder, and it counts a queue that
// waits behind it. Nothing measured yet: no estimate. Pure function: no store, no clock.
#ifndef MNISTBENCH_HARNESS_RUN_ETA_H_
#define MNISTBENCH_HARNESS_RUN_ETA_H_

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "harness/store/store.h"

namespace mnb {

std::optional<double> RemainingSeconds(const std::vector<RunRow>& runs);
// The same from the runs still to finish (others are ignored) and, per model, the epochs of all
// the experiment's runs (StoreReader::ReadOpenRuns): equal to RemainingSeconds(every run).
std::optional<double> RemainingSeconds(const std::vector<RunRow>& runs,
                                       const std::map<std::string, EpochTotals>& by_model);

// A queued RunRow standing for a run not in the store yet (a TPE trial not proposed, a race's
// seed not planned) so that the ETA and the totals count it; `id` orders it after every real run.
RunRow RunToCome(int64_t id, int64_t experiment_id, const std::string& model, int64_t epochs);

// The seconds left for this one run at its measured rate; none before its first epoch.
std::optional<double> RunRemainingSeconds(const RunRow& run);

}  // namespace mnb

#endif  // MNISTBENCH_HARNESS_RUN_ETA_H_
