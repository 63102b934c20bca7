#include "harness/run/progress.h"

#include <fmt/format.h>
#include <unistd.h>

#include "harness/run/eta.h"
#include "harness/run/race_proposer.h"
#include "harness/run/tpe_proposer.h"

namespace mnb {

std::string FormatDuration(double seconds) {
  const int64_t s = static_cast<int64_t>(seconds + 0.5);
  if (s >= 3600) return fmt::format("{}h{:02}m", s / 3600, (s % 3600) / 60);
  if (s >= 60) return fmt::format("{}m{:02}s", s / 60, s % 60);
  return fmt::format("{}s", s);
}

RunsToCome RunsToComeOf(Database& db, int64_t experiment_id) {
  return {UnproposedTpeRunRows(db, experiment_id), UnplannedRaceRunRows(db, experiment_id)};
}

std::optional<double> SweepEtaSeconds(const OpenRuns& open, const RunsToCome& to_come) {
  if (to_come.size() == 0) return RemainingSeconds(open.runs, open.epochs_by_model);
  std::vector<RunRow> all = open.runs;
  all.insert(all.end(), to_come.tpe.begin(), to_come.tpe.end());
  all.insert(all.end(), to_come.race.begin(), to_come.race.end());
  return RemainingSeconds(all, open.epochs_by_model);
}

Progress::Progress(Store& store, int64_t experiment_id)
    : store_(store), experiment_id_(experiment_id), tty_(isatty(STDERR_FILENO) == 1) {}

void Progress::Refresh() {
  const auto counts = store_.StatusCounts(experiment_id_);
  int64_t total = 0, finished = 0;
  for (const auto& [status, n] : counts) {
    total += n;
    if (status == "completed" || status == "failed" || status == "diverged" || status == "pruned") {
      finished += n;
    }
  }
  const RunsToCome to_come = RunsToComeOf(store_.db(), experiment_id_);
  run_total_ = total + static_cast<int64_t>(to_come.size());
  run_index_ = finished + 1;
  const auto eta = SweepEtaSeconds(store_.ReadOpenRuns(experiment_id_), to_come);
  eta_ = eta ? FormatDuration(*eta) : "?";
}

void Progress::StartRun(const ClaimedRun& run, const RunSpec& spec) {
  run_id_ = run.claim.run_id;
  spec_ = spec;
  epoch_ = run.last_epoch;
  test_accuracy_.reset();
  run_start_ = std::chrono::steady_clock::now();
  Refresh();
  if (!tty_ && run.last_epoch > 0) {
    fmt::print(stderr, "run {}/{} {} (run {}): resuming after epoch {}\n", run_index_, run_total_,
               spec_.model, run_id_, run.last_epoch);
  }
}

void Progress::Redraw(int64_t batch, int64_t batches) {
  const std::string accuracy =
      test_accuracy_ ? fmt::format("test {:.2f}%", 100 * *test_accuracy_) : "";
  fmt::print(stderr, "\r\033[Krun {}/{} {} seed {}  epoch {}/{}  batch {}/{}  {}  sweep ETA {}",
             run_index_, run_total_, spec_.model, spec_.seed, epoch_ + 1, spec_.epochs, batch,
             batches, accuracy, eta_);
}

void Progress::Batch(int64_t /*epoch*/, int64_t batch, int64_t batches) {
  if (!tty_) return;
  const auto now = std::chrono::steady_clock::now();
  if (now - last_draw_ < std::chrono::milliseconds(200) && batch != batches) return;
  last_draw_ = now;
  Redraw(batch, batches);
}

void Progress::Epoch(const EpochMetrics& metrics) {
  epoch_ = metrics.epoch;
  if (metrics.test) test_accuracy_ = metrics.test->accuracy;
  if (tty_) Refresh();
}

void Progress::FinishRun(const RunOutcome& outcome) {
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - run_start_).count();
  const std::string accuracy =
      test_accuracy_ ? fmt::format(", test {:.2f}%", 100 * *test_accuracy_) : "";
  const std::string error = outcome.error.empty() ? "" : ": " + outcome.error;
  Refresh();
  fmt::print(stderr, "{}run {} {} seed {} {} after {} epoch(s){} in {}{}\n", tty_ ? "\r\033[K" : "",
             run_id_, spec_.model, spec_.seed, RunStatusName(outcome.status), outcome.epochs_done,
             accuracy, FormatDuration(seconds), error);
}

void Progress::LostClaim(const std::string& now_held_by) {
  fmt::print(stderr, "{}run {} {} seed {}: claim lost after epoch {} ({}); stopped here, nothing "
                     "more written for it\n",
             tty_ ? "\r\033[K" : "", run_id_, spec_.model, spec_.seed, epoch_, now_held_by);
}

void Progress::Done() {
  if (tty_) fmt::print(stderr, "\r\033[K");
}

}  // namespace mnb
