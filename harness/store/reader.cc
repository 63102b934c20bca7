#include "harness/store/reader.h"

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <map>
#include <set>
#include <filesystem>
#include <tuple>
#include <unordered_map>

#include "harness/base/error.h"
#include "harness/store/schema.h"

namespace mnb {

namespace {

// TEMP views run_summary/leaderboard/variant_stats on this connection when the database
// predates the current ones, so `query` offers every view, as of this version, on any version.
void EnsureResultViews(Database& db) {
  const int version = SchemaVersion(db);
  Statement views(db, "SELECT COUNT(*) FROM sqlite_master WHERE type = 'view' "
                      "AND name IN ('run_summary', 'leaderboard', 'variant_stats')");
  views.Step();
  if (views.Int(0) == 3 && version >= kViewsVersion) return;
  if (views.Int(0) < 3) {
    Statement tables(db, "SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' "
                         "AND name IN ('runs', 'epochs', 'evals', 'experiments')");
    tables.Step();
    if (tables.Int(0) < 4) return;  // not (yet) a results database: nothing to view
  }
  // Older stored views (variant_config before 9, unclamped intervals before 6) are shadowed:
  // a TEMP view of a name hides the stored one, and the TEMP ones read each other.
  db.Exec(fmt::format("CREATE TEMP VIEW IF NOT EXISTS run_summary AS {}", RunSummaryViewSelect()));
  db.Exec(fmt::format("CREATE TEMP VIEW IF NOT EXISTS leaderboard AS {}", LeaderboardViewSelect()));
  db.Exec(VariantStatsSql(/*temporary=*/true));
}

// A run's own columns (RunsQuery's); its epoch columns come from EpochAggregate.
RunRow RunFromRow(const Statement& q) {
  RunRow r;
  r.run_id = q.Int(0);
  r.experiment = q.Text(1);
  r.variant_config = q.Text(2);
  r.model = q.Text(3);
  r.seed = q.Int(4);
  r.epochs = q.Int(5);
  r.status = q.Text(6);
  r.error = q.Text(7);
  r.device = q.Text(8);
  r.threads = q.Int(9);
  r.torch_version = q.Text(10);
  r.git_rev = q.Text(11);
  r.dataset = q.Text(12);
  r.optimizer = q.Text(13);
  r.loss = q.Text(14);
  r.lr = q.Double(15);
  r.batch_size = q.Int(16);
  r.params = q.Int(17);
  r.run_key = q.Text(18);
  r.experiment_id = q.Int(19);
  return r;
}

std::string RunsQuery() {
  return fmt::format(
      "SELECT r.id, x.name, {}, r.model, r.seed, r.epochs, r.status, COALESCE(r.error, ''), "
      "COALESCE(r.device, ''), COALESCE(r.threads, 0), COALESCE(r.torch_version, ''), "
      "COALESCE(r.git_rev, ''), r.dataset, r.optimizer, r.loss, r.lr, r.batch_size, r.params, "
      "r.run_key, r.experiment_id FROM runs r JOIN experiments x ON x.id = r.experiment_id "
      "ORDER BY r.id",
      VariantConfigSql());
}

// One run's epochs as run_summary aggregates them (schema.cc), fed in epoch order.
struct EpochAggregate {
  int64_t count = 0, sps_count = 0;
  std::optional<double> seconds;  // SUM: none while every value is NULL
  double sps_sum = 0;
  int64_t final_epoch = 0, best_epoch = 0;
  std::optional<double> best_key, best_val, best_test;
  std::optional<double> train_loss, train_accuracy, val_loss, val_accuracy, test_loss,
      test_accuracy;

  // Columns: run_id, epoch, train_loss, train_accuracy, val_loss, val_accuracy, test_loss,
  // test_accuracy, seconds, samples_per_second.
  void Add(const Statement& q) {
    ++count;
    if (!q.IsNull(8)) seconds = seconds.value_or(0) + q.Double(8);
    if (!q.IsNull(9)) {
      sps_sum += q.Double(9);
      ++sps_count;
    }
    final_epoch = q.Int(1);  // the newest: epochs come in order
    train_loss = q.OptionalDouble(2);
    train_accuracy = q.OptionalDouble(3);
    val_loss = q.OptionalDouble(4);
    val_accuracy = q.OptionalDouble(5);
    test_loss = q.OptionalDouble(6);
    test_accuracy = q.OptionalDouble(7);
    // Best: the highest COALESCE(val, test), NULL lowest, the earliest epoch on ties.
    const std::optional<double> key = val_accuracy ? val_accuracy : test_accuracy;
    if (count == 1 || (key && (!best_key || *key > *best_key))) {
      best_key = key;
      best_epoch = final_epoch;
      best_val = val_accuracy;
      best_test = test_accuracy;
    }
  }

  void Into(RunRow& r) const {
    r.epochs_done = count;
    r.final_epoch = final_epoch;
    r.train_loss = train_loss;
    r.train_accuracy = train_accuracy;
    r.val_loss = val_loss;
    r.val_accuracy = val_accuracy;
    r.test_loss = test_loss;
    r.test_accuracy = test_accuracy;
    if (seconds) r.seconds_per_epoch = *seconds / static_cast<double>(count);
    if (sps_count > 0) r.samples_per_second = sps_sum / static_cast<double>(sps_count);
    r.best_epoch = best_epoch;
    r.best_val_accuracy = best_val;
    r.best_test_accuracy = best_test;
  }
};

std::unordered_map<int64_t, size_t> IndexById(const std::vector<RunRow>& runs) {
  std::unordered_map<int64_t, size_t> index;
  for (size_t i = 0; i < runs.size(); ++i) index[runs[i].run_id] = i;
  return index;
}

}  // namespace

namespace {

std::unique_ptr<Database> OpenForReading(const std::string& path, const std::string& missing) {
  if (!std::filesystem::exists(path)) {
    throw BadInput(fmt::format("{}: no such database ({})", path, missing));
  }
  auto db = std::make_unique<Database>(path, Database::Mode::kReadOnly);
  db->Exec("PRAGMA busy_timeout = 5000");
  // Reads map the file rather than copy each page (a 100,000-run store is ~90 MB).
  db->Exec("PRAGMA mmap_size = 1073741824");
  CheckSchemaVersion(*db);
  return db;
}

}  // namespace

StoreReader::StoreReader(const std::string& path, const std::string& missing)
    : owned_(OpenForReading(path, missing)), db_(owned_.get()) {
  EnsureResultViews(*db_);
}

StoreReader::StoreReader(Database& db, Views views) : db_(&db) {
  if (views == Views::kEnsure) EnsureResultViews(*db_);
}

StoreReader::~StoreReader() = default;

std::vector<std::string> StoreReader::Experiments() {
  std::vector<std::string> names;
  Statement q(*db_, "SELECT name FROM experiments ORDER BY id");
  while (q.Step()) names.push_back(q.Text(0));
  return names;
}

std::vector<std::string> StoreReader::SelectExperiments(const std::vector<std::string>& wanted) {
  const std::vector<std::string> all = Experiments();
  if (wanted.empty()) return all;
  for (const std::string& name : wanted) {
    if (std::find(all.begin(), all.end(), name) != all.end()) continue;
    std::string known;
    for (const std::string& a : all) known += (known.empty() ? "" : ", ") + a;
    throw BadInput(fmt::format("{}: no experiment '{}' (experiments: {})", path(),
                               name, known.empty() ? "none yet" : known));
  }
  std::vector<std::string> out;
  for (const std::string& name : all) {
    if (std::find(wanted.begin(), wanted.end(), name) != wanted.end()) out.push_back(name);
  }
  return out;
}

// run_summary's rows, built from the tables in two scans rather than read through the view,
// whose per-run lookups of the final and best epoch took 0.7 s of a report at 100,000 runs.
// tests/store/test_reader.cc holds every column equal to the view's on real stores.
std::vector<RunRow> StoreReader::LoadRuns(const std::vector<std::string>& experiments) {
  const std::set<std::string> selected(experiments.begin(), experiments.end());
  std::vector<RunRow> runs;
  Statement q(*db_, RunsQuery());
  while (q.Step()) {
    if (selected.count(q.Text(1)) > 0) runs.push_back(RunFromRow(q));
  }
  const auto index = IndexById(runs);
  Statement e(*db_, "SELECT run_id, epoch, train_loss, train_accuracy, val_loss, val_accuracy, "
                    "test_loss, test_accuracy, seconds, samples_per_second FROM epochs "
                    "ORDER BY run_id, epoch");
  EpochAggregate run;
  auto at = index.end();
  const auto flush = [&] {
    if (at != index.end()) run.Into(runs[at->second]);
  };
  int64_t current = 0;
  while (e.Step()) {
    if (at == index.end() || e.Int(0) != current) {
      flush();
      current = e.Int(0);
      at = index.find(current);
      run = EpochAggregate();
    }
    if (at != index.end()) run.Add(e);
  }
  flush();
  return runs;
}

// Every epoch's validation (else test) accuracy of `runs`, in the table's order.
void StoreReader::ScanCurves(
    const std::vector<RunRow>& runs,
    const std::function<void(size_t, int64_t, const std::optional<double>&)>& add) {
  const auto index = IndexById(runs);
  Statement q(*db_, "SELECT run_id, epoch, COALESCE(val_accuracy, test_accuracy) FROM epochs");
  while (q.Step()) {
    const auto found = index.find(q.Int(0));
    if (found != index.end()) add(found->second, q.Int(1), q.OptionalDouble(2));
  }
}

// Fills each run's final-epoch eval accuracies (at the final_epoch LoadRuns found, the newest
// committed one, as run_summary has it) from the evals table, whose 17 digits run_summary's JSON
// would cut to 15; returns the eval sets seen, sorted.
std::vector<std::string> StoreReader::ScanFinalEvals(std::vector<RunRow>& runs,
                                                     const FinalEvalSink& add) {
  const auto index = IndexById(runs);
  std::set<std::string> sets;
  Statement q(*db_, "SELECT run_id, epoch, eval_set, accuracy FROM evals "
                    "WHERE accuracy IS NOT NULL");
  while (q.Step()) {
    const auto found = index.find(q.Int(0));
    if (found == index.end() || runs[found->second].final_epoch != q.Int(1)) continue;
    const std::string set = q.Text(2);
    runs[found->second].eval_accuracy[set] = q.Double(3);
    sets.insert(set);
    if (add) add(found->second, set, q.Double(3));
  }
  return {sets.begin(), sets.end()};
}

std::vector<RunRow> StoreReader::Runs(const std::vector<std::string>& experiments) {
  std::vector<RunRow> runs = LoadRuns(experiments);
  ScanFinalEvals(runs, nullptr);
  return runs;
}

namespace {

constexpr const char* kEpochColumns =
    "epoch, train_loss, train_accuracy, val_loss, val_accuracy, test_loss, test_accuracy, lr, "
    "seconds, samples_per_second";

// One row of kEpochColumns, read from column `at` on.
EpochResult EpochFromRow(Statement& q, int at) {
  EpochResult e;
  e.epoch = q.Int(at);
  e.train_loss = q.OptionalDouble(at + 1);
  e.train_accuracy = q.OptionalDouble(at + 2);
  e.val_loss = q.OptionalDouble(at + 3);
  e.val_accuracy = q.OptionalDouble(at + 4);
  e.test_loss = q.OptionalDouble(at + 5);
  e.test_accuracy = q.OptionalDouble(at + 6);
  e.lr = q.OptionalDouble(at + 7);
  e.seconds = q.OptionalDouble(at + 8);
  e.samples_per_second = q.OptionalDouble(at + 9);
  return e;
}

// An eval row (epoch, eval_set, accuracy, loss from column `at`) into its epoch of `epochs`
// (ascending); an eval of an epoch without a row is dropped, as run_summary drops it.
void AddEval(Statement& q, int at, std::vector<EpochResult>& epochs) {
  const int64_t epoch = q.Int(at);
  const auto e = std::lower_bound(epochs.begin(), epochs.end(), epoch,
                                  [](const EpochResult& r, int64_t v) { return r.epoch < v; });
  if (e == epochs.end() || e->epoch != epoch) return;
  if (const auto accuracy = q.OptionalDouble(at + 2)) e->eval_accuracy[q.Text(at + 1)] = *accuracy;
  if (const auto loss = q.OptionalDouble(at + 3)) e->eval_loss[q.Text(at + 1)] = *loss;
}

}  // namespace

std::vector<EpochResult> StoreReader::Epochs(int64_t run_id) {
  std::vector<EpochResult> epochs;
  Statement q(*db_, fmt::format("SELECT {} FROM epochs WHERE run_id = ?1 ORDER BY epoch",
                                kEpochColumns));
  q.Bind(1, run_id);
  while (q.Step()) epochs.push_back(EpochFromRow(q, 0));
  Statement evals(*db_, "SELECT epoch, eval_set, accuracy, loss FROM evals WHERE run_id = ?1");
  evals.Bind(1, run_id);
  while (evals.Step()) AddEval(evals, 0, epochs);
  return epochs;
}

std::map<int64_t, std::vector<EpochResult>> StoreReader::EpochsOf(const std::vector<int64_t>& run_ids) {
  std::map<int64_t, std::vector<EpochResult>> out;
  for (int64_t id : run_ids) out[id];
  // One scan in primary-key order: a statement per run costs more than the rows themselves
  // once there are thousands of runs.
  Statement q(*db_, fmt::format("SELECT run_id, {} FROM epochs ORDER BY run_id, epoch",
                                kEpochColumns));
  while (q.Step()) {
    const auto found = out.find(q.Int(0));
    if (found != out.end()) found->second.push_back(EpochFromRow(q, 1));
  }
  return out;
}

std::optional<RunRow> StoreReader::Record(int64_t run_id) {
  Statement q(*db_,
              "SELECT r.id, COALESCE(r.threads, 0), "
              "(SELECT COUNT(*) FROM epochs e WHERE e.run_id = r.id), x.name, r.run_key, "
              "r.status, r.config_json, COALESCE(r.device, ''), COALESCE(r.torch_version, ''), "
              "COALESCE(r.git_rev, ''), COALESCE(r.data_sha256, ''), COALESCE(r.host, ''), "
              "r.experiment_id "
              "FROM runs r JOIN experiments x ON x.id = r.experiment_id WHERE r.id = ?1");
  q.Bind(1, run_id);
  if (!q.Step()) return std::nullopt;
  RunRow r;
  r.run_id = q.Int(0);
  r.threads = q.Int(1);
  r.epochs_done = q.Int(2);
  r.experiment = q.Text(3);
  r.run_key = q.Text(4);
  r.status = q.Text(5);
  r.config_json = q.Text(6);
  r.device = q.Text(7);
  r.torch_version = q.Text(8);
  r.git_rev = q.Text(9);
  r.data_sha256 = q.Text(10);
  r.host = q.Text(11);
  r.experiment_id = q.Int(12);
  return r;
}

std::vector<StoredPredictions> StoreReader::Predictions(int64_t run_id) {
  return ReadPredictions(*db_, run_id);
}

std::vector<RaceRoundRow> StoreReader::RaceRounds(int64_t experiment_id) {
  return ReadRaceRounds(*db_, experiment_id);
}

std::vector<RunRow> StoreReader::RaceRuns(int64_t experiment_id) {
  return mnb::RaceRuns(*db_, experiment_id);
}

ConfusionResult StoreReader::Confusion(int64_t run_id) {
  ConfusionResult out;
  Statement cells(*db_,
                  "SELECT true_label, predicted_label, count FROM confusion WHERE run_id = ?1");
  cells.Bind(1, run_id);
  std::vector<std::tuple<int64_t, int64_t, int64_t>> found;
  int64_t classes = 0;
  while (cells.Step()) {
    found.emplace_back(cells.Int(0), cells.Int(1), cells.Int(2));
    classes = std::max({classes, cells.Int(0) + 1, cells.Int(1) + 1});
  }
  if (classes > 0 && classes <= 1000) {  // a corrupt label must not allocate a huge matrix
    out.matrix.assign(classes, std::vector<int64_t>(classes, 0));
    for (const auto& [t, p, n] : found) {
      if (t >= 0 && p >= 0) out.matrix[t][p] = n;
    }
  }
  Statement metrics(*db_, "SELECT label, precision, recall, f1 FROM class_metrics "
                          "WHERE run_id = ?1 ORDER BY label");
  metrics.Bind(1, run_id);
  while (metrics.Step()) {
    ClassResult c;
    c.label = metrics.Int(0);
    c.precision = metrics.OptionalDouble(1);
    c.recall = metrics.OptionalDouble(2);
    c.f1 = metrics.OptionalDouble(3);
    if (c.label >= 0 && c.label < static_cast<int64_t>(out.matrix.size())) {
      for (int64_t n : out.matrix[c.label]) c.support += n;
    }
    out.classes.push_back(c);
  }
  return out;
}

std::vector<EnvironmentResult> StoreReader::Environments(const std::vector<std::string>& experiments) {
  std::vector<EnvironmentResult> out;
  Statement q(*db_,
              "SELECT r.device, COALESCE(r.torch_version, '?'), COALESCE(r.threads, 0), "
              "COALESCE(r.git_rev, '?'), COUNT(*) FROM runs r "
              "JOIN experiments x ON x.id = r.experiment_id "
              "WHERE r.device IS NOT NULL AND x.name IN (SELECT value FROM json_each(?1)) "
              "GROUP BY 1, 2, 3, 4 ORDER BY 5 DESC, 1, 2, 3, 4");
  q.Bind(1, nlohmann::json(experiments).dump());
  while (q.Step()) {
    EnvironmentResult e;
    e.device = q.Text(0);
    e.torch_version = q.Text(1);
    e.threads = q.Int(2);
    e.git_rev = q.Text(3);
    e.runs = q.Int(4);
    out.push_back(e);
  }
  return out;
}

std::vector<QueryResult> StoreReader::Query(const std::string& sql) {
  return RunReadOnlyQuery(*db_, sql);
}

ReadSnapshot::ReadSnapshot(StoreReader& reader) : db_(*reader.db_) { db_.Exec("BEGIN"); }

ReadSnapshot::~ReadSnapshot() {
  try {
    db_.Exec("COMMIT");
  } catch (const StoreError&) {
  }
}

}  // namespace mnb
