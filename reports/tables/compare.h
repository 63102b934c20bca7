// `mnistbench compare A B`: is B really better than A? Two variants (or runs) of a results
// database side by side with the statistics a careful comparison needs.
//
// Contract: A and B are each a run id, a run key, a variant label or a model with one variant
// (a run is a one-seed sample); an unknown or ambiguous name, or one without a completed run,
// throws mnb::Error kBadInput. LoadComparison reads one snapshot and the bootstrap has a fixed
// seed, so one database gives the same output every time; the renderers only format.
// What is computed: docs/reports.md "Is A really better than B? `mnistbench compare`".
#ifndef MNISTBENCH_REPORTS_TABLES_COMPARE_H_
#define MNISTBENCH_REPORTS_TABLES_COMPARE_H_

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "harness/stats/improvement.h"
#include "harness/stats/mcnemar.h"
#include "harness/stats/welch.h"
#include "harness/results/result_set.h"
#include "reports/tables/tables.h"

namespace mnb {

struct CompareSide {
  std::string name;   // as the user gave it
  std::string title;  // "lenet5 batch_size=64 (quickstart)", "run 12: lenet5, seed 1 (quickstart)"
  std::string experiment, dataset;
  std::vector<int64_t> run_ids, seeds;  // completed runs with a test accuracy
  std::vector<double> test_accuracies;  // parallel to run_ids
  std::optional<stats::Summary> summary;
};

struct SeedPairTest {  // McNemar on the test set: one run of A against one run of B
  int64_t run_a = 0, run_b = 0, seed_a = 0, seed_b = 0;
  stats::McNemarResult result;
};

// Seeds per side a two-sided Welch test at alpha 0.05 needs for 80% power (stats/power.h), from
// the two sides' observed sample stds; none where no number of seeds up to 10,000 suffices or
// the difference is 0.
struct SeedsPlan {
  double min_effect = 0;                   // the stated difference, accuracy fraction
  double power_at_min_effect = 0;          // with the seeds A and B have now
  std::optional<int> needed_for_observed;  // to separate the observed difference
  std::optional<int> needed_for_min_effect;
};

struct CompareData {
  std::string db_path;
  CompareSide a, b;
  std::optional<stats::WelchResult> welch;          // A minus B
  std::optional<SeedsPlan> seeds;                   // where welch is (2 seeds a side)
  std::optional<stats::ImprovementResult> improvement;
  std::vector<SeedPairTest> mcnemar;
  std::string mcnemar_note;  // why `mcnemar` is empty
};

// What a user names, tried in this order: a run id ("12" or "run 12"), a run key, a variant label
// exactly as the leaderboard shows it ("lenet5 batch_size=64"), a model with exactly one variant.
CompareSide ResolveSide(const ResultSet& set, const std::string& name);

// A minus B over completed seeds' final test accuracies: each side's summary, Welch (2 seeds a
// side), the seeds plan for `min_effect` (an accuracy fraction, > 0) and P(A > B).
CompareData LoadComparison(StoreReader& results, const std::string& a, const std::string& b,
                           const std::vector<std::string>& experiments,
                           double min_effect = kVsBestMinEffect);

// McNemar's exact test per seed pair on the test split at the final epoch, given the split's
// labels in dataset order: pairs matched by seed where A and B share seeds, else every pair (at
// most 100). A run without stored predictions, or whose predictions do not have one byte per
// label, leaves `mcnemar` empty and says why in `mcnemar_note`.
void AddMcNemar(StoreReader& results, const std::vector<uint8_t>& test_labels, CompareData* data);

// The comparison's verdict, as the leaderboard words it: "differ" (Welch p < 0.05), "equal"
// (p >= 0.05 with 80% power for min_effect), "undecided" (p >= 0.05 with less), "too few seeds".
std::string CompareVerdict(const CompareData& data);
// The comparison's tables as display text, shared by the Markdown renderer here and the HTML one
// (compare_html.h): the two sides, the statistics of A minus B, McNemar per seed pair.
TextTable CompareSidesTable(const CompareData& data);
TextTable CompareStatsTable(const CompareData& data);
TextTable McNemarTable(const CompareData& data);

std::string RenderCompareMarkdown(const CompareData& data);
std::string RenderCompareCsv(const CompareData& data);   // one row per statistic
std::string RenderCompareJson(const CompareData& data);

}  // namespace mnb

#endif  // MNISTBENCH_REPORTS_TABLES_COMPARE_H_
