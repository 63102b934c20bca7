// The report's data: the runs and variants of the selected experiments (harness/results/
// result_set.h, read through harness/store/reader.h), and what the report picks from them; the
// renderers (reports/render/) only format it.
//
// Contract: LoadReport reads one consistent snapshot (one read transaction) and never writes.
// It loads the runs and their variants (labels, statistics and ranks are defined once, in
// harness/results/variants.h), then selects (report_select.h): the best configuration and best run
// per model, the learning curves of the top variants, the comparisons against a baseline, and
// the data of the comparison plots (plot_select.h), and the standings of any race.
// Accuracy statistics cover completed runs only; runs in any other status are counted per
// variant and listed, never silently dropped. Unknown experiment or baseline names throw
// mnb::Error of kind bad input naming what exists.
#ifndef MNISTBENCH_REPORTS_DATA_REPORT_DATA_H_
#define MNISTBENCH_REPORTS_DATA_REPORT_DATA_H_

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "harness/stats/fidelity.h"
#include "harness/stats/welch.h"
#include "harness/results/race_standings.h"
#include "harness/results/result_set.h"
#include "reports/plot/heatmap.h"
#include "reports/plot/parallel_axes.h"

namespace mnb {

struct ReportOptions {
  std::vector<std::string> experiments;  // empty: all
  std::string baseline;  // a variant label or a model name; empty: per model, its first variant
  int top_runs = 5;      // learning curves for this many runs (the best run of the top variants)
  int max_listed_unfinished = 50;  // Markdown/HTML list at most this many unfinished runs
  int refresh_seconds = 0;  // HTML: > 0 makes the page reload itself this often (`serve`)
};

// The report's rows are the results reader's.
using VariantRow = Variant;        // one leaderboard row
using RunSummaryRow = RunRow;
using EpochRow = EpochResult;
using ClassRow = ClassResult;

// One metric at one epoch over a variant's completed seeds.
struct SeedBand {
  double mean = 0, low = 0, high = 0;  // low, high: the lowest and highest seed
  int64_t n = 0;                       // the seeds that recorded it
};

struct VariantEpoch {
  int64_t epoch = 0;
  std::optional<SeedBand> train_accuracy, val_accuracy, test_accuracy, train_loss, val_loss,
      test_loss;
};

struct LearningCurve {
  RunSummaryRow run;              // the variant's best run
  std::vector<EpochRow> epochs;   // its epochs
  size_t seeds = 0;               // the variant's completed runs
  std::vector<VariantEpoch> variant;  // mean and min-max band over them; empty below 2 seeds
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
  // Parallel to variants: the variant's mean minus the baseline's, Welch-tested over their seeds
  // (stats/welch.h); none for the baseline itself and below two seeds on either side.
  std::vector<std::optional<stats::WelchResult>> vs_baseline;
};

// One variant of a seed model on the dataset its project published a figure for, against that
// figure (reports/tables/fidelity_table.h).
struct FidelityRow {
  std::string experiment;
  size_t variant = 0;              // index into ReportData::leaderboard
  std::string source;              // the seed project, "seed 003 (Keras)"
  double published = 0;            // percent, as published
  std::vector<std::string> recipe_deviations;  // empty: trained the published recipe
  std::optional<stats::Summary> ours;  // test accuracy (fraction) over completed seeds
  std::optional<stats::FidelityVerdict> verdict;
};

// Expected best accuracy against the number of runs (Dodge et al. 2019) for one experiment:
// expected[k - 1] is E[max over k runs drawn from its completed runs] (stats/expected_max.h).
struct BudgetCurve {
  std::string experiment;
  std::string metric;  // "validation", or "test" when no run has a validation split
  std::vector<double> expected;
};

// The comparison plots (plot_select.h), each per experiment in creation order.

struct VariantSeries {  // one variant's curves over its completed seeds
  size_t variant = 0;   // index into ReportData::leaderboard
  std::vector<VariantEpoch> epochs;  // mean, min-max band and n per epoch (one seed: its run)
};

struct CurveOverlay {  // every variant of an experiment that has a completed run, by rank
  std::string experiment;
  std::string split;  // "validation", or "test" when no completed run has a validation split
  std::vector<VariantSeries> variants;
};

struct HyperparameterHeatMap {  // one model, two of its varying numeric settings
  std::string experiment, model, key_x, key_y;
  HeatMapGrid grid;  // each cell: the mean final test accuracy of its completed runs
};

struct ParetoSet {  // test accuracy against cost, over an experiment's variants
  std::string experiment;
  std::vector<size_t> variants;  // leaderboard indices with a mean test accuracy, by rank
  // Parallel to variants: on the front against parameters / seconds per epoch; none where the
  // variant lacks that cost (parameters unknown, no epoch timed).
  std::vector<std::optional<bool>> on_front_params, on_front_seconds;
};

// The most runs a parallel-coordinates plot draws; beyond it, a sample spread over the ranks.
constexpr size_t kMaxParallelLines = 2000;

// One line per completed run with a test accuracy; above kMaxParallelLines such runs, that many
// spread evenly over their test-accuracy ranks (the best and the worst included), in id order.
struct ParallelCoordinates {
  std::string experiment;
  size_t total_runs = 0;  // the experiment's completed runs with a test accuracy
  // The model (when the experiment has several), each varying setting in label order, then the
  // final "val_accuracy" (when any run has a validation split) and "test_accuracy".
  std::vector<ParallelAxis> axes;
  std::vector<size_t> runs;  // the runs drawn: indices into ReportData::runs
  std::vector<std::vector<std::optional<AxisValue>>> values;  // [run][axis]
};

struct ReportData {
  std::string db_path, generated_at;
  std::vector<std::string> experiments;  // in creation order
  std::vector<std::string> environment;  // "cpu, torch 1.13.1, 2 threads, git abc (4 runs)"
  std::vector<std::string> eval_sets;    // union over the report's runs
  std::vector<VariantRow> leaderboard;   // per experiment, by rank (unranked last)
  std::vector<RunSummaryRow> runs;       // every run, by id
  std::vector<size_t> variant_of_run;    // parallel to runs: an index into leaderboard
  std::vector<size_t> unfinished;        // indices into runs: status != completed
  std::vector<BestConfig> best_configs;
  std::vector<Comparison> comparisons;
  std::vector<LearningCurve> curves;
  std::vector<ModelBestRun> best_runs;
  std::vector<FidelityRow> fidelity;  // seed models only, published recipe first per model
  std::vector<BudgetCurve> budgets;   // per experiment with a completed run, in creation order
  std::vector<CurveOverlay> overlays;               // experiments with two or more such variants
  std::vector<HyperparameterHeatMap> heat_maps;     // models with two or more varying numbers
  std::vector<ParetoSet> pareto;                    // experiments with two or more such variants
  std::vector<ParallelCoordinates> parallel;        // experiments with a varying setting
  // The raced variants of the experiments with race rounds (harness/results/race_standings.h;
  // each `variant` an index into leaderboard), and those experiments' alpha; empty without one.
  std::vector<RaceStanding> race;
  std::map<std::string, double> race_alpha;  // by experiment
};

ReportData LoadReport(StoreReader& results, const ReportOptions& options);

}  // namespace mnb

#endif  // MNISTBENCH_REPORTS_DATA_REPORT_DATA_H_
