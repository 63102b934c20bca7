#include "reports/render/csv_report.h"

#include <fmt/format.h>

#include "reports/tables/fidelity_table.h"
#include "reports/tables/race_table.h"
#include "reports/format/text_format.h"

namespace mnb {

namespace {

std::string Int(int64_t value) { return fmt::format("{}", value); }

std::string EvalValue(const std::map<std::string, double>& values, const std::string& set) {
  const auto found = values.find(set);
  return found != values.end() ? Exact(found->second) : "";
}

// The leaderboard's vs-best mark as a plain token: best, indistinguishable, undecided,
// distinguishable, too_few_seeds; empty without a completed seed.
std::string VsBestName(const VariantRow& v) {
  if (!v.vs_best) return "";
  switch (*v.vs_best) {
    case stats::Standing::kBest: return "best";
    case stats::Standing::kIndistinguishable: return "indistinguishable";
    case stats::Standing::kUndecided: return "undecided";
    case stats::Standing::kDistinguishable: return "distinguishable";
    case stats::Standing::kTooFewSeeds: return "too_few_seeds";
  }
  return "";
}

// The Holm-adjusted p, where a test was made.
std::string VsBestP(const VariantRow& v) {
  const bool tested = v.vs_best == stats::Standing::kIndistinguishable ||
                      v.vs_best == stats::Standing::kUndecided ||
                      v.vs_best == stats::Standing::kDistinguishable;
  return tested ? Exact(v.vs_best_p_adjusted) : "";
}

std::string Leaderboard(const ReportData& data) {
  std::string out;
  std::vector<std::string> header = {
      "experiment",        "rank",           "variant",           "model",
      "dataset",           "optimizer",      "loss",              "lr",
      "lr_schedule",       "weight_decay",   "batch_size",        "epochs",
      "params",            "n",              "test_accuracy_mean", "test_accuracy_std",
      "test_accuracy_min", "test_accuracy_max", "test_accuracy_ci_low", "test_accuracy_ci_high",
      "vs_best",           "vs_best_p",      "vs_best_seeds_needed", "best_epoch",
      "best_val_accuracy",
      "val_accuracy_mean", "test_loss_mean", "seconds_per_epoch", "samples_per_second"};
  for (const std::string& s : data.eval_sets) header.push_back(s + "_accuracy_mean");
  for (const char* h : {"runs", "queued", "running", "completed", "failed", "interrupted",
                        "diverged", "model_options", "layers", "variant_config"}) {
    header.push_back(h);
  }
  AppendCsvRecord(&out, header);
  for (const VariantRow& v : data.leaderboard) {
    std::vector<std::string> row = {
        v.experiment, Exact(v.rank), v.label, v.model, v.dataset, v.optimizer, v.loss,
        Exact(v.lr), v.lr_schedule, Exact(v.weight_decay), Int(v.batch_size), Int(v.epochs),
        Int(v.params), Int(v.n), Exact(v.test_accuracy_mean), Exact(v.test_accuracy_std),
        Exact(v.test_accuracy_min), Exact(v.test_accuracy_max), Exact(v.test_accuracy_ci_low),
        Exact(v.test_accuracy_ci_high), VsBestName(v), VsBestP(v),
        v.vs_best_seeds_needed ? Int(*v.vs_best_seeds_needed) : "", Exact(v.best_epoch),
        Exact(v.best_val_accuracy), Exact(v.val_accuracy_mean), Exact(v.test_loss_mean),
        Exact(v.seconds_per_epoch), Exact(v.samples_per_second)};
    for (const std::string& s : data.eval_sets) row.push_back(EvalValue(v.eval_accuracy_mean, s));
    for (int64_t n : {v.runs, v.queued, v.running, v.completed, v.failed, v.interrupted,
                      v.diverged}) {
      row.push_back(Int(n));
    }
    row.insert(row.end(), {v.model_options, v.layers, v.variant_config});
    AppendCsvRecord(&out, row);
  }
  return out;
}

std::string BestPerModel(const ReportData& data) {
  std::string out;
  AppendCsvRecord(&out, {"experiment", "model", "variant", "rank", "n", "test_accuracy_mean",
                         "test_accuracy_std", "optimizer", "loss", "lr", "batch_size", "epochs",
                         "model_options", "layers"});
  for (const BestConfig& b : data.best_configs) {
    const VariantRow& v = data.leaderboard[b.variant];
    AppendCsvRecord(&out, {v.experiment, v.model, v.label, Exact(v.rank), Int(v.n),
                           Exact(v.test_accuracy_mean), Exact(v.test_accuracy_std), v.optimizer,
                           v.loss, Exact(v.lr), Int(v.batch_size), Int(v.epochs), v.model_options,
                           v.layers});
  }
  return out;
}

std::string Comparisons(const ReportData& data) {
  std::string out;
  AppendCsvRecord(&out, {"comparison", "experiment", "baseline", "variant", "n",
                         "test_accuracy_mean", "test_accuracy_std", "test_accuracy_delta",
                         "delta_ci_low", "delta_ci_high", "welch_df", "welch_p",
                         "val_accuracy_mean", "test_loss_mean", "params", "seconds_per_epoch"});
  for (const Comparison& c : data.comparisons) {
    const VariantRow& base = data.leaderboard[c.baseline];
    for (size_t k = 0; k < c.variants.size(); ++k) {
      const VariantRow& v = data.leaderboard[c.variants[k]];
      std::optional<double> delta;
      if (v.test_accuracy_mean && base.test_accuracy_mean) {
        delta = *v.test_accuracy_mean - *base.test_accuracy_mean;
      }
      const auto& welch = c.vs_baseline[k];
      AppendCsvRecord(&out, {c.title, c.experiment, base.label, v.label, Int(v.n),
                             Exact(v.test_accuracy_mean), Exact(v.test_accuracy_std),
                             Exact(delta), welch ? Exact(welch->ci.low) : "",
                             welch ? Exact(welch->ci.high) : "", welch ? Exact(welch->df) : "",
                             welch ? Exact(welch->p_two_sided) : "", Exact(v.val_accuracy_mean),
                             Exact(v.test_loss_mean), Int(v.params), Exact(v.seconds_per_epoch)});
    }
  }
  return out;
}

std::string Runs(const ReportData& data) {
  std::string out;
  std::vector<std::string> header = {"run_id", "experiment", "variant", "model", "seed", "status",
                                     "epochs", "epochs_done", "best_epoch", "train_loss",
                                     "train_accuracy", "val_loss", "val_accuracy", "test_loss",
                                     "test_accuracy"};
  for (const std::string& s : data.eval_sets) header.push_back(s + "_accuracy");
  for (const char* h : {"seconds_per_epoch", "samples_per_second", "device", "threads",
                        "torch_version", "git_rev", "error"}) {
    header.push_back(h);
  }
  AppendCsvRecord(&out, header);
  for (const RunSummaryRow& r : data.runs) {
    std::vector<std::string> row = {
        Int(r.run_id), r.experiment, r.label, r.model, Int(r.seed), r.status, Int(r.epochs),
        Int(r.epochs_done), Exact(r.best_epoch), Exact(r.train_loss), Exact(r.train_accuracy),
        Exact(r.val_loss), Exact(r.val_accuracy), Exact(r.test_loss), Exact(r.test_accuracy)};
    for (const std::string& s : data.eval_sets) row.push_back(EvalValue(r.eval_accuracy, s));
    row.insert(row.end(), {Exact(r.seconds_per_epoch), Exact(r.samples_per_second), r.device,
                           r.threads > 0 ? Int(r.threads) : "", r.torch_version, r.git_rev,
                           r.error});
    AppendCsvRecord(&out, row);
  }
  return out;
}

std::string Epochs(const ReportData& data) {
  std::string out;
  std::vector<std::string> header = {"run_id", "experiment", "variant", "seed", "epoch",
                                     "train_loss", "train_accuracy", "val_loss", "val_accuracy",
                                     "test_loss", "test_accuracy"};
  for (const std::string& s : data.eval_sets) header.push_back(s + "_accuracy");
  header.insert(header.end(), {"lr", "seconds", "samples_per_second"});
  AppendCsvRecord(&out, header);
  for (const LearningCurve& c : data.curves) {
    for (const EpochRow& e : c.epochs) {
      std::vector<std::string> row = {Int(c.run.run_id), c.run.experiment, c.run.label,
                                      Int(c.run.seed), Int(e.epoch), Exact(e.train_loss),
                                      Exact(e.train_accuracy), Exact(e.val_loss),
                                      Exact(e.val_accuracy), Exact(e.test_loss),
                                      Exact(e.test_accuracy)};
      for (const std::string& s : data.eval_sets) row.push_back(EvalValue(e.eval_accuracy, s));
      row.insert(row.end(), {Exact(e.lr), Exact(e.seconds), Exact(e.samples_per_second)});
      AppendCsvRecord(&out, row);
    }
  }
  return out;
}

std::string Confusion(const ReportData& data) {
  std::string out;
  AppendCsvRecord(&out, {"experiment", "model", "variant", "run_id", "true_label",
                         "predicted_label", "count"});
  for (const ModelBestRun& b : data.best_runs) {
    for (size_t t = 0; t < b.confusion.size(); ++t) {
      for (size_t p = 0; p < b.confusion[t].size(); ++p) {
        AppendCsvRecord(&out, {b.run.experiment, b.run.model, b.run.label, Int(b.run.run_id),
                               Int(static_cast<int64_t>(t)), Int(static_cast<int64_t>(p)),
                               Int(b.confusion[t][p])});
      }
    }
  }
  return out;
}

std::string ClassMetricsCsv(const ReportData& data) {
  std::string out;
  AppendCsvRecord(&out, {"experiment", "model", "variant", "run_id", "label", "precision",
                         "recall", "f1", "support"});
  for (const ModelBestRun& b : data.best_runs) {
    for (const ClassRow& c : b.classes) {
      AppendCsvRecord(&out, {b.run.experiment, b.run.model, b.run.label, Int(b.run.run_id),
                             Int(c.label), Exact(c.precision), Exact(c.recall), Exact(c.f1),
                             Int(c.support)});
    }
  }
  return out;
}

std::string Budget(const ReportData& data) {
  std::string out;
  AppendCsvRecord(&out, {"experiment", "metric", "k", "expected_best_accuracy"});
  for (const BudgetCurve& curve : data.budgets) {
    for (size_t k = 1; k <= curve.expected.size(); ++k) {
      AppendCsvRecord(&out, {curve.experiment, curve.metric, Int(static_cast<int64_t>(k)),
                             Exact(curve.expected[k - 1])});
    }
  }
  return out;
}

// The plots' tables (plot_select.h), long format: one value per record, as pandas and
// matplotlib (or ggplot) take them.

std::string Curves(const ReportData& data) {
  using Metric = std::optional<SeedBand> VariantEpoch::*;
  std::string out;
  AppendCsvRecord(&out, {"experiment", "variant", "epoch", "metric", "mean", "low", "high", "n"});
  for (const CurveOverlay& overlay : data.overlays) {
    const bool validation = overlay.split == "validation";
    const std::pair<const char*, Metric> metrics[] = {
        {validation ? "val_accuracy" : "test_accuracy",
         validation ? &VariantEpoch::val_accuracy : &VariantEpoch::test_accuracy},
        {validation ? "val_loss" : "test_loss",
         validation ? &VariantEpoch::val_loss : &VariantEpoch::test_loss}};
    for (const VariantSeries& series : overlay.variants) {
      for (const VariantEpoch& e : series.epochs) {
        for (const auto& [name, metric] : metrics) {
          const auto& b = e.*metric;
          if (!b) continue;
          AppendCsvRecord(&out, {overlay.experiment, data.leaderboard[series.variant].label,
                                 Int(e.epoch), name, Exact(b->mean), Exact(b->low),
                                 Exact(b->high), Int(b->n)});
        }
      }
    }
  }
  return out;
}

// A heat-map axis position as CSV fields: the value (a bin's centre) and, binned, its range.
std::vector<std::string> AxisFields(const HeatMapAxis& axis, size_t i) {
  if (!axis.binned()) return {Exact(axis.values[i]), "", ""};
  return {Exact(axis.values[i]), Exact(axis.bins[i].first), Exact(axis.bins[i].second)};
}

std::string HeatMaps(const ReportData& data) {
  std::string out;
  AppendCsvRecord(&out, {"experiment", "model", "key_x", "x", "x_low", "x_high", "key_y", "y",
                         "y_low", "y_high", "mean_test_accuracy", "n"});
  for (const HyperparameterHeatMap& map : data.heat_maps) {
    for (const HeatMapCell& c : map.grid.cells) {
      std::vector<std::string> record = {map.experiment, map.model, map.key_x};
      for (std::string& f : AxisFields(map.grid.columns, c.column)) record.push_back(f);
      record.push_back(map.key_y);
      for (std::string& f : AxisFields(map.grid.rows, c.row)) record.push_back(f);
      record.push_back(Exact(c.mean));
      record.push_back(Int(c.n));
      AppendCsvRecord(&out, record);
    }
  }
  return out;
}

std::string Flag(const std::optional<bool>& flag) {
  return flag ? (*flag ? "true" : "false") : "";
}

std::string Pareto(const ReportData& data) {
  std::string out;
  AppendCsvRecord(&out, {"experiment", "variant", "params", "seconds_per_epoch", "test_accuracy",
                         "on_front_params", "on_front_seconds"});
  for (const ParetoSet& set : data.pareto) {
    for (size_t k = 0; k < set.variants.size(); ++k) {
      const VariantRow& v = data.leaderboard[set.variants[k]];
      AppendCsvRecord(&out, {set.experiment, v.label, set.on_front_params[k] ? Int(v.params) : "",
                             Exact(v.seconds_per_epoch), Exact(v.test_accuracy_mean),
                             Flag(set.on_front_params[k]), Flag(set.on_front_seconds[k])});
    }
  }
  return out;
}

std::string Parallel(const ReportData& data) {
  std::string out;
  AppendCsvRecord(&out, {"experiment", "run_id", "key", "value"});
  for (const ParallelCoordinates& pc : data.parallel) {
    for (size_t r = 0; r < pc.runs.size(); ++r) {
      for (size_t k = 0; k < pc.axes.size(); ++k) {
        const std::optional<AxisValue>& value = pc.values[r][k];
        if (!value) continue;
        AppendCsvRecord(&out, {pc.experiment, Int(data.runs[pc.runs[r]].run_id), pc.axes[k].name,
                               value->number ? Exact(*value->number) : value->text});
      }
    }
  }
  return out;
}

}  // namespace

std::vector<CsvFile> RenderCsv(const ReportData& data) {
  std::vector<CsvFile> files = {
      {"leaderboard.csv", Leaderboard(data)},       {"best_per_model.csv", BestPerModel(data)},
      {"comparison.csv", Comparisons(data)},        {"runs.csv", Runs(data)},
      {"epochs.csv", Epochs(data)},                 {"confusion.csv", Confusion(data)},
      {"class_metrics.csv", ClassMetricsCsv(data)}, {"fidelity.csv", FidelityCsv(data)},
      {"budget.csv", Budget(data)},                 {"curves.csv", Curves(data)},
      {"heatmap.csv", HeatMaps(data)},              {"pareto.csv", Pareto(data)},
      {"parallel.csv", Parallel(data)}};
  if (!data.race.empty()) files.push_back({"race.csv", RaceCsv(data)});
  return files;
}

}  // namespace mnb
