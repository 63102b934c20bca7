// The typed rows the results reader (results.h) returns: runs, variants, epochs, confusion and
// environments, as plain values. Every later reader (reports, check, compare, serve) works on
// these rather than on SQL rows.
//
// Contract: a missing value (no validation split, an unfinished run, a metric never measured) is
// an empty optional, never a made-up number. Accuracies are fractions in [0, 1], as stored.
#ifndef MNISTBENCH_HARNESS_STORE_RESULT_ROWS_H_
#define MNISTBENCH_HARNESS_STORE_RESULT_ROWS_H_

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "harness/stats/gate.h"

namespace mnb {

// The difference the leaderboard's "≈ best" vouches for: one accuracy point (as a fraction). Below
// 80% power for it, a variant the test cannot separate from the best is "undecided".
constexpr double kVsBestMinEffect = 0.01;

// One run as the run_summary view defines it (harness/store/schema.cc): its configuration, its
// final epoch (the newest committed one) and its best epoch (the highest validation accuracy,
// test accuracy without a validation split, earliest on ties).
struct RunResult {
  int64_t run_id = 0, seed = 0, epochs = 0, epochs_done = 0, threads = 0, batch_size = 0,
          params = 0;
  double lr = 0;
  std::string experiment, run_key, variant_config, model, dataset, optimizer, loss, status,
      error, device, torch_version, git_rev;
  std::string label;  // its variant's label (variants.h); set by Results::Read only
  std::optional<int64_t> final_epoch, best_epoch;
  // The final epoch's metrics; seconds_per_epoch and samples_per_second over all its epochs.
  std::optional<double> train_loss, train_accuracy, val_loss, val_accuracy, test_loss,
      test_accuracy, seconds_per_epoch, samples_per_second;
  std::map<std::string, double> eval_accuracy;  // final epoch, by eval set
  // At the best epoch: its validation accuracy (none without a validation split) and test one.
  std::optional<double> best_val_accuracy, best_test_accuracy;

  bool completed() const { return status == "completed"; }
};

// One variant (variants.h) with its statistics, as the leaderboard view defines them.
struct Variant {
  std::string experiment, label, model, dataset, optimizer, loss, lr_schedule, model_options,
      layers, variant_config;
  double lr = 0, weight_decay = 0;
  int64_t batch_size = 0, epochs = 0, params = 0, first_run_id = 0;
  std::vector<int64_t> run_ids, seeds;  // every run of the variant, by id
  // Runs per status, over all its runs, so unfinished work stays visible.
  int64_t runs = 0, queued = 0, running = 0, completed = 0, failed = 0, interrupted = 0,
          diverged = 0, pruned = 0;
  // Over completed runs: n counts those with a test accuracy.
  int64_t n = 0;
  std::optional<double> test_accuracy_mean, test_accuracy_std, test_accuracy_min,
      test_accuracy_max, test_loss_mean, val_accuracy_mean, seconds_per_epoch, samples_per_second;
  std::vector<double> test_accuracies;  // the n seeds' final test accuracies, by run id
  // The 95% Student-t interval of the mean test accuracy (n - 1 df); none below two seeds.
  std::optional<double> test_accuracy_ci_low, test_accuracy_ci_high;
  // Against the best variant (the highest mean) of the same experiment and dataset: a two-sided
  // Welch test, Holm-corrected over the variants compared (stats::CompareWithBest, alpha 0.05);
  // "≈ best" only where the seeds had 80% power for a difference of kVsBestMinEffect, else
  // undecided. None without a completed seed.
  std::optional<stats::Standing> vs_best;
  double vs_best_p_adjusted = 1;  // Holm-adjusted p; 1 where not compared
  std::optional<int> vs_best_seeds_needed;  // per side, to separate the observed difference
  // Where the completed seeds' mean validation (else test) accuracy peaks; earliest on ties.
  std::optional<int64_t> best_epoch;
  std::optional<double> best_val_accuracy;
  std::map<std::string, double> eval_accuracy_mean;  // final epoch, by eval set
  // By mean test accuracy within its experiment; ties share a rank, the next rank skips (SQL
  // RANK); none without a completed run.
  std::optional<int64_t> rank;

  std::string StatusText() const;  // "2 completed, 1 failed"
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

// One run as recorded, for re-running it (`reproduce`): its configuration and where it ran.
struct RunRecord {
  int64_t run_id = 0, threads = 0, epochs_done = 0;
  std::string experiment, run_key, status, config_json;
  // As recorded when the run started; empty when never recorded (a run that never started).
  std::string device, torch_version, git_rev, data_sha256, host;
};

struct EnvironmentResult {  // runs that ran on the same device, torch, threads and revision
  std::string device, torch_version, git_rev;  // "?" when not recorded
  int64_t threads = 0, runs = 0;
};

// The runs and variants of some experiments, read in one go (Results::Read).
struct ResultSet {
  std::vector<std::string> experiments;  // in creation order
  std::vector<RunResult> runs;           // by id
  std::vector<Variant> variants;         // per experiment, by rank (unranked last, by first run)
  std::vector<size_t> variant_of_run;    // parallel to runs: an index into variants
  std::vector<std::string> eval_sets;    // every final-epoch eval set of these runs, sorted
};

}  // namespace mnb

#endif  // MNISTBENCH_HARNESS_STORE_RESULT_ROWS_H_
