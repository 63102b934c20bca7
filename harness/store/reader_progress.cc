// StoreReader's progress reads (reader.h): experiments, runs per status and the progress rows
// of `status`, the progress line and the runner, apart from the results reads in reader.cc.
#include <fmt/format.h>

#include <algorithm>
#include <optional>
#include <unordered_map>

#include "harness/store/reader.h"

namespace mnb {

std::vector<ExperimentRow> StoreReader::ExperimentRows() {
  std::vector<ExperimentRow> rows;
  Statement q(*db_, "SELECT id, name, file_path, created_at FROM experiments ORDER BY id");
  while (q.Step()) rows.push_back({q.Int(0), q.Text(1), q.Text(2), q.Text(3)});
  return rows;
}

std::map<std::string, int64_t> StoreReader::StatusCounts(int64_t experiment_id) {
  std::map<std::string, int64_t> counts;
  Statement q(*db_, "SELECT status, COUNT(*) FROM runs WHERE experiment_id = ?1 GROUP BY status");
  q.Bind(1, experiment_id);
  while (q.Step()) counts[q.Text(0)] = q.Int(1);
  return counts;
}

namespace {

constexpr const char* kRunRowColumns =
    "r.id, r.experiment_id, r.run_key, r.model, r.dataset, r.optimizer, r.loss, r.status, r.lr, "
    "r.batch_size, r.epochs, r.seed, r.params, r.attempts, COALESCE(r.pid, 0), "
    "COALESCE(r.host, ''), COALESCE(r.device, ''), COALESCE(r.started_at, ''), "
    "COALESCE(r.finished_at, ''), COALESCE(r.heartbeat_at, ''), COALESCE(r.error, ''), "
    "CASE WHEN r.status = 'running' THEN (SELECT test_accuracy FROM epochs f "
    "WHERE f.run_id = r.id ORDER BY f.epoch DESC LIMIT 1) END";

RunRow RunRowFrom(const Statement& q) {
  RunRow r;
  r.run_id = q.Int(0);
  r.experiment_id = q.Int(1);
  r.run_key = q.Text(2);
  r.model = q.Text(3);
  r.dataset = q.Text(4);
  r.optimizer = q.Text(5);
  r.loss = q.Text(6);
  r.status = q.Text(7);
  r.lr = q.Double(8);
  r.batch_size = q.Int(9);
  r.epochs = q.Int(10);
  r.seed = q.Int(11);
  r.params = q.Int(12);
  r.attempts = q.Int(13);
  r.pid = q.Int(14);
  r.host = q.Text(15);
  r.device = q.Text(16);
  r.started_at = q.Text(17);
  r.finished_at = q.Text(18);
  r.heartbeat_at = q.Text(19);
  r.error = q.Text(20);
  r.test_accuracy = q.OptionalDouble(21);
  return r;
}

}  // namespace

std::vector<RunRow> StoreReader::RunRows(int64_t experiment_id) {
  std::vector<RunRow> rows;
  std::unordered_map<int64_t, size_t> index;
  Statement q(*db_, fmt::format("SELECT {} FROM runs r WHERE r.experiment_id = ?1 ORDER BY r.id",
                                kRunRowColumns));
  q.Bind(1, experiment_id);
  while (q.Step()) {
    index.emplace(q.Int(0), rows.size());
    rows.push_back(RunRowFrom(q));
  }
  // Committed epochs and their seconds in one scan of the table, not two lookups per run.
  Statement epochs(*db_, "SELECT run_id, seconds FROM epochs");
  while (epochs.Step()) {
    const auto found = index.find(epochs.Int(0));
    if (found == index.end()) continue;
    RunRow& r = rows[found->second];
    ++r.epochs_done;
    r.seconds += epochs.OptionalDouble(1).value_or(0.0);
  }
  return rows;
}

OpenRuns StoreReader::ReadOpenRuns(int64_t experiment_id) {
  OpenRuns out;
  // Every run's model from the covering index runs_progress (schema 7), never the rows' JSON.
  struct Slot {
    size_t model;
    std::optional<size_t> open;  // into out.runs
  };
  std::vector<std::string> models;
  std::unordered_map<int64_t, Slot> index;
  {
    Statement count(*db_, "SELECT COUNT(*) FROM runs WHERE experiment_id = ?1");
    count.Bind(1, experiment_id);
    count.Step();
    index.reserve(static_cast<size_t>(count.Int(0)));
  }
  Statement light(*db_, "SELECT id, model FROM runs WHERE experiment_id = ?1 ORDER BY id");
  light.Bind(1, experiment_id);
  while (light.Step()) {
    const std::string model = light.Text(1);
    auto known = std::find(models.begin(), models.end(), model);
    if (known == models.end()) known = models.insert(models.end(), model);
    index.emplace(light.Int(0), Slot{static_cast<size_t>(known - models.begin()), std::nullopt});
  }
  Statement open(*db_, fmt::format("SELECT {} FROM runs r WHERE r.experiment_id = ?1 AND "
                                   "r.status IN ('queued', 'running', 'interrupted', 'failed') "
                                   "ORDER BY r.id",
                                   kRunRowColumns));
  open.Bind(1, experiment_id);
  while (open.Step()) {
    const auto found = index.find(open.Int(0));
    if (found == index.end()) continue;
    found->second.open = out.runs.size();
    out.runs.push_back(RunRowFrom(open));
  }
  std::vector<EpochTotals> totals(models.size());
  Statement epochs(*db_, "SELECT run_id, seconds FROM epochs");
  while (epochs.Step()) {
    const auto found = index.find(epochs.Int(0));
    if (found == index.end()) continue;
    const double seconds = epochs.OptionalDouble(1).value_or(0.0);
    ++totals[found->second.model].epochs;
    totals[found->second.model].seconds += seconds;
    if (found->second.open) {
      RunRow& r = out.runs[*found->second.open];
      ++r.epochs_done;
      r.seconds += seconds;
    }
  }
  for (size_t m = 0; m < models.size(); ++m) out.epochs_by_model[models[m]] = totals[m];
  return out;
}

}  // namespace mnb
