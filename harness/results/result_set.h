// A results database read as variants: its runs (store rows) grouped into variants with their
// labels, statistics and ranks, defined once here for every reader (reports, check, compare,
// seeds, serve).
//
// Contract: ReadResultSet reads through the store's one reader (harness/store/reader.h) and
// builds the variants with VariantBuilder (variants.h); statistics are harness/stats'. An
// unknown experiment name is BadInput naming the database and the experiments it holds.
#ifndef MNISTBENCH_HARNESS_RESULTS_RESULT_SET_H_
#define MNISTBENCH_HARNESS_RESULTS_RESULT_SET_H_

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "harness/stats/gate.h"
#include "harness/store/reader.h"
#include "harness/store/rows.h"

namespace mnb {

// The difference the leaderboard's "≈ best" vouches for: one accuracy point (as a fraction). Below
// 80% power for it, a variant the test cannot separate from the best is "undecided".
constexpr double kVsBestMinEffect = 0.01;

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

// The runs and variants of some experiments, read in one go (StoreReader::Read).
struct ResultSet {
  std::vector<std::string> experiments;  // in creation order
  std::vector<RunRow> runs;              // by id
  std::vector<Variant> variants;         // per experiment, by rank (unranked last, by first run)
  std::vector<size_t> variant_of_run;    // parallel to runs: an index into variants
  std::vector<std::string> eval_sets;    // every final-epoch eval set of these runs, sorted
};

// Runs and their variants: statistics, best epochs, ranks and labels, of the experiments
// `wanted` (creation order; empty: all).
ResultSet ReadResultSet(StoreReader& reader, const std::vector<std::string>& wanted);

}  // namespace mnb

#endif  // MNISTBENCH_HARNESS_RESULTS_RESULT_SET_H_
