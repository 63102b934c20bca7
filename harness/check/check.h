// The accuracy gate: an experiment's results against its expectations and a baseline.
//
// Contract: one "completed" row per variant (a missing or unfinished run is a failure, never a
// pass), one per expectation and, given a baseline, one against it (a tolerance, or a one-sided
// Welch test); a variant the baseline does not know is new, not failed. The leaderboard's mark
// against the best is information only: it never decides a verdict. Bad flags and baseline files
// throw mnb::Error kBadInput; the store's errors pass through. No torch here.
// How each row is decided: docs/check.md "How the rows are decided".
#ifndef MNISTBENCH_HARNESS_CHECK_CHECK_H_
#define MNISTBENCH_HARNESS_CHECK_CHECK_H_

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "harness/check/baseline_csv.h"
#include "harness/config/experiment.h"
#include "harness/results/result_set.h"
#include "harness/store/reader.h"

namespace mnb {

struct VariantResult {
  std::string key;        // VariantKey
  std::string model_key;  // the model apart from its training settings (name, options, data)
  std::string label;  // as `report` labels it (harness/results/variants.h): "lenet5 batch_size=64"
  size_t block = 0;   // [[model]] block in the experiment
  int64_t planned = 0, completed = 0;
  std::vector<std::string> unfinished;  // "run 7: running (epoch 2/5)", "seed 3: not in the DB"
  std::vector<double> test_accuracy;    // fractions, completed runs only
  std::vector<double> test_loss;
  std::vector<double> seconds_per_epoch;
  // The variant as the leaderboard reads it (ReadResultSet over the experiment): the one holding
  // the first of its planned runs found in the store. None when the store holds none of them.
  std::optional<Variant> leaderboard;
};

// Every variant of the plan (runs that differ only by seed: VariantKey) with its runs' final-epoch
// metrics, a run found under its CPU key or, failing that, its CUDA key (a sweep on a GPU: plan.h).
std::vector<VariantResult> CollectResults(StoreReader& reader, const Experiment& experiment,
                                          const Plan& plan);

// From a results DB (the experiment of that name, completed runs) or a CSV written by
// WriteBaselineCsv (baseline_csv.h). Throws mnb::Error kBadInput naming the file; the store's
// errors pass through.
Baseline LoadBaseline(const std::string& path, const std::string& experiment_name);
Baseline BaselineFromResults(const std::vector<VariantResult>& results);

struct Tolerance {
  enum class Kind { kPoints, kStdDevs } kind = Kind::kPoints;
  double value = 0.5;
  // --significance ALPHA: judge the baseline row by stats::RegressionGate instead (a one-sided
  // Welch test against the baseline's mean minus min_effect); `kind`/`value` then decide only
  // where either side has fewer than two seeds, and the row says so.
  std::optional<double> significance;
  double min_effect = 0;  // a fraction (0.002 = 0.2 pp)
};
// "0.5pp", "0.5" (points) or "2sd"; throws a bad-input Error.
Tolerance ParseTolerance(const std::string& text);
// --significance and --min-effect ("0.2pp" or "0.2", points) onto `tolerance`; alpha must lie in
// (0, 0.5). Throws a bad-input Error naming the flag.
void SetSignificance(double alpha, const std::string& min_effect, Tolerance* tolerance);

struct CheckRow {
  std::string variant, check, expected, got, delta;
  enum class Verdict { kPass, kFail, kNew } verdict = Verdict::kPass;
  std::string detail;  // why, for failures
  // The variant's leaderboard row (VariantResult::leaderboard), set on its "completed" row only,
  // for its vs-best mark: information beside the verdicts, never one of them.
  std::optional<Variant> leaderboard;
};

// Per variant its "completed" row, one per expectation (against the mean over seeds) and, given
// a baseline, one against its entry: the variant's own, else the one entry of the same model.
std::vector<CheckRow> Evaluate(const Experiment& experiment,
                               const std::vector<VariantResult>& results,
                               const std::optional<Baseline>& baseline, const Tolerance& tolerance);

// The rows are rendered by reports/tables/check_report.h.
bool AllPassed(const std::vector<CheckRow>& rows);

}  // namespace mnb

#endif  // MNISTBENCH_HARNESS_CHECK_CHECK_H_
