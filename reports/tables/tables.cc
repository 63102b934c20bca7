#include "reports/tables/tables.h"

#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <set>

#include "reports/format/text_format.h"

namespace mnb {

namespace {

std::string OptionalCount(const std::optional<int64_t>& value) {
  return value ? fmt::format("{}", *value) : kMissing;
}

std::string Options(const VariantRow& v) {
  std::string out;
  if (!v.layers.empty()) out = v.layers;
  if (!v.model_options.empty() && v.model_options != "{}") {
    out += (out.empty() ? "" : "; ") + v.model_options;
  }
  return out.empty() ? kMissing : out;
}

const char* const kAccuracyHeader = "test acc % (mean \xC2\xB1 std [95% CI])";

}  // namespace

const char* const kAccuracyNote =
    "Accuracies are percentages: mean \xC2\xB1 sample std [95% Student-t confidence interval] over "
    "a variant's completed seeds (n); a variant is an experiment's runs that differ only by seed. "
    "Vs best: each variant against the best of its experiment and dataset, a two-sided Welch test "
    "Holm-corrected over the variants compared (p is the corrected one, \xCE\xB1 = 0.05): below "
    "means the seeds separate the two; \xE2\x89\x88 best means they do not, although they had 80% "
    "power to see a difference of one point; undecided means they do not and had less power than "
    "that, so more seeds are needed (~N each would separate the difference observed: two-sided "
    "Welch, 80% power, noncentral t). Fewer than two seeds on either side is too few seeds, never "
    "a tie. Best epoch: where the seeds' mean validation accuracy peaks.";

std::string AccuracyMeanStd(const VariantRow& v) {
  if (!v.test_accuracy_mean) return kMissing;
  if (!v.test_accuracy_std) return Percent(v.test_accuracy_mean);
  std::string text = Percent(v.test_accuracy_mean) + " \xC2\xB1 " + Percent(v.test_accuracy_std);
  if (v.test_accuracy_ci_low && v.test_accuracy_ci_high) {
    text += fmt::format(" [{}, {}]", Percent(v.test_accuracy_ci_low), Percent(v.test_accuracy_ci_high));
  }
  return text;
}

std::string VsBestText(const VariantRow& v) {
  if (!v.vs_best) return kMissing;
  switch (*v.vs_best) {
    case stats::Standing::kBest: return "best";
    case stats::Standing::kIndistinguishable:
      return "\xE2\x89\x88 best (" + PText(v.vs_best_p_adjusted) + ")";
    case stats::Standing::kUndecided:
      return v.vs_best_seeds_needed
                 ? fmt::format("undecided ({}, n={}, ~{} seeds each)", PText(v.vs_best_p_adjusted),
                               v.n, *v.vs_best_seeds_needed)
                 : fmt::format("undecided ({}, n={})", PText(v.vs_best_p_adjusted), v.n);
    case stats::Standing::kDistinguishable: return "below (" + PText(v.vs_best_p_adjusted) + ")";
    case stats::Standing::kTooFewSeeds: return "too few seeds";
  }
  return kMissing;
}

std::vector<std::string> EvalSetsOf(const ReportData& data, const std::string& experiment) {
  std::set<std::string> sets;
  for (const VariantRow& v : data.leaderboard) {
    if (v.experiment != experiment) continue;
    for (const auto& [set, value] : v.eval_accuracy_mean) sets.insert(set);
  }
  return {sets.begin(), sets.end()};
}

std::string StatusCounts(const std::vector<RunSummaryRow>& runs, const std::string& experiment) {
  std::map<std::string, int64_t> counts;
  for (const RunSummaryRow& r : runs) {
    if (r.experiment == experiment) ++counts[r.status];
  }
  std::string text;
  for (const auto& [status, n] : counts) {
    text += fmt::format("{}{} {}", text.empty() ? "" : ", ", n, status);
  }
  return text;
}

TextTable SummaryTable(const ReportData& data) {
  TextTable t{{"", ""}, {false, false}, {}};
  t.rows.push_back({"database", data.db_path});
  for (const std::string& e : data.experiments) {
    const int64_t total = std::count_if(data.runs.begin(), data.runs.end(),
                                        [&](const RunSummaryRow& r) { return r.experiment == e; });
    const std::string detail = StatusCounts(data.runs, e);
    t.rows.push_back({"experiment", fmt::format("{} ({} run{}{}{})", e, total,
                                                total == 1 ? "" : "s", detail.empty() ? "" : ": ",
                                                detail)});
  }
  t.rows.push_back({"generated", data.generated_at});
  for (const std::string& env : data.environment) t.rows.push_back({"environment", env});
  if (data.environment.empty()) t.rows.push_back({"environment", "no run has started yet"});
  return t;
}

TextTable LeaderboardTable(const ReportData& data, const std::string& experiment) {
  const std::vector<std::string> sets = EvalSetsOf(data, experiment);
  TextTable t;
  t.header = {"rank", "variant", "dataset", "n", kAccuracyHeader, "vs best", "best epoch",
              "val acc %", "test loss", "params", "epochs", "s/epoch", "samples/s"};
  t.right = {true, false, false, true, true, false, true, true, true, true, true, true, true};
  for (const std::string& s : sets) {
    t.header.push_back(s + " acc %");
    t.right.push_back(true);
  }
  t.header.push_back("status");
  t.right.push_back(false);
  for (const VariantRow& v : data.leaderboard) {
    if (v.experiment != experiment) continue;
    std::vector<std::string> row = {OptionalCount(v.rank),
                                    v.label,
                                    v.dataset,
                                    fmt::format("{}", v.n),
                                    AccuracyMeanStd(v),
                                    VsBestText(v),
                                    OptionalCount(v.best_epoch),
                                    Percent(v.val_accuracy_mean),
                                    Fixed(v.test_loss_mean, 4),
                                    Grouped(v.params),
                                    fmt::format("{}", v.epochs),
                                    Fixed(v.seconds_per_epoch, 2),
                                    v.samples_per_second ? Grouped(static_cast<int64_t>(
                                                               *v.samples_per_second + 0.5))
                                                         : kMissing};
    for (const std::string& s : sets) {
      const auto found = v.eval_accuracy_mean.find(s);
      row.push_back(found != v.eval_accuracy_mean.end() ? Percent(found->second) : kMissing);
    }
    row.push_back(v.StatusText());
    t.rows.push_back(std::move(row));
  }
  return t;
}

TextTable BestConfigTable(const ReportData& data) {
  TextTable t;
  t.header = {"experiment", "model",  "best variant", "rank", kAccuracyHeader, "n",
              "optimizer",  "loss",   "lr",           "batch", "epochs",   "layers / options"};
  t.right = {false, false, false, true, true, true, false, false, true, true, true, false};
  for (const BestConfig& b : data.best_configs) {
    const VariantRow& v = data.leaderboard[b.variant];
    t.rows.push_back({v.experiment, v.model, v.label, OptionalCount(v.rank), AccuracyMeanStd(v),
                      fmt::format("{}", v.n), v.optimizer, v.loss, fmt::format("{:g}", v.lr),
                      fmt::format("{}", v.batch_size), fmt::format("{}", v.epochs), Options(v)});
  }
  return t;
}

TextTable ComparisonTable(const ReportData& data, const Comparison& comparison) {
  TextTable t;
  t.header = {"variant", "n", kAccuracyHeader, "Δ vs baseline (pp)", "Δ 95% CI (pp)", "p",
              "val acc %", "test loss", "params", "s/epoch", "status"};
  t.right = {false, true, true, true, true, true, true, true, true, true, false};
  const VariantRow& base = data.leaderboard[comparison.baseline];
  for (size_t k = 0; k < comparison.variants.size(); ++k) {
    const size_t j = comparison.variants[k];
    const VariantRow& v = data.leaderboard[j];
    std::string delta = kMissing, interval = kMissing, p = kMissing;
    if (j == comparison.baseline) {
      delta = "baseline";
    } else if (v.test_accuracy_mean && base.test_accuracy_mean) {
      delta = fmt::format("{:+.2f}", 100.0 * (*v.test_accuracy_mean - *base.test_accuracy_mean));
    }
    if (const auto& welch = comparison.vs_baseline[k]) {
      interval = fmt::format("[{:+.2f}, {:+.2f}]", 100.0 * welch->ci.low, 100.0 * welch->ci.high);
      p = PValue(welch->p_two_sided);
    } else if (j != comparison.baseline && v.n > 0) {
      interval = "too few seeds";
    }
    t.rows.push_back({v.label, fmt::format("{}", v.n), AccuracyMeanStd(v), delta, interval, p,
                      Percent(v.val_accuracy_mean), Fixed(v.test_loss_mean, 4), Grouped(v.params),
                      Fixed(v.seconds_per_epoch, 2), v.StatusText()});
  }
  return t;
}

TextTable UnfinishedTable(const ReportData& data, int max_rows) {
  TextTable t;
  t.header = {"run", "experiment", "variant", "seed", "status", "epochs done", "last test acc %",
              "error"};
  t.right = {true, false, false, true, false, true, true, false};
  for (size_t i = 0; i < data.unfinished.size() && static_cast<int>(i) < max_rows; ++i) {
    const RunSummaryRow& r = data.runs[data.unfinished[i]];
    t.rows.push_back({fmt::format("{}", r.run_id), r.experiment, r.label,
                      fmt::format("{}", r.seed), r.status,
                      fmt::format("{}/{}", r.epochs_done, r.epochs), Percent(r.test_accuracy),
                      r.error.empty() ? kMissing : r.error});
  }
  return t;
}

TextTable CurveTable(const LearningCurve& curve, const std::vector<std::string>& eval_sets) {
  TextTable t;
  t.header = {"epoch", "train loss", "train acc %", "val loss", "val acc %", "test loss",
              "test acc %"};
  for (const std::string& s : eval_sets) t.header.push_back(s + " acc %");
  t.header.insert(t.header.end(), {"lr", "seconds"});
  t.right.assign(t.header.size(), true);
  for (const EpochRow& e : curve.epochs) {
    std::vector<std::string> row = {fmt::format("{}", e.epoch), Fixed(e.train_loss, 4),
                                    Percent(e.train_accuracy),  Fixed(e.val_loss, 4),
                                    Percent(e.val_accuracy),    Fixed(e.test_loss, 4),
                                    Percent(e.test_accuracy)};
    for (const std::string& s : eval_sets) {
      const auto found = e.eval_accuracy.find(s);
      row.push_back(found != e.eval_accuracy.end() ? Percent(found->second) : kMissing);
    }
    row.push_back(e.lr ? fmt::format("{:g}", *e.lr) : kMissing);
    row.push_back(Fixed(e.seconds, 2));
    t.rows.push_back(std::move(row));
  }
  return t;
}

TextTable ConfusionTable(const ModelBestRun& best) {
  TextTable t;
  t.header = {"true \\ predicted"};
  for (size_t p = 0; p < best.confusion.size(); ++p) t.header.push_back(fmt::format("{}", p));
  t.right.assign(t.header.size(), true);
  for (size_t r = 0; r < best.confusion.size(); ++r) {
    std::vector<std::string> row = {fmt::format("{}", r)};
    for (int64_t n : best.confusion[r]) row.push_back(fmt::format("{}", n));
    t.rows.push_back(std::move(row));
  }
  return t;
}

TextTable ClassTable(const ModelBestRun& best) {
  TextTable t{{"class", "precision %", "recall %", "F1 %", "support"}, {true, true, true, true, true},
              {}};
  for (const ClassRow& c : best.classes) {
    t.rows.push_back({fmt::format("{}", c.label), Percent(c.precision), Percent(c.recall),
                      Percent(c.f1), fmt::format("{}", c.support)});
  }
  return t;
}

std::string CurveTitle(const LearningCurve& curve) {
  return fmt::format("run {}: {}, seed {} ({}), test {}%", curve.run.run_id, curve.run.label,
                     curve.run.seed, curve.run.experiment, Percent(curve.run.test_accuracy));
}

std::string BestRunTitle(const ModelBestRun& best) {
  return fmt::format("{} ({}): run {}, seed {}, test {}%", best.run.label, best.run.experiment,
                     best.run.run_id, best.run.seed, Percent(best.run.test_accuracy));
}

const char* const kBudgetNote =
    "Expected best accuracy of k runs drawn at random from an experiment's completed runs "
    "(Dodge et al. 2019, exact): how much a search of k runs buys, and where more runs stop "
    "paying. Each run counts with its best-epoch validation accuracy, or its best test accuracy "
    "when the experiment has no validation split (then the curve is optimistic).";

TextTable BudgetTable(const BudgetCurve& curve) {
  TextTable t;
  t.header = {"runs (k)", fmt::format("expected best {} acc %", curve.metric)};
  t.right = {true, true};
  const size_t n = curve.expected.size();
  // k = 1..5, every 5th up to 100, then 1-2-5 steps (200, 500, 1000, ...), and n: a table a
  // reader scans, not 20,000 rows for a 100,000-run sweep.
  const auto listed = [](size_t k) {
    if (k <= 100) return k <= 5 || k % 5 == 0;
    size_t decade = 100;
    while (decade * 10 <= k) decade *= 10;
    return k == decade || k == 2 * decade || k == 5 * decade;
  };
  for (size_t k = 1; k <= n; ++k) {
    if (listed(k) || k == n) t.rows.push_back({fmt::format("{}", k), Percent(curve.expected[k - 1])});
  }
  return t;
}

std::string BudgetTitle(const BudgetCurve& curve) {
  return fmt::format("{}: expected best {} accuracy of k runs", curve.experiment, curve.metric);
}

}  // namespace mnb
