#include "reports/data/plot_select.h"

#include <algorithm>
#include <map>
#include <set>

#include "reports/plot/pareto.h"
#include "reports/data/report_select.h"
#include "harness/results/varying_keys.h"

namespace mnb {

namespace {

bool Plotted(const RunSummaryRow& run) { return run.completed() && run.test_accuracy.has_value(); }

// The completed runs of `experiment` with a test accuracy, by id (indices into data.runs).
std::vector<size_t> PlottedRuns(const ReportData& data, const std::string& experiment) {
  std::vector<size_t> runs;
  for (size_t i = 0; i < data.runs.size(); ++i) {
    if (data.runs[i].experiment == experiment && Plotted(data.runs[i])) runs.push_back(i);
  }
  return runs;
}

// Each run's settings, parsed once per variant: a variant's runs share its variant_config, and
// parsing JSON per run was most of the plots' cost at 10,000 runs. `distinct` holds one list per
// variant in the order of its first run, so FindVaryingKeys over it gives the keys (and their
// order) it gives over every run's list, 20 times faster at 20 seeds a variant.
struct RunSettings {
  std::vector<std::vector<VariantSetting>> distinct;
  std::vector<size_t> of_run;  // parallel to the runs: an index into `distinct`
  const std::vector<VariantSetting>& operator[](size_t r) const { return distinct[of_run[r]]; }
};

RunSettings SettingsOf(const ReportData& data, const std::vector<size_t>& runs) {
  std::map<size_t, size_t> by_variant;  // variant -> index into distinct
  RunSettings settings;
  settings.of_run.reserve(runs.size());
  for (size_t i : runs) {
    auto [at, added] = by_variant.try_emplace(data.variant_of_run[i], settings.distinct.size());
    if (added) settings.distinct.push_back(VariantSettings(data.runs[i].variant_config));
    settings.of_run.push_back(at->second);
  }
  return settings;
}

// At most kMaxParallelLines of `runs`, spread evenly over their test-accuracy ranks, the best
// and the worst included, back in the runs' order: the plot keeps its shape and its extremes
// without one line per run of a 100,000-run store (a 25 MB figure no browser draws).
std::vector<size_t> ParallelSample(const ReportData& data, const std::vector<size_t>& runs) {
  if (runs.size() <= kMaxParallelLines) return runs;
  std::vector<size_t> by_rank = runs;
  std::stable_sort(by_rank.begin(), by_rank.end(), [&](size_t a, size_t b) {
    return *data.runs[a].test_accuracy > *data.runs[b].test_accuracy;
  });
  std::vector<size_t> sample;
  sample.reserve(kMaxParallelLines);
  const size_t last = by_rank.size() - 1;
  for (size_t k = 0; k < kMaxParallelLines; ++k) {
    sample.push_back(by_rank[(k * last + (kMaxParallelLines - 1) / 2) / (kMaxParallelLines - 1)]);
  }
  std::sort(sample.begin(), sample.end());
  return sample;
}

// On the front among the variants that have the cost; none for those that do not.
std::vector<std::optional<bool>> FrontWhereKnown(const std::vector<std::optional<double>>& cost,
                                                 const std::vector<double>& accuracy) {
  std::vector<ParetoPoint> points;
  std::vector<size_t> known;
  for (size_t k = 0; k < cost.size(); ++k) {
    if (!cost[k]) continue;
    points.push_back({*cost[k], accuracy[k]});
    known.push_back(k);
  }
  const std::vector<bool> front = ParetoFront(points);
  std::vector<std::optional<bool>> out(cost.size());
  for (size_t p = 0; p < known.size(); ++p) out[known[p]] = front[p];
  return out;
}

std::optional<AxisValue> SettingValue(const std::vector<VariantSetting>& settings,
                                      const std::string& key) {
  const VariantSetting* s = FindSetting(settings, key);
  if (s == nullptr) return std::nullopt;
  return AxisValue{s->number, s->text};
}

std::optional<AxisValue> Accuracy(const std::optional<double>& fraction) {
  if (!fraction) return std::nullopt;
  return AxisValue{fraction, ""};
}

}  // namespace

void SelectCurveOverlays(StoreReader& results, ReportData& data) {
  // Every experiment's plotted runs in one read: EpochsOf scans the whole epochs table.
  std::vector<int64_t> ids;
  for (const RunSummaryRow& run : data.runs) {
    if (Plotted(run)) ids.push_back(run.run_id);
  }
  std::map<int64_t, std::vector<EpochRow>> epochs = results.EpochsOf(ids);
  for (const std::string& experiment : data.experiments) {
    std::map<size_t, std::vector<std::vector<EpochRow>>> seeds;  // by leaderboard index
    bool any_validation = false;
    for (size_t i : PlottedRuns(data, experiment)) {
      seeds[data.variant_of_run[i]].push_back(std::move(epochs[data.runs[i].run_id]));
      any_validation = any_validation || data.runs[i].val_accuracy.has_value();
    }
    if (seeds.size() < 2) continue;
    CurveOverlay overlay;
    overlay.experiment = experiment;
    overlay.split = any_validation ? "validation" : "test";
    for (const auto& [variant, runs] : seeds) {  // leaderboard order is rank order
      overlay.variants.push_back({variant, SeedCurves(runs)});
    }
    data.overlays.push_back(std::move(overlay));
  }
}

void SelectHeatMaps(ReportData& data) {
  for (const std::string& experiment : data.experiments) {
    std::vector<std::string> models;  // in leaderboard order
    for (const VariantRow& v : data.leaderboard) {
      if (v.experiment == experiment &&
          std::find(models.begin(), models.end(), v.model) == models.end()) {
        models.push_back(v.model);
      }
    }
    const std::vector<size_t> plotted = PlottedRuns(data, experiment);
    for (const std::string& model : models) {
      std::vector<size_t> runs;
      for (size_t i : plotted) {
        if (data.runs[i].model == model) runs.push_back(i);
      }
      const RunSettings settings = SettingsOf(data, runs);
      std::vector<std::string> numeric;
      for (const VaryingKey& key : FindVaryingKeys(settings.distinct)) {
        if (key.numeric) numeric.push_back(key.name);
      }
      for (const auto& [a, b] : HeatMapKeyPairs(numeric.size())) {
        std::vector<HeatMapSample> samples;
        for (size_t r = 0; r < runs.size(); ++r) {
          const VariantSetting* x = FindSetting(settings[r], numeric[a]);
          const VariantSetting* y = FindSetting(settings[r], numeric[b]);
          if (x == nullptr || y == nullptr) continue;  // a zoo option some variants leave out
          samples.push_back({*x->number, *y->number, *data.runs[runs[r]].test_accuracy});
        }
        data.heat_maps.push_back({experiment, model, numeric[a], numeric[b], BuildHeatMap(samples)});
      }
    }
  }
}

void SelectPareto(ReportData& data) {
  for (const std::string& experiment : data.experiments) {
    ParetoSet set;
    set.experiment = experiment;
    std::vector<std::optional<double>> params, seconds;
    std::vector<double> accuracy;
    for (size_t j = 0; j < data.leaderboard.size(); ++j) {
      const VariantRow& v = data.leaderboard[j];
      if (v.experiment != experiment || !v.test_accuracy_mean) continue;
      set.variants.push_back(j);
      accuracy.push_back(*v.test_accuracy_mean);
      params.push_back(v.params > 0 ? std::optional<double>(static_cast<double>(v.params))
                                    : std::nullopt);
      seconds.push_back(v.seconds_per_epoch);
    }
    if (set.variants.size() < 2) continue;
    set.on_front_params = FrontWhereKnown(params, accuracy);
    set.on_front_seconds = FrontWhereKnown(seconds, accuracy);
    data.pareto.push_back(std::move(set));
  }
}

void SelectParallelCoordinates(ReportData& data) {
  for (const std::string& experiment : data.experiments) {
    ParallelCoordinates pc;
    pc.experiment = experiment;
    const std::vector<size_t> plotted = PlottedRuns(data, experiment);
    if (plotted.size() < 2) continue;
    pc.total_runs = plotted.size();
    pc.runs = ParallelSample(data, plotted);
    const RunSettings settings = SettingsOf(data, pc.runs);
    std::set<std::string> models;
    for (size_t i : pc.runs) models.insert(data.runs[i].model);
    std::vector<std::string> keys;
    if (models.size() > 1) keys.push_back("model");
    for (const VaryingKey& key : FindVaryingKeys(settings.distinct)) keys.push_back(key.name);
    if (keys.empty()) continue;  // every run alike but for its seed: nothing to compare
    bool any_validation = false;
    for (size_t i : pc.runs) any_validation = any_validation || data.runs[i].val_accuracy;
    pc.values.resize(pc.runs.size());
    for (size_t r = 0; r < pc.runs.size(); ++r) {
      const RunSummaryRow& run = data.runs[pc.runs[r]];
      for (size_t k = 0; k < keys.size(); ++k) {
        pc.values[r].push_back(k == 0 && models.size() > 1 ? AxisValue{std::nullopt, run.model}
                                                           : SettingValue(settings[r], keys[k]));
      }
      if (any_validation) pc.values[r].push_back(Accuracy(run.val_accuracy));
      pc.values[r].push_back(Accuracy(run.test_accuracy));
    }
    if (any_validation) keys.push_back("val_accuracy");
    keys.push_back("test_accuracy");
    for (size_t k = 0; k < keys.size(); ++k) {
      std::vector<std::optional<AxisValue>> column;
      for (const auto& row : pc.values) column.push_back(row[k]);
      const bool accuracy = k + (any_validation ? 2 : 1) >= keys.size();
      pc.axes.push_back(LayoutAxis(keys[k], column, /*percent=*/accuracy));
    }
    data.parallel.push_back(std::move(pc));
  }
}

void SelectPlots(StoreReader& results, ReportData& data) {
  SelectCurveOverlays(results, data);
  SelectHeatMaps(data);
  SelectPareto(data);
  SelectParallelCoordinates(data);
}

}  // namespace mnb
