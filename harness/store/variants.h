// Variants: what one is, what it is called, and its seeds' statistics, defined here once for
// every reader (reports, check, and whatever reads results next).
//
// Contract: a variant is an experiment's runs that share variant_config, the run's config_json
// without `seed`, `threads` and `device` (VariantConfigJson here; the run_summary view spells the
// same in SQL): runs that differ only by seed or by where they ran. Its label is the model name
// plus the settings that vary between that model's variants in the same experiment, zoo options
// first, then in the order a reader thinks of them ("lenet5 batch_size=64",
// "lenet5 activation=tanh conv4=50"). Statistics cover completed runs only and follow the
// `leaderboard` view (harness/store/schema.cc): a mean skips missing values (as SQL AVG does)
// and adds in the order given; the std is the sample std (n - 1) in two passes (no one-pass
// cancellation), absent below two values. Ranks are SQL RANK over the mean test accuracy per
// experiment. Each variant also carries its seeds' test accuracies, their 95% Student-t interval
// (as the variant_stats view) and its standing against the best variant of its experiment and
// dataset (stats::CompareWithBest: Welch, Holm-corrected, alpha 0.05). test_results.cc holds
// these equal to the views.
#ifndef MNISTBENCH_HARNESS_STORE_VARIANTS_H_
#define MNISTBENCH_HARNESS_STORE_VARIANTS_H_

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "harness/store/result_rows.h"

namespace mnb {

// A mean that skips missing values, summing in the order values arrive.
class RunningMean {
 public:
  void Add(double x) { sum_ += x, ++n_; }
  void Add(const std::optional<double>& x) {
    if (x) Add(*x);
  }
  int64_t count() const { return n_; }
  std::optional<double> Value() const {
    return n_ > 0 ? std::optional<double>(sum_ / static_cast<double>(n_)) : std::nullopt;
  }

 private:
  double sum_ = 0;
  int64_t n_ = 0;
};

// One metric over a variant's seeds.
struct SeedStats {
  int64_t n = 0;
  std::optional<double> mean, std, min, max;  // std: sample std, only for n >= 2
};
SeedStats Summarize(const std::vector<double>& values);

// config_json without its seed and execution fields (seed, threads, device).
std::string VariantConfigJson(const std::string& config_json);

// One setting of a variant's configuration: `text` as its label writes it ("0.001", "tanh"),
// `number` the exact value when the setting is a JSON number (none for text, lists, objects).
struct VariantSetting {
  std::string name, text;
  std::optional<double> number;
};
// variant_config flattened to its settings in the order its label names them: zoo options
// first, then the order a reader thinks of them (lr before batch_size), anything else
// alphabetically; the training profile (init, adam_eps, input_scale) filled in at its default
// where the config leaves it out. Labels and the report's plots read settings through this one
// function, so a plot's axis is the key its label names. Not an object: no settings.
std::vector<VariantSetting> VariantSettings(const std::string& variant_config);

// Labels for one experiment's variants, given as (model, variant_config), in the same order.
std::vector<std::string> VariantLabels(
    const std::vector<std::pair<std::string, std::string>>& variants);

// Builds the variants of some experiments' runs: groups them, then takes the per-epoch and
// final-eval values the reader scans from the store (in the order the store yields them, which
// is the order they are added up in), then ranks and labels.
class VariantBuilder {
 public:
  // `runs` by id, each in one of `experiments` (creation order).
  VariantBuilder(const std::vector<RunResult>& runs, const std::vector<std::string>& experiments);

  // One epoch of runs[run]: its validation accuracy, else its test accuracy.
  void AddCurvePoint(size_t run, int64_t epoch, const std::optional<double>& accuracy);
  // One final-epoch evaluation of runs[run].
  void AddFinalEval(size_t run, const std::string& eval_set, double accuracy);

  // Fills set->variants (per experiment, by rank), set->variant_of_run and each run's label.
  void Finish(ResultSet* set);

 private:
  void SummarizeSeeds();
  std::vector<size_t> RankOrder() const;

  const std::vector<RunResult>& runs_;
  std::map<std::string, size_t> experiment_order_;
  std::vector<Variant> variants_;
  std::vector<size_t> variant_of_run_;
  std::vector<std::map<int64_t, RunningMean>> curve_;               // by variant, epoch
  std::vector<std::map<std::string, RunningMean>> eval_means_;      // by variant, eval set
};

}  // namespace mnb

#endif  // MNISTBENCH_HARNESS_STORE_VARIANTS_H_
