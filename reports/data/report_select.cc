#include "reports/data/report_select.h"

#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <stdexcept>
#include <utility>

#include "harness/base/error.h"
#include "harness/stats/expected_max.h"
#include "harness/stats/welch.h"

namespace mnb {

namespace {

using ModelKey = std::pair<std::string, std::string>;  // (experiment, model)

// Per (experiment, model): the index of its first (top-ranked) leaderboard row.
std::map<ModelKey, size_t> FirstVariantOfModel(const ReportData& data) {
  std::map<ModelKey, size_t> first;
  for (size_t i = 0; i < data.leaderboard.size(); ++i) {
    first.emplace(ModelKey(data.leaderboard[i].experiment, data.leaderboard[i].model), i);
  }
  return first;
}

// Puts `baseline` first, the others staying in leaderboard (rank) order.
void BaselineFirst(std::vector<size_t>& members, size_t baseline) {
  members.erase(std::remove(members.begin(), members.end(), baseline), members.end());
  members.insert(members.begin(), baseline);
}

// Per experiment, the leaderboard row `baseline` names: a label, else a model's first variant.
std::map<std::string, size_t> BaselineOf(const ReportData& data, const std::string& baseline) {
  std::map<std::string, size_t> found;
  for (size_t j = 0; j < data.leaderboard.size(); ++j) {
    if (data.leaderboard[j].label == baseline) found.emplace(data.leaderboard[j].experiment, j);
  }
  for (size_t j = 0; j < data.leaderboard.size(); ++j) {
    const VariantRow& v = data.leaderboard[j];
    if (v.model != baseline) continue;
    auto [it, inserted] = found.emplace(v.experiment, j);
    if (!inserted && data.leaderboard[it->second].label != baseline &&
        v.first_run_id < data.leaderboard[it->second].first_run_id) {
      it->second = j;
    }
  }
  if (found.empty()) {
    std::string labels;
    for (const VariantRow& v : data.leaderboard) labels += (labels.empty() ? "" : "; ") + v.label;
    throw BadInput(fmt::format(
        "--baseline '{}': no variant label or model of that name in the report (variants: {})",
        baseline, labels.empty() ? "none" : labels));
  }
  return found;
}

void CompareWithBaseline(const std::string& baseline, ReportData& data) {
  const std::map<std::string, size_t> baseline_of = BaselineOf(data, baseline);
  for (const std::string& experiment : data.experiments) {
    const auto it = baseline_of.find(experiment);
    if (it == baseline_of.end()) continue;
    Comparison c;
    c.experiment = experiment;
    c.baseline = it->second;
    c.title =
        fmt::format("{}: variants against {}", experiment, data.leaderboard[it->second].label);
    for (size_t j = 0; j < data.leaderboard.size(); ++j) {
      if (data.leaderboard[j].experiment == experiment) c.variants.push_back(j);
    }
    BaselineFirst(c.variants, c.baseline);
    data.comparisons.push_back(std::move(c));
  }
}

// Each model with several variants: all of them against its first (lowest first run id).
void CompareWithinModels(ReportData& data) {
  std::map<ModelKey, std::vector<size_t>> groups;
  std::vector<ModelKey> order;
  for (size_t j = 0; j < data.leaderboard.size(); ++j) {
    const ModelKey key(data.leaderboard[j].experiment, data.leaderboard[j].model);
    if (groups[key].empty()) order.push_back(key);
    groups[key].push_back(j);
  }
  for (const ModelKey& key : order) {
    std::vector<size_t>& members = groups[key];
    if (members.size() < 2) continue;
    size_t baseline = members.front();
    for (size_t j : members) {
      if (data.leaderboard[j].first_run_id < data.leaderboard[baseline].first_run_id) baseline = j;
    }
    Comparison c;
    c.experiment = key.first;
    c.baseline = baseline;
    c.title = fmt::format("{}: {} variants against {}", key.first, key.second,
                          data.leaderboard[baseline].label);
    c.variants = members;
    BaselineFirst(c.variants, baseline);
    data.comparisons.push_back(std::move(c));
  }
}

// Keeps in `best[key]` the run with the highest test accuracy (the first on ties); true when
// `key` is new.
template <typename Key>
bool KeepBest(std::map<Key, size_t>& best, const Key& key, size_t run, const ReportData& data) {
  auto [it, inserted] = best.emplace(key, run);
  if (!inserted && *data.runs[run].test_accuracy > *data.runs[it->second].test_accuracy) {
    it->second = run;
  }
  return inserted;
}

bool Rankable(const RunSummaryRow& r) { return r.completed() && r.test_accuracy.has_value(); }

}  // namespace

void SelectBestConfigs(ReportData& data) {
  for (const auto& [key, first] : FirstVariantOfModel(data)) data.best_configs.push_back({first});
  std::sort(data.best_configs.begin(), data.best_configs.end(),
            [](const BestConfig& a, const BestConfig& b) { return a.variant < b.variant; });
}

void SelectBestRuns(StoreReader& results, ReportData& data) {
  const std::map<ModelKey, size_t> first_variant = FirstVariantOfModel(data);
  std::map<ModelKey, size_t> best_run;
  std::vector<ModelKey> order;
  for (size_t i = 0; i < data.runs.size(); ++i) {
    const RunSummaryRow& r = data.runs[i];
    if (!Rankable(r)) continue;
    const ModelKey key(r.experiment, r.model);
    if (KeepBest(best_run, key, i, data)) order.push_back(key);
  }
  std::sort(order.begin(), order.end(), [&](const ModelKey& a, const ModelKey& b) {
    return first_variant.at(a) < first_variant.at(b);  // leaderboard order
  });
  for (const ModelKey& key : order) {
    ModelBestRun best;
    best.run = data.runs[best_run[key]];
    ConfusionResult confusion = results.Confusion(best.run.run_id);
    best.confusion = std::move(confusion.matrix);
    best.classes = std::move(confusion.classes);
    data.best_runs.push_back(std::move(best));
  }
}

std::vector<VariantEpoch> SeedCurves(const std::vector<std::vector<EpochRow>>& seeds) {
  std::map<int64_t, std::vector<const EpochRow*>> by_epoch;
  for (const auto& run : seeds) {
    for (const EpochRow& e : run) by_epoch[e.epoch].push_back(&e);
  }
  auto band = [](const std::vector<const EpochRow*>& rows,
                 std::optional<double> EpochRow::*metric) -> std::optional<SeedBand> {
    std::vector<double> values;
    for (const EpochRow* e : rows) {
      if (e->*metric) values.push_back(*(e->*metric));
    }
    if (values.empty()) return std::nullopt;
    double sum = 0;
    for (double v : values) sum += v;
    const auto [low, high] = std::minmax_element(values.begin(), values.end());
    return SeedBand{sum / static_cast<double>(values.size()), *low, *high,
                    static_cast<int64_t>(values.size())};
  };
  std::vector<VariantEpoch> out;
  for (const auto& [epoch, rows] : by_epoch) {
    VariantEpoch v;
    v.epoch = epoch;
    v.train_accuracy = band(rows, &EpochRow::train_accuracy);
    v.val_accuracy = band(rows, &EpochRow::val_accuracy);
    v.test_accuracy = band(rows, &EpochRow::test_accuracy);
    v.train_loss = band(rows, &EpochRow::train_loss);
    v.val_loss = band(rows, &EpochRow::val_loss);
    v.test_loss = band(rows, &EpochRow::test_loss);
    out.push_back(v);
  }
  return out;
}

void SelectCurves(StoreReader& results, int top_runs, ReportData& data) {
  std::map<size_t, size_t> best_run_of_variant;  // leaderboard index -> runs index
  for (size_t i = 0; i < data.runs.size(); ++i) {
    if (Rankable(data.runs[i])) KeepBest(best_run_of_variant, data.variant_of_run[i], i, data);
  }
  std::map<std::string, int> taken;
  for (size_t j = 0; j < data.leaderboard.size(); ++j) {
    const VariantRow& v = data.leaderboard[j];
    if (!v.rank || taken[v.experiment] >= top_runs) continue;
    const auto run = best_run_of_variant.find(j);
    if (run == best_run_of_variant.end()) continue;
    ++taken[v.experiment];
    LearningCurve curve;
    curve.run = data.runs[run->second];
    curve.epochs = results.Epochs(curve.run.run_id);
    std::vector<std::vector<EpochRow>> seeds;
    for (size_t i = 0; i < data.runs.size(); ++i) {
      if (data.variant_of_run[i] != j || !data.runs[i].completed()) continue;
      seeds.push_back(i == run->second ? curve.epochs : results.Epochs(data.runs[i].run_id));
    }
    curve.seeds = seeds.size();
    if (seeds.size() >= 2) curve.variant = SeedCurves(seeds);
    data.curves.push_back(std::move(curve));
  }
}

void SelectComparisons(const std::string& baseline, ReportData& data) {
  if (baseline.empty()) {
    CompareWithinModels(data);
  } else {
    CompareWithBaseline(baseline, data);
  }
  for (Comparison& c : data.comparisons) {
    const VariantRow& base = data.leaderboard[c.baseline];
    for (size_t j : c.variants) {
      c.vs_baseline.push_back(j == c.baseline ? std::nullopt
                                              : stats::WelchTest(data.leaderboard[j].test_accuracies,
                                                                 base.test_accuracies));
    }
  }
}

void SelectBudgetCurves(ReportData& data) {
  for (const std::string& experiment : data.experiments) {
    std::vector<double> validation, test;
    for (const RunSummaryRow& run : data.runs) {
      if (run.experiment != experiment || !run.completed()) continue;
      if (run.best_val_accuracy) validation.push_back(*run.best_val_accuracy);
      if (run.best_test_accuracy) test.push_back(*run.best_test_accuracy);
    }
    BudgetCurve curve;
    curve.experiment = experiment;
    curve.metric = validation.empty() ? "test" : "validation";
    curve.expected = stats::ExpectedMaxCurve(validation.empty() ? test : validation);
    if (!curve.expected.empty()) data.budgets.push_back(std::move(curve));
  }
}

}  // namespace mnb
