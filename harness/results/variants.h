// Variants: what one is, what it is called, and its seeds' statistics, defined here once for
// every reader (reports, check, and whatever reads results next).
//
// Contract: a variant is an experiment's runs that share variant_config, the run's config_json
// without `seed`, `threads`, `device` and a race's settings (VariantConfigJson here; the run_summary view spells the
// same in SQL): runs that differ only by seed or by where they ran. Its label is the model name
// plus the settings that vary between that model's variants in the same experiment, zoo options
// first, then in the order a reader thinks of them ("lenet5 batch_size=64",
// "lenet5 activation=tanh conv4=50"). Statistics cover completed runs only and are
// harness/stats' (SummarizeAccuracies; other means skip missing values, as SQL AVG does); the
// std is absent below two seeds. Ranks are SQL RANK over the mean test accuracy per experiment.
// Each variant also carries its standing against the best variant of its experiment and
// dataset (stats::CompareWithBest). The views leaderboard and variant_stats give the same
// numbers (test_results.cc).
#ifndef MNISTBENCH_HARNESS_RESULTS_VARIANTS_H_
#define MNISTBENCH_HARNESS_RESULTS_VARIANTS_H_

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "harness/results/result_set.h"
#include "harness/stats/summary.h"

namespace mnb {

// config_json without its seed, execution and seed-policy fields (seed, threads, device, search,
// race).
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
  VariantBuilder(const std::vector<RunRow>& runs, const std::vector<std::string>& experiments);

  // One epoch of runs[run]: its validation accuracy, else its test accuracy.
  void AddCurvePoint(size_t run, int64_t epoch, const std::optional<double>& accuracy);
  // One final-epoch evaluation of runs[run].
  void AddFinalEval(size_t run, const std::string& eval_set, double accuracy);

  // Fills set->variants (per experiment, by rank), set->variant_of_run and each run's label.
  void Finish(ResultSet* set);

 private:
  void SummarizeSeeds();
  std::vector<size_t> RankOrder() const;

  const std::vector<RunRow>& runs_;
  std::map<std::string, size_t> experiment_order_;
  std::vector<Variant> variants_;
  std::vector<size_t> variant_of_run_;
  std::vector<std::map<int64_t, stats::RunningMean>> curve_;               // by variant, epoch
  std::vector<std::map<std::string, stats::RunningMean>> eval_means_;      // by variant, eval set
};

}  // namespace mnb

#endif  // MNISTBENCH_HARNESS_RESULTS_VARIANTS_H_
