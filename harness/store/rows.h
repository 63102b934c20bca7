// The typed rows the store's reads return: experiments, runs, epochs, confusion and
// environments, as plain values. Every reader above the store (results/, reports, check, compare,
// serve) works on these rather than on SQL rows; what they mean is harness/results'.
//
// Contract: a missing value (no validation split, an unfinished run, a metric never measured) is
// an empty optional, never a made-up number. Accuracies are fractions in [0, 1], as stored.
#ifndef MNISTBENCH_HARNESS_STORE_ROWS_H_
#define MNISTBENCH_HARNESS_STORE_ROWS_H_

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace mnb {

// A run status that may still train: queued, running or interrupted (resumed by the next sweep).
inline bool StatusStillOpen(std::string_view status) {
  return status == "queued" || status == "running" || status == "interrupted";
}

struct ExperimentRow {
  int64_t id = 0;
  std::string name, file_path, created_at;
};

// One run as read back, the one type every read of runs returns. Each read fills the fields its
// contract in reader.h (or race_rounds.h, store.h) names and leaves the others at their defaults:
// the progress reads (RunRows) its lifecycle, the results reads (Runs, LoadRuns) the columns of
// the run_summary view (schema.cc), Record what `reproduce` needs, and a race's or a TPE
// search's proposer its configuration, status and newest epoch.
struct RunRow {
  // Identity and configuration, as planned.
  int64_t run_id = 0, experiment_id = 0;
  std::string experiment;  // its experiment's name
  std::string run_key, config_json, model, dataset, optimizer, loss;
  std::string variant_config;  // run_summary's: config_json less seed and run-local keys
  std::string label;           // its variant's label (harness/results/variants.h)
  double lr = 0;
  int64_t batch_size = 0, epochs = 0, seed = 0, params = 0;
  // Lifecycle and where it ran: "" or 0 when never recorded (a run that never started).
  std::string status, error, host, device, torch_version, git_rev, data_sha256, started_at,
      finished_at, heartbeat_at;
  int64_t threads = 0, pid = 0;
  int64_t attempts = 0;  // claims so far
  // Its committed epochs: how many, their summed seconds, the final one (the newest) and the
  // best one (the highest validation accuracy, test accuracy without a validation split,
  // earliest on ties).
  int64_t epochs_done = 0;
  double seconds = 0;
  std::optional<int64_t> final_epoch, best_epoch;
  // The final epoch's metrics; seconds_per_epoch and samples_per_second over all its epochs.
  std::optional<double> train_loss, train_accuracy, val_loss, val_accuracy, test_loss,
      test_accuracy, seconds_per_epoch, samples_per_second;
  std::map<std::string, double> eval_accuracy;  // final epoch, by eval set
  // At the best epoch: its validation accuracy (none without a validation split) and test one.
  std::optional<double> best_val_accuracy, best_test_accuracy;

  bool completed() const { return status == "completed"; }
};

// Committed epochs and their summed seconds (NULL seconds count as 0), e.g. of a model's runs.
struct EpochTotals {
  int64_t epochs = 0;
  double seconds = 0;
};

// An experiment's runs still open or failed (queued, running, interrupted, failed), by id, as
// StoreReader::RunRows reads them, and per model the epochs of all its runs, open or not.
struct OpenRuns {
  std::vector<RunRow> runs;
  std::map<std::string, EpochTotals> epochs_by_model;
};

struct EpochResult {
  int64_t epoch = 0;
  std::optional<double> train_loss, train_accuracy, val_loss, val_accuracy, test_loss,
      test_accuracy, lr, seconds, samples_per_second;
  std::map<std::string, double> eval_accuracy;  // by eval set
  std::map<std::string, double> eval_loss;      // by eval set
};

struct ClassResult {
  int64_t label = 0, support = 0;  // support: the label's row total in the confusion matrix
  std::optional<double> precision, recall, f1;
};

struct ConfusionResult {  // of a run's test split at its final epoch
  std::vector<std::vector<int64_t>> matrix;  // [true][predicted]; empty when not recorded
  std::vector<ClassResult> classes;
};

struct EnvironmentResult {  // runs that ran on the same device, torch, threads and revision
  std::string device, torch_version, git_rev;  // "?" when not recorded
  int64_t threads = 0, runs = 0;
};

}  // namespace mnb

#endif  // MNISTBENCH_HARNESS_STORE_ROWS_H_
