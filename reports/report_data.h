// The report's data, read from a results database (the view run_summary plus the epochs, evals,
// confusion and class_metrics tables); the renderers (markdown.h, csv_report.h, html.h) only
// format it.
//
// Contract: LoadReport reads one consistent snapshot (one read transaction) and never writes:
// on a version-1 database it creates the views as TEMP views of its own connection. A variant is
// an experiment's runs that differ only by seed (variant_config); its label is the model name
// plus the settings that vary between that model's variants in the experiment ("lenet5
// activation=tanh conv4=50"). The leaderboard rows follow the `leaderboard` view's definitions
// (harness/store/schema.cc) but are aggregated here, from the runs already read, which halves
// the report's SQL time; tests hold the two equal. Accuracy statistics cover completed runs
// only; runs in any other status are counted per variant and listed, never silently dropped.
// Unknown experiment or baseline names throw std::invalid_argument (bad input) naming what
// exists.
#ifndef MNISTBENCH_REPORTS_REPORT_DATA_H_
#define MNISTBENCH_REPORTS_REPORT_DATA_H_

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "harness/store/sqlite.h"

namespace mnb {

struct ReportOptions {
  std::vector<std::string> experiments;  // empty: all
  std::string baseline;  // a variant label or a model name; empty: per model, its first variant
  int top_runs = 5;      // learning curves for this many runs (the best run of the top variants)
  int max_listed_unfinished = 50;  // Markdown/HTML list at most this many unfinished runs
};

// Creates TEMP views run_summary/leaderboard on this connection when the database predates them.
void EnsureResultViews(Database& db);

struct VariantRow {  // one leaderboard row
  std::string experiment, label, model, dataset, optimizer, loss, lr_schedule, model_options,
      layers, variant_config;
  double lr = 0, weight_decay = 0;
  int64_t batch_size = 0, epochs = 0, params = 0, first_run_id = 0;
  std::optional<int64_t> rank, best_epoch;
  int64_t n = 0, runs = 0, queued = 0, running = 0, completed = 0, failed = 0, interrupted = 0,
          diverged = 0;
  std::optional<double> test_accuracy_mean, test_accuracy_std, test_accuracy_min,
      test_accuracy_max, test_loss_mean, val_accuracy_mean, best_val_accuracy, seconds_per_epoch,
      samples_per_second;
  std::map<std::string, double> eval_accuracy_mean;  // by eval set, over completed runs
  std::string StatusText() const;                    // "2 completed, 1 failed"
};

struct RunSummaryRow {
  int64_t run_id = 0, seed = 0, epochs = 0, epochs_done = 0, threads = 0;
  std::string experiment, label, model, status, error, device, torch_version, git_rev;
  std::optional<int64_t> best_epoch;
  std::optional<double> train_loss, train_accuracy, val_loss, val_accuracy, test_loss,
      test_accuracy, seconds_per_epoch, samples_per_second;
  std::map<std::string, double> eval_accuracy;  // final epoch, by eval set
};

struct EpochRow {
  int64_t epoch = 0;
  std::optional<double> train_loss, train_accuracy, val_loss, val_accuracy, test_loss,
      test_accuracy, lr, seconds, samples_per_second;
  std::map<std::string, double> eval_accuracy;
};

struct LearningCurve {
  RunSummaryRow run;
  std::vector<EpochRow> epochs;
};

struct ClassRow {
  int64_t label = 0, support = 0;
  std::optional<double> precision, recall, f1;
};

struct ModelBestRun {  // the best run of one model in one experiment
  RunSummaryRow run;
  std::vector<std::vector<int64_t>> confusion;  // [true][predicted]; empty when not recorded
  std::vector<ClassRow> classes;
};

struct BestConfig {  // per (experiment, model): its top-ranked variant
  size_t variant = 0;  // index into ReportData::leaderboard
};

struct Comparison {
  std::string experiment, title;
  size_t baseline = 0;           // index into leaderboard
  std::vector<size_t> variants;  // baseline first, then by rank
};

struct ReportData {
  std::string db_path, generated_at;
  std::vector<std::string> experiments;  // in creation order
  std::vector<std::string> environment;  // "cpu, torch 1.13.1, 2 threads, git abc (4 runs)"
  std::vector<std::string> eval_sets;    // union over the report's runs
  std::vector<VariantRow> leaderboard;   // per experiment, by rank (unranked last)
  std::vector<RunSummaryRow> runs;       // every run, by id
  std::vector<size_t> unfinished;        // indices into runs: status != completed
  std::vector<BestConfig> best_configs;
  std::vector<Comparison> comparisons;
  std::vector<LearningCurve> curves;
  std::vector<ModelBestRun> best_runs;
};

ReportData LoadReport(Database& db, const ReportOptions& options);

}  // namespace mnb

#endif  // MNISTBENCH_REPORTS_REPORT_DATA_H_
