// Sweep progress on stderr.
//
// Contract: on a terminal, one status line redrawn in place (run i/N, model, epoch e/E, batch,
// latest test accuracy, sweep ETA), at most a few times a second; otherwise (CI logs, files) one
// line per finished run and nothing per batch. The ETA is harness/run/eta.h's estimate over the
// experiment's runs as the store has them.
#ifndef MNISTBENCH_HARNESS_RUN_PROGRESS_H_
#define MNISTBENCH_HARNESS_RUN_PROGRESS_H_

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>

#include "harness/plan/run_result.h"
#include "harness/plan/run_spec.h"
#include "harness/store/store.h"

namespace mnb {

class Progress {
 public:
  Progress(Store& store, int64_t experiment_id);

  void StartRun(const ClaimedRun& run, const RunSpec& spec);
  void Batch(int64_t epoch, int64_t batch, int64_t batches);
  void Epoch(const EpochMetrics& metrics);
  void FinishRun(const RunOutcome& outcome);
  // Instead of FinishRun when another worker took the run over: `now_held_by` says who, if known.
  void LostClaim(const std::string& now_held_by);
  void Done();

 private:
  void Refresh();
  void Redraw(int64_t batch, int64_t batches);

  Store& store_;
  int64_t experiment_id_;
  bool tty_;
  std::chrono::steady_clock::time_point run_start_, last_draw_;
  int64_t run_id_ = 0, run_index_ = 0, run_total_ = 0;
  RunSpec spec_;
  int64_t epoch_ = 0;
  std::optional<double> test_accuracy_;
  std::string eta_;
};

// "1h02m", "3m05s", "42s"
std::string FormatDuration(double seconds);

// The runs an experiment will still add, as queued RunRows: a TPE search's trials not proposed
// yet, and the seeds a race may still add (at most).
struct RunsToCome {
  std::vector<RunRow> tpe, race;
  size_t size() const { return tpe.size() + race.size(); }
};
RunsToCome RunsToComeOf(Database& db, int64_t experiment_id);

// Seconds left for an experiment's open runs and `to_come`, at its measured epoch rates (eta.h);
// nullopt before any epoch.
std::optional<double> SweepEtaSeconds(const OpenRuns& open, const RunsToCome& to_come);

}  // namespace mnb

#endif  // MNISTBENCH_HARNESS_RUN_PROGRESS_H_
