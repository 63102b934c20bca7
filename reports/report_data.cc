#include "reports/report_data.h"

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <ctime>
#include <set>
#include <stdexcept>
#include <unordered_map>
#include <utility>

#include "harness/store/schema.h"

namespace mnb {

namespace {

using nlohmann::json;

std::optional<int64_t> OptionalInt(const Statement& q, int column) {
  if (q.IsNull(column)) return std::nullopt;
  return q.Int(column);
}

std::string NowUtc() {
  const std::time_t now = std::time(nullptr);
  std::tm tm{};
  gmtime_r(&now, &tm);
  char text[32];
  std::strftime(text, sizeof(text), "%Y-%m-%dT%H:%M:%SZ", &tm);
  return text;
}

// Settings in the order a reader thinks of them; anything else follows alphabetically.
const char* const kSettingOrder[] = {"dataset",     "optimizer",    "loss",
                                     "lr",          "lr_schedule",  "momentum",
                                     "weight_decay", "batch_size",  "epochs",
                                     "augment_shift", "val_size",   "split_seed",
                                     "limit_train", "limit_test",   "eval_sets",
                                     "layers"};

std::string SettingText(const json& value) {
  if (value.is_string()) return value.get<std::string>();
  if (value.is_number_float()) return fmt::format("{:g}", value.get<double>());
  if (value.is_number_integer()) return fmt::format("{}", value.get<int64_t>());
  return value.dump();
}

// variant_config flattened to ordered (name, value) pairs; zoo options first.
std::vector<std::pair<std::string, std::string>> Settings(const std::string& variant_config) {
  std::vector<std::pair<std::string, std::string>> out;
  json config = json::parse(variant_config, nullptr, /*allow_exceptions=*/false);
  if (!config.is_object()) return out;
  if (config.contains("model_options") && config["model_options"].is_object()) {
    for (const auto& [k, v] : config["model_options"].items()) out.emplace_back(k, SettingText(v));
  }
  std::set<std::string> done = {"model", "model_options"};
  for (const char* key : kSettingOrder) {
    if (config.contains(key)) out.emplace_back(key, SettingText(config[key]));
    done.insert(key);
  }
  for (const auto& [k, v] : config.items()) {
    if (done.count(k) == 0) out.emplace_back(k, SettingText(v));
  }
  return out;
}

// Labels: model name plus the settings that vary among that model's variants in its experiment.
void LabelVariants(std::vector<VariantRow>& rows) {
  std::map<std::pair<std::string, std::string>, std::vector<size_t>> groups;
  for (size_t i = 0; i < rows.size(); ++i) groups[{rows[i].experiment, rows[i].model}].push_back(i);
  for (const auto& [key, members] : groups) {
    std::vector<std::vector<std::pair<std::string, std::string>>> settings;
    for (size_t i : members) settings.push_back(Settings(rows[i].variant_config));
    std::map<std::string, std::set<std::string>> values;
    for (const auto& s : settings) {
      for (const auto& [k, v] : s) values[k].insert(v);
    }
    for (size_t m = 0; m < members.size(); ++m) {
      std::string label = rows[members[m]].model;
      for (const auto& [k, v] : settings[m]) {
        if (values[k].size() > 1) label += fmt::format(" {}={}", k, v.empty() ? "\"\"" : v);
      }
      rows[members[m]].label = label;
    }
  }
}

// The experiments to report, in creation order; an unknown name is bad input.
std::vector<std::string> ResolveExperiments(Database& db, const std::vector<std::string>& wanted) {
  std::vector<std::string> all;
  Statement q(db, "SELECT name FROM experiments ORDER BY id");
  while (q.Step()) all.push_back(q.Text(0));
  if (wanted.empty()) return all;
  std::vector<std::string> out;
  for (const std::string& name : all) {
    if (std::find(wanted.begin(), wanted.end(), name) != wanted.end()) out.push_back(name);
  }
  for (const std::string& name : wanted) {
    if (std::find(all.begin(), all.end(), name) == all.end()) {
      std::string known;
      for (const std::string& a : all) known += (known.empty() ? "" : ", ") + a;
      throw std::invalid_argument(fmt::format("{}: no experiment '{}' (experiments: {})", db.path(),
                                              name, known.empty() ? "none yet" : known));
    }
  }
  return out;
}

void LoadEpochs(Database& db, LearningCurve& curve) {
  Statement q(db,
              "SELECT epoch, train_loss, train_accuracy, val_loss, val_accuracy, test_loss, "
              "test_accuracy, lr, seconds, samples_per_second FROM epochs WHERE run_id = ?1 "
              "ORDER BY epoch");
  q.Bind(1, curve.run.run_id);
  while (q.Step()) {
    EpochRow e;
    e.epoch = q.Int(0);
    e.train_loss = q.OptionalDouble(1);
    e.train_accuracy = q.OptionalDouble(2);
    e.val_loss = q.OptionalDouble(3);
    e.val_accuracy = q.OptionalDouble(4);
    e.test_loss = q.OptionalDouble(5);
    e.test_accuracy = q.OptionalDouble(6);
    e.lr = q.OptionalDouble(7);
    e.seconds = q.OptionalDouble(8);
    e.samples_per_second = q.OptionalDouble(9);
    curve.epochs.push_back(e);
  }
  Statement evals(db, "SELECT epoch, eval_set, accuracy FROM evals WHERE run_id = ?1 "
                      "AND accuracy IS NOT NULL");
  evals.Bind(1, curve.run.run_id);
  while (evals.Step()) {
    for (EpochRow& e : curve.epochs) {
      if (e.epoch == evals.Int(0)) e.eval_accuracy[evals.Text(1)] = evals.Double(2);
    }
  }
}

void LoadConfusion(Database& db, ModelBestRun& best) {
  Statement cells(db, "SELECT true_label, predicted_label, count FROM confusion WHERE run_id = ?1");
  cells.Bind(1, best.run.run_id);
  std::vector<std::tuple<int64_t, int64_t, int64_t>> found;
  int64_t classes = 0;
  while (cells.Step()) {
    found.emplace_back(cells.Int(0), cells.Int(1), cells.Int(2));
    classes = std::max({classes, cells.Int(0) + 1, cells.Int(1) + 1});
  }
  if (classes > 0 && classes <= 1000) {
    best.confusion.assign(classes, std::vector<int64_t>(classes, 0));
    for (const auto& [t, p, n] : found) {
      if (t >= 0 && p >= 0) best.confusion[t][p] = n;
    }
  }
  Statement metrics(db, "SELECT label, precision, recall, f1 FROM class_metrics WHERE run_id = ?1 "
                        "ORDER BY label");
  metrics.Bind(1, best.run.run_id);
  while (metrics.Step()) {
    ClassRow c;
    c.label = metrics.Int(0);
    c.precision = metrics.OptionalDouble(1);
    c.recall = metrics.OptionalDouble(2);
    c.f1 = metrics.OptionalDouble(3);
    if (c.label >= 0 && c.label < static_cast<int64_t>(best.confusion.size())) {
      for (int64_t n : best.confusion[c.label]) c.support += n;
    }
    best.classes.push_back(c);
  }
}

// Ends the read transaction however LoadReport leaves.
class ReadSnapshot {
 public:
  explicit ReadSnapshot(Database& db) : db_(db) { db_.Exec("BEGIN"); }
  ~ReadSnapshot() {
    try {
      db_.Exec("COMMIT");
    } catch (const StoreError&) {
    }
  }

 private:
  Database& db_;
};

}  // namespace

std::string VariantRow::StatusText() const {
  std::string out;
  const std::pair<const char*, int64_t> counts[] = {{"completed", completed}, {"running", running},
                                                    {"queued", queued},       {"failed", failed},
                                                    {"interrupted", interrupted},
                                                    {"diverged", diverged}};
  for (const auto& [name, n] : counts) {
    if (n > 0) out += fmt::format("{}{} {}", out.empty() ? "" : ", ", n, name);
  }
  return out;
}

void EnsureResultViews(Database& db) {
  Statement views(db, "SELECT COUNT(*) FROM sqlite_master WHERE type = 'view' "
                      "AND name IN ('run_summary', 'leaderboard')");
  views.Step();
  if (views.Int(0) == 2) return;
  Statement tables(db, "SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' "
                       "AND name IN ('runs', 'epochs', 'evals', 'experiments')");
  tables.Step();
  if (tables.Int(0) < 4) return;  // not (yet) a results database: nothing to view
  db.Exec(fmt::format("CREATE TEMP VIEW IF NOT EXISTS run_summary AS {}", RunSummaryViewSelect()));
  db.Exec(fmt::format("CREATE TEMP VIEW IF NOT EXISTS leaderboard AS {}", LeaderboardViewSelect()));
}

ReportData LoadReport(Database& db, const ReportOptions& options) {
  ReportData data;
  data.db_path = db.path();
  data.generated_at = NowUtc();
  EnsureResultViews(db);
  ReadSnapshot snapshot(db);
  data.experiments = ResolveExperiments(db, options.experiments);
  const std::string selected = json(data.experiments).dump();
  std::map<std::string, size_t> experiment_order;
  for (size_t i = 0; i < data.experiments.size(); ++i) experiment_order[data.experiments[i]] = i;

  // The leaderboard is aggregated here from run_summary rather than read from the leaderboard
  // view: the view would compute run_summary a second time, and this is the report's hot path
  // (see bench/bench_reports.cc). Same definitions as the view; tests hold the two equal.
  Statement runs(db,
                 "SELECT run_id, experiment, variant_config, model, seed, epochs, epochs_done, "
                 "status, COALESCE(error, ''), COALESCE(device, ''), COALESCE(threads, 0), "
                 "COALESCE(torch_version, ''), COALESCE(git_rev, ''), best_epoch, train_loss, "
                 "train_accuracy, val_loss, val_accuracy, test_loss, test_accuracy, "
                 "seconds_per_epoch, samples_per_second, dataset, optimizer, loss, lr, "
                 "batch_size, params FROM run_summary ORDER BY run_id");
  std::vector<VariantRow> variants;
  std::vector<size_t> variant_of_run;  // parallel to data.runs
  std::map<std::pair<std::string, std::string>, size_t> variant_index;
  while (runs.Step()) {
    if (experiment_order.count(runs.Text(1)) == 0) continue;
    RunSummaryRow r;
    r.run_id = runs.Int(0);
    r.experiment = runs.Text(1);
    const auto [it, added] = variant_index.emplace(std::make_pair(r.experiment, runs.Text(2)),
                                                   variants.size());
    if (added) {
      VariantRow v;
      v.experiment = r.experiment;
      v.variant_config = runs.Text(2);
      v.model = runs.Text(3);
      v.epochs = runs.Int(5);
      v.dataset = runs.Text(22);
      v.optimizer = runs.Text(23);
      v.loss = runs.Text(24);
      v.lr = runs.Double(25);
      v.batch_size = runs.Int(26);
      v.first_run_id = r.run_id;  // runs arrive in id order
      const json config = json::parse(v.variant_config, nullptr, false);
      if (config.is_object()) {
        v.lr_schedule = config.value("lr_schedule", "");
        v.weight_decay = config.value("weight_decay", 0.0);
        v.layers = config.value("layers", "");
        if (config.contains("model_options")) v.model_options = config["model_options"].dump();
      }
      variants.push_back(std::move(v));
    }
    VariantRow& v = variants[it->second];
    v.params = std::max(v.params, runs.Int(27));
    r.model = runs.Text(3);
    r.seed = runs.Int(4);
    r.epochs = runs.Int(5);
    r.epochs_done = runs.Int(6);
    r.status = runs.Text(7);
    r.error = runs.Text(8);
    r.device = runs.Text(9);
    r.threads = runs.Int(10);
    r.torch_version = runs.Text(11);
    r.git_rev = runs.Text(12);
    r.best_epoch = OptionalInt(runs, 13);
    r.train_loss = runs.OptionalDouble(14);
    r.train_accuracy = runs.OptionalDouble(15);
    r.val_loss = runs.OptionalDouble(16);
    r.val_accuracy = runs.OptionalDouble(17);
    r.test_loss = runs.OptionalDouble(18);
    r.test_accuracy = runs.OptionalDouble(19);
    r.seconds_per_epoch = runs.OptionalDouble(20);
    r.samples_per_second = runs.OptionalDouble(21);
    ++v.runs;
    int64_t* counter = r.status == "completed"     ? &v.completed
                       : r.status == "running"     ? &v.running
                       : r.status == "queued"      ? &v.queued
                       : r.status == "failed"      ? &v.failed
                       : r.status == "interrupted" ? &v.interrupted
                       : r.status == "diverged"    ? &v.diverged
                                                   : nullptr;
    if (counter != nullptr) ++*counter;
    if (r.status != "completed") data.unfinished.push_back(data.runs.size());
    variant_of_run.push_back(it->second);
    data.runs.push_back(std::move(r));
  }

  // Statistics over completed runs; SQL AVG semantics (NULLs skipped per column); the std in two
  // passes (sample std, n - 1; none for n < 2).
  struct Mean {
    double sum = 0;
    int64_t n = 0;
    void Add(const std::optional<double>& x) {
      if (x) sum += *x, ++n;
    }
    std::optional<double> Value() const {
      return n > 0 ? std::optional<double>(sum / n) : std::nullopt;
    }
  };
  std::vector<Mean> acc(variants.size()), loss(variants.size()), val(variants.size()),
      seconds(variants.size()), speed(variants.size());
  std::vector<bool> completed_run(data.runs.size(), false);
  for (size_t i = 0; i < data.runs.size(); ++i) {
    const RunSummaryRow& r = data.runs[i];
    if (r.status != "completed") continue;
    completed_run[i] = true;
    const size_t v = variant_of_run[i];
    acc[v].Add(r.test_accuracy);
    loss[v].Add(r.test_loss);
    val[v].Add(r.val_accuracy);
    seconds[v].Add(r.seconds_per_epoch);
    speed[v].Add(r.samples_per_second);
    if (r.test_accuracy) {
      VariantRow& row = variants[v];
      row.test_accuracy_min = std::min(row.test_accuracy_min.value_or(2.0), *r.test_accuracy);
      row.test_accuracy_max = std::max(row.test_accuracy_max.value_or(-1.0), *r.test_accuracy);
    }
  }
  std::vector<double> squares(variants.size(), 0.0);
  for (size_t v = 0; v < variants.size(); ++v) {
    variants[v].n = acc[v].n;
    variants[v].test_accuracy_mean = acc[v].Value();
    variants[v].test_loss_mean = loss[v].Value();
    variants[v].val_accuracy_mean = val[v].Value();
    variants[v].seconds_per_epoch = seconds[v].Value();
    variants[v].samples_per_second = speed[v].Value();
  }
  for (size_t i = 0; i < data.runs.size(); ++i) {
    if (!completed_run[i] || !data.runs[i].test_accuracy) continue;
    const size_t v = variant_of_run[i];
    const double d = *data.runs[i].test_accuracy - *variants[v].test_accuracy_mean;
    squares[v] += d * d;
  }
  for (size_t v = 0; v < variants.size(); ++v) {
    if (variants[v].n > 1) variants[v].test_accuracy_std = std::sqrt(squares[v] / (variants[v].n - 1));
  }

  // Best epoch: where the completed seeds' mean validation (else test) accuracy peaks; earliest
  // on ties. Final-epoch eval accuracies come from the evals table (run_summary's JSON holds
  // only 15 digits).
  std::unordered_map<int64_t, size_t> run_index;
  for (size_t i = 0; i < data.runs.size(); ++i) run_index[data.runs[i].run_id] = i;
  std::vector<std::map<int64_t, Mean>> curve(variants.size());
  {
    Statement epochs(db, "SELECT run_id, epoch, COALESCE(val_accuracy, test_accuracy) FROM epochs");
    while (epochs.Step()) {
      const auto found = run_index.find(epochs.Int(0));
      if (found == run_index.end() || !completed_run[found->second]) continue;
      curve[variant_of_run[found->second]][epochs.Int(1)].Add(epochs.OptionalDouble(2));
    }
  }
  for (size_t v = 0; v < variants.size(); ++v) {
    for (const auto& [epoch, mean] : curve[v]) {
      const auto value = mean.Value();
      if (value && (!variants[v].best_val_accuracy || *value > *variants[v].best_val_accuracy)) {
        variants[v].best_epoch = epoch;
        variants[v].best_val_accuracy = value;
      }
    }
  }
  std::set<std::string> eval_sets;
  std::vector<std::map<std::string, Mean>> eval_means(variants.size());
  {
    Statement evals(db,
                    "SELECT v.run_id, v.eval_set, v.accuracy FROM evals v "
                    "JOIN (SELECT run_id, MAX(epoch) AS epoch FROM epochs GROUP BY run_id) f "
                    "ON f.run_id = v.run_id AND f.epoch = v.epoch WHERE v.accuracy IS NOT NULL");
    while (evals.Step()) {
      const auto found = run_index.find(evals.Int(0));
      if (found == run_index.end()) continue;
      RunSummaryRow& r = data.runs[found->second];
      const std::string set = evals.Text(1);
      r.eval_accuracy[set] = evals.Double(2);
      eval_sets.insert(set);
      if (completed_run[found->second]) {
        eval_means[variant_of_run[found->second]][set].Add(evals.Double(2));
      }
    }
  }
  data.eval_sets.assign(eval_sets.begin(), eval_sets.end());
  for (size_t v = 0; v < variants.size(); ++v) {
    for (const auto& [set, mean] : eval_means[v]) {
      variants[v].eval_accuracy_mean[set] = *mean.Value();
    }
  }

  // Ranks per experiment by mean test accuracy (SQL RANK: ties share, the next rank skips).
  std::vector<size_t> order(variants.size());
  for (size_t v = 0; v < order.size(); ++v) order[v] = v;
  std::stable_sort(order.begin(), order.end(), [&](size_t a, size_t b) {
    const VariantRow &x = variants[a], &y = variants[b];
    const size_t ea = experiment_order[x.experiment], eb = experiment_order[y.experiment];
    if (ea != eb) return ea < eb;
    if (x.test_accuracy_mean.has_value() != y.test_accuracy_mean.has_value()) {
      return x.test_accuracy_mean.has_value();
    }
    if (x.test_accuracy_mean && *x.test_accuracy_mean != *y.test_accuracy_mean) {
      return *x.test_accuracy_mean > *y.test_accuracy_mean;
    }
    return x.first_run_id < y.first_run_id;
  });
  std::vector<size_t> position(variants.size());
  size_t experiment_start = 0;
  for (size_t k = 0; k < order.size(); ++k) {
    VariantRow v = std::move(variants[order[k]]);
    position[order[k]] = k;
    if (k == 0 || data.leaderboard.back().experiment != v.experiment) experiment_start = k;
    if (v.test_accuracy_mean) {
      const VariantRow* prev = k > experiment_start ? &data.leaderboard.back() : nullptr;
      const bool tie = prev != nullptr && prev->test_accuracy_mean &&
                       *prev->test_accuracy_mean == *v.test_accuracy_mean;
      v.rank = tie ? prev->rank : std::optional<int64_t>(k - experiment_start + 1);
    }
    data.leaderboard.push_back(std::move(v));
  }
  LabelVariants(data.leaderboard);
  for (size_t i = 0; i < data.runs.size(); ++i) {
    data.runs[i].label = data.leaderboard[position[variant_of_run[i]]].label;
  }

  Statement env(db,
                "SELECT r.device, COALESCE(r.torch_version, '?'), COALESCE(r.threads, 0), "
                "COALESCE(r.git_rev, '?'), COUNT(*) FROM runs r "
                "JOIN experiments x ON x.id = r.experiment_id "
                "WHERE r.device IS NOT NULL AND x.name IN (SELECT value FROM json_each(?1)) "
                "GROUP BY 1, 2, 3, 4 ORDER BY 5 DESC, 1, 2, 3, 4");
  env.Bind(1, selected);
  while (env.Step()) {
    data.environment.push_back(fmt::format("{}, torch {}, {} threads, git {} ({} run{})",
                                           env.Text(0), env.Text(1), env.Int(2), env.Text(3),
                                           env.Int(4), env.Int(4) == 1 ? "" : "s"));
  }

  // Per (experiment, model): the best configuration (top-ranked variant) and the best run.
  std::map<std::pair<std::string, std::string>, size_t> best_variant;
  for (size_t i = 0; i < data.leaderboard.size(); ++i) {
    const auto key = std::make_pair(data.leaderboard[i].experiment, data.leaderboard[i].model);
    if (best_variant.emplace(key, i).second) data.best_configs.push_back({i});
  }
  std::map<std::pair<std::string, std::string>, size_t> best_run;
  std::vector<std::pair<std::string, std::string>> best_run_order;
  for (size_t i = 0; i < data.runs.size(); ++i) {
    const RunSummaryRow& r = data.runs[i];
    if (r.status != "completed" || !r.test_accuracy) continue;
    const auto key = std::make_pair(r.experiment, r.model);
    auto [it, inserted] = best_run.emplace(key, i);
    if (inserted) {
      best_run_order.push_back(key);
    } else if (*r.test_accuracy > *data.runs[it->second].test_accuracy) {
      it->second = i;
    }
  }
  std::sort(best_run_order.begin(), best_run_order.end(), [&](const auto& a, const auto& b) {
    return best_variant[a] < best_variant[b];  // leaderboard order
  });
  for (const auto& key : best_run_order) {
    ModelBestRun best;
    best.run = data.runs[best_run[key]];
    LoadConfusion(db, best);
    data.best_runs.push_back(std::move(best));
  }

  // Learning curves: the best run of each of the top variants of every experiment.
  std::map<size_t, size_t> best_run_of_variant;  // leaderboard index -> runs index
  {
    std::map<std::pair<std::string, std::string>, size_t> by_label;
    for (size_t j = 0; j < data.leaderboard.size(); ++j) {
      by_label[{data.leaderboard[j].experiment, data.leaderboard[j].label}] = j;
    }
    for (size_t i = 0; i < data.runs.size(); ++i) {
      const RunSummaryRow& r = data.runs[i];
      if (r.status != "completed" || !r.test_accuracy) continue;
      const auto found = by_label.find({r.experiment, r.label});
      if (found == by_label.end()) continue;
      auto [it, inserted] = best_run_of_variant.emplace(found->second, i);
      if (!inserted && *r.test_accuracy > *data.runs[it->second].test_accuracy) it->second = i;
    }
  }
  std::map<std::string, int> taken;
  for (size_t j = 0; j < data.leaderboard.size(); ++j) {
    const VariantRow& v = data.leaderboard[j];
    if (!v.rank || taken[v.experiment] >= options.top_runs) continue;
    const auto run = best_run_of_variant.find(j);
    if (run == best_run_of_variant.end()) continue;
    ++taken[v.experiment];
    LearningCurve curve;
    curve.run = data.runs[run->second];
    LoadEpochs(db, curve);
    data.curves.push_back(std::move(curve));
  }

  // Comparisons of variants side by side, each against a baseline variant.
  auto by_rank = [&](std::vector<size_t>& members, size_t baseline) {
    members.erase(std::remove(members.begin(), members.end(), baseline), members.end());
    members.insert(members.begin(), baseline);
  };
  if (!options.baseline.empty()) {
    std::map<std::string, size_t> baseline_of;
    for (size_t j = 0; j < data.leaderboard.size(); ++j) {
      if (data.leaderboard[j].label == options.baseline) {
        baseline_of.emplace(data.leaderboard[j].experiment, j);
      }
    }
    for (size_t j = 0; j < data.leaderboard.size(); ++j) {
      const VariantRow& v = data.leaderboard[j];
      if (v.model != options.baseline) continue;
      auto [it, inserted] = baseline_of.emplace(v.experiment, j);
      if (!inserted && data.leaderboard[it->second].label != options.baseline &&
          v.first_run_id < data.leaderboard[it->second].first_run_id) {
        it->second = j;
      }
    }
    if (baseline_of.empty()) {
      std::string labels;
      for (const VariantRow& v : data.leaderboard) labels += (labels.empty() ? "" : "; ") + v.label;
      throw std::invalid_argument(fmt::format(
          "--baseline '{}': no variant label or model of that name in the report (variants: {})",
          options.baseline, labels.empty() ? "none" : labels));
    }
    for (const std::string& experiment : data.experiments) {
      const auto it = baseline_of.find(experiment);
      if (it == baseline_of.end()) continue;
      Comparison c;
      c.experiment = experiment;
      c.baseline = it->second;
      c.title = fmt::format("{}: variants against {}", experiment, data.leaderboard[it->second].label);
      for (size_t j = 0; j < data.leaderboard.size(); ++j) {
        if (data.leaderboard[j].experiment == experiment) c.variants.push_back(j);
      }
      by_rank(c.variants, c.baseline);
      data.comparisons.push_back(std::move(c));
    }
  } else {
    std::map<std::pair<std::string, std::string>, std::vector<size_t>> groups;
    std::vector<std::pair<std::string, std::string>> order;
    for (size_t j = 0; j < data.leaderboard.size(); ++j) {
      const auto key = std::make_pair(data.leaderboard[j].experiment, data.leaderboard[j].model);
      if (groups[key].empty()) order.push_back(key);
      groups[key].push_back(j);
    }
    for (const auto& key : order) {
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
      by_rank(c.variants, baseline);
      data.comparisons.push_back(std::move(c));
    }
  }
  return data;
}

}  // namespace mnb
