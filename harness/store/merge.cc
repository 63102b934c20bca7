#include "harness/store/merge.h"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <stdexcept>

#include "harness/base/artifact_layout.h"
#include "harness/base/error.h"
#include "harness/store/schema.h"
#include "harness/store/store.h"

namespace mnb {

namespace {

namespace fs = std::filesystem;

// Tables holding one run's results, keyed by run_id; merge copies them with their run.
const char* const kRunTables[] = {"epochs", "evals", "confusion", "class_metrics", "predictions",
                                  "rungs", "race_rounds"};

bool KnownTable(const std::string& name) {
  if (name == "experiments" || name == "runs") return true;
  // Reference data every migrated database holds the same of (the view variant_stats reads it):
  // the output's own migration writes it, nothing to copy.
  if (name == "t_quantile_975") return true;
  return std::any_of(std::begin(kRunTables), std::end(kRunTables),
                     [&](const char* t) { return name == t; });
}

enum class Kind { kInteger, kReal, kText, kBlob };

struct Column {
  std::string name;
  Kind kind = Kind::kText;
};

// SQLite's own affinity rules, reduced to the three storage classes our schema uses.
Kind KindOf(std::string declared) {
  std::transform(declared.begin(), declared.end(), declared.begin(),
                 [](unsigned char c) { return static_cast<char>(std::toupper(c)); });
  if (declared.find("INT") != std::string::npos) return Kind::kInteger;
  if (declared.find("BLOB") != std::string::npos) return Kind::kBlob;
  if (declared.find("REAL") != std::string::npos || declared.find("FLOA") != std::string::npos ||
      declared.find("DOUB") != std::string::npos) {
    return Kind::kReal;
  }
  return Kind::kText;
}

std::vector<Column> TableColumns(Database& db, const std::string& table) {
  std::vector<Column> columns;
  Statement q(db, fmt::format("PRAGMA table_info({})", table));
  while (q.Step()) columns.push_back({q.Text(1), KindOf(q.Text(2))});
  return columns;
}

// The columns both databases have (an input may predate a column), typed as the output
// declares them, without `skip`.
std::vector<Column> SharedColumns(Database& src, Database& dst, const std::string& table,
                                  const std::set<std::string>& skip) {
  std::set<std::string> in_src;
  for (const Column& c : TableColumns(src, table)) in_src.insert(c.name);
  std::vector<Column> shared;
  for (const Column& c : TableColumns(dst, table)) {
    if (in_src.count(c.name) && !skip.count(c.name)) shared.push_back(c);
  }
  return shared;
}

std::string NameList(const std::vector<Column>& columns, const std::string& prefix = "") {
  std::string out;
  for (const Column& c : columns) out += (out.empty() ? "" : ", ") + prefix + c.name;
  return out;
}

// Binds `from`'s columns [first, first + n) to `to`'s parameters [to_first, ...), exactly: REAL
// values go through as doubles, so metrics survive a merge bit for bit.
void CopyValues(const Statement& from, int first, const std::vector<Column>& columns,
                Statement& to, int to_first) {
  for (size_t i = 0; i < columns.size(); ++i) {
    const int col = first + static_cast<int>(i);
    const int param = to_first + static_cast<int>(i);
    if (from.IsNull(col)) {
      to.BindNull(param);
      continue;
    }
    switch (columns[i].kind) {
      case Kind::kInteger: to.Bind(param, from.Int(col)); break;
      case Kind::kReal: to.Bind(param, from.Double(col)); break;
      case Kind::kText: to.Bind(param, from.Text(col)); break;
      case Kind::kBlob: to.Bind(param, from.Blob(col)); break;
    }
  }
}

int StatusRank(const std::string& status) {
  static const std::map<std::string, int> kRank = {{"queued", 0},      {"running", 1},
                                                   {"interrupted", 2}, {"failed", 3},
                                                   {"diverged", 4},    {"pruned", 5},
                                                   {"completed", 6}};
  const auto it = kRank.find(status);
  return it == kRank.end() ? -1 : it->second;
}

// What decides between two copies of one run.
struct RunFacts {
  int64_t id = 0;
  std::string status, finished_at, model;
  int64_t epochs = 0;
  std::string final_metrics;  // exact text of the final epoch's metrics, evals and confusion
  std::string summary;        // for messages: the final test accuracy
};

std::string Exact(const Statement& q, int col) {
  return q.IsNull(col) ? "null" : fmt::format("{:.17g}", q.Double(col));
}

RunFacts Facts(Database& db, int64_t run_id) {
  RunFacts f;
  f.id = run_id;
  {
    Statement q(db, "SELECT status, COALESCE(finished_at, ''), model, "
                    "(SELECT COUNT(*) FROM epochs WHERE run_id = ?1) FROM runs WHERE id = ?1");
    q.Bind(1, run_id);
    q.Step();
    f.status = q.Text(0);
    f.finished_at = q.Text(1);
    f.model = q.Text(2);
    f.epochs = q.Int(3);
  }
  int64_t last = 0;
  {
    Statement q(db, "SELECT epoch, train_loss, train_accuracy, val_loss, val_accuracy, test_loss, "
                    "test_accuracy FROM epochs WHERE run_id = ?1 ORDER BY epoch DESC LIMIT 1");
    q.Bind(1, run_id);
    if (q.Step()) {
      last = q.Int(0);
      f.final_metrics = fmt::format("epoch {} train {} {} val {} {} test {} {}", last, Exact(q, 1),
                                    Exact(q, 2), Exact(q, 3), Exact(q, 4), Exact(q, 5),
                                    Exact(q, 6));
      f.summary = fmt::format("epoch {}, test_accuracy {}", last,
                              q.IsNull(6) ? "none" : fmt::format("{:.6g}", q.Double(6)));
    }
  }
  {
    Statement q(db, "SELECT eval_set, loss, accuracy FROM evals WHERE run_id = ?1 AND epoch = ?2 "
                    "ORDER BY eval_set");
    q.Bind(1, run_id).Bind(2, last);
    while (q.Step()) {
      f.final_metrics += fmt::format(" | {} {} {}", q.Text(0), Exact(q, 1), Exact(q, 2));
    }
  }
  {
    Statement q(db, "SELECT true_label, predicted_label, count FROM confusion WHERE run_id = ?1 "
                    "ORDER BY true_label, predicted_label");
    q.Bind(1, run_id);
    while (q.Step()) f.final_metrics += fmt::format(" {}:{}={}", q.Int(0), q.Int(1), q.Int(2));
  }
  return f;
}

// One input database, read in one snapshot.
struct Input {
  std::string path;
  std::unique_ptr<Database> db;
};

void CheckInput(Input& in) {
  CheckSchemaVersion(*in.db);
  // A table this code does not copy would be dropped silently: refuse while it holds rows.
  std::vector<std::string> tables;
  {
    Statement q(*in.db, "SELECT name FROM sqlite_master WHERE type = 'table' "
                        "AND name NOT LIKE 'sqlite_%' ORDER BY name");
    while (q.Step()) tables.push_back(q.Text(0));
  }
  for (const std::string& table : tables) {
    if (KnownTable(table)) continue;
    Statement count(*in.db, fmt::format("SELECT COUNT(*) FROM \"{}\"", table));
    count.Step();
    if (count.Int(0) > 0) {
      throw StoreError(fmt::format("{}: table '{}' has {} row(s) that merge does not know how to "
                                   "copy; refusing to drop them",
                                   in.path, table, count.Int(0)));
    }
  }
  for (const char* table : {"experiments", "runs", "epochs", "evals", "confusion",
                            "class_metrics"}) {
    if (TableColumns(*in.db, table).empty()) {
      throw StoreError(fmt::format("{}: no table '{}' (expected a mnistbench results database)",
                                   in.path, table));
    }
  }
}

class Merger {
 public:
  Merger(Database& out, MergePrefer prefer) : out_(out), prefer_(prefer) {}

  void MergeInput(Input& in, MergeSummary& summary) {
    Database& src = *in.db;
    columns_.clear();
    Statement experiments(src, fmt::format("SELECT id, {} FROM experiments ORDER BY id",
                                           NameList(Shared(src, "experiments", {"id"}))));
    while (experiments.Step()) {
      const int64_t src_experiment = experiments.Int(0);
      const std::string name = experiments.Text(1 + NameIndex(src, "experiments", "name"));
      int64_t dst_experiment = 0;
      if (std::optional<int64_t> id = FindExperiment(name)) {
        dst_experiment = *id;  // the output's file path and content stay
      } else {
        dst_experiment = InsertExperiment(src, experiments);
        ++summary.experiments_added;
      }
      MergeRuns(in, src_experiment, dst_experiment, name, summary);
    }
  }

  struct CopiedRun {
    std::string src_db;
    int64_t src_id = 0, dst_id = 0;
    bool replaced = false;
  };
  const std::vector<CopiedRun>& copied() const { return copied_; }

 private:
  const std::vector<Column>& Shared(Database& src, const std::string& table,
                                    const std::set<std::string>& skip) {
    std::string key = table;
    for (const std::string& s : skip) key += "/" + s;
    auto it = columns_.find(key);
    if (it == columns_.end()) {
      it = columns_.emplace(key, SharedColumns(src, out_, table, skip)).first;
    }
    return it->second;
  }

  int NameIndex(Database& src, const std::string& table, const std::string& column) {
    const std::vector<Column>& cols = Shared(src, table, {"id"});
    for (size_t i = 0; i < cols.size(); ++i) {
      if (cols[i].name == column) return static_cast<int>(i);
    }
    throw StoreError(fmt::format("{}: table '{}' has no column '{}'", src.path(), table, column));
  }

  std::optional<int64_t> FindExperiment(const std::string& name) {
    Statement q(out_, "SELECT id FROM experiments WHERE name = ?1");
    q.Bind(1, name);
    if (!q.Step()) return std::nullopt;
    return q.Int(0);
  }

  int64_t InsertExperiment(Database& src, const Statement& row) {
    const std::vector<Column>& cols = Shared(src, "experiments", {"id"});
    std::string params;
    for (size_t i = 0; i < cols.size(); ++i) params += fmt::format("{}?{}", i ? ", " : "", i + 1);
    Statement insert(out_, fmt::format("INSERT INTO experiments({}) VALUES ({})", NameList(cols),
                                       params));
    CopyValues(row, 1, cols, insert, 1);
    insert.Run();
    return out_.LastInsertId();
  }

  void MergeRuns(Input& in, int64_t src_experiment, int64_t dst_experiment,
                 const std::string& experiment_name, MergeSummary& summary) {
    Database& src = *in.db;
    Statement runs(src, "SELECT id, run_key FROM runs WHERE experiment_id = ?1 ORDER BY id");
    runs.Bind(1, src_experiment);
    while (runs.Step()) {
      const int64_t src_id = runs.Int(0);
      const std::string run_key = runs.Text(1);
      Statement find(out_, "SELECT id FROM runs WHERE experiment_id = ?1 AND run_key = ?2");
      find.Bind(1, dst_experiment).Bind(2, run_key);
      if (!find.Step()) {
        const int64_t dst_id = InsertRun(src, src_id, dst_experiment);
        CopyRunRows(src, src_id, dst_id);
        copied_.push_back({in.path, src_id, dst_id, false});
        sources_[{experiment_name, run_key}] = in.path;
        ++summary.runs_added;
        continue;
      }
      const int64_t dst_id = find.Int(0);
      const RunFacts mine = Facts(out_, dst_id);
      const RunFacts theirs = Facts(src, src_id);
      if (!TakeIncoming(mine, theirs, in.path, experiment_name, run_key, summary)) {
        ++summary.runs_kept;
        continue;
      }
      UpdateRun(src, src_id, dst_id);
      for (const char* table : kRunTables) {
        Statement clear(out_, fmt::format("DELETE FROM {} WHERE run_id = ?1", table));
        clear.Bind(1, dst_id).Run();
      }
      CopyRunRows(src, src_id, dst_id);
      copied_.push_back({in.path, src_id, dst_id, true});
      sources_[{experiment_name, run_key}] = in.path;
      ++summary.runs_replaced;
    }
  }

  // Whether the incoming copy of a run replaces the output's.
  bool TakeIncoming(const RunFacts& mine, const RunFacts& theirs, const std::string& their_path,
                    const std::string& experiment_name, const std::string& run_key,
                    MergeSummary& summary) {
    const bool both_completed = mine.status == "completed" && theirs.status == "completed";
    if (!both_completed) {
      const int a = StatusRank(mine.status), b = StatusRank(theirs.status);
      return b > a || (b == a && theirs.epochs > mine.epochs);
    }
    if (mine.final_metrics == theirs.final_metrics) return false;
    const auto source = sources_.find({experiment_name, run_key});
    const std::string my_path = source != sources_.end() ? source->second : out_.path();
    if (prefer_ == MergePrefer::kNone) {
      throw MergeConflict(fmt::format(
          "experiment '{}', run {} ({}): two different completed results, {} in {} (finished "
          "{}) and {} in {} (finished {}); pass --prefer newest or --prefer oldest to choose",
          experiment_name, run_key, mine.model, mine.summary, my_path, mine.finished_at,
          theirs.summary, their_path, theirs.finished_at));
    }
    ++summary.conflicts;
    return prefer_ == MergePrefer::kNewest ? theirs.finished_at > mine.finished_at
                                           : theirs.finished_at < mine.finished_at;
  }

  int64_t InsertRun(Database& src, int64_t src_id, int64_t dst_experiment) {
    const std::vector<Column>& cols = Shared(src, "runs", {"id", "experiment_id"});
    Statement row(src, fmt::format("SELECT {} FROM runs WHERE id = ?1", NameList(cols)));
    row.Bind(1, src_id);
    row.Step();
    std::string params = "?1";
    for (size_t i = 0; i < cols.size(); ++i) params += fmt::format(", ?{}", i + 2);
    Statement insert(out_, fmt::format("INSERT INTO runs(experiment_id, {}) VALUES ({})",
                                       NameList(cols), params));
    insert.Bind(1, dst_experiment);
    CopyValues(row, 0, cols, insert, 2);
    insert.Run();
    return out_.LastInsertId();
  }

  void UpdateRun(Database& src, int64_t src_id, int64_t dst_id) {
    const std::vector<Column>& cols = Shared(src, "runs", {"id", "experiment_id", "run_key"});
    Statement row(src, fmt::format("SELECT {} FROM runs WHERE id = ?1", NameList(cols)));
    row.Bind(1, src_id);
    row.Step();
    std::string sets;
    for (size_t i = 0; i < cols.size(); ++i) {
      sets += fmt::format("{}{} = ?{}", i ? ", " : "", cols[i].name, i + 2);
    }
    Statement update(out_, fmt::format("UPDATE runs SET {} WHERE id = ?1", sets));
    update.Bind(1, dst_id);
    CopyValues(row, 0, cols, update, 2);
    update.Run();
  }

  void CopyRunRows(Database& src, int64_t src_id, int64_t dst_id) {
    for (const char* table : kRunTables) {
      const std::vector<Column>& cols = Shared(src, table, {"run_id"});
      if (cols.empty()) continue;  // an input from before the table (predictions: schema 4)
      Statement rows(src,
                     fmt::format("SELECT {} FROM {} WHERE run_id = ?1", NameList(cols), table));
      rows.Bind(1, src_id);
      std::string params = "?1";
      for (size_t i = 0; i < cols.size(); ++i) params += fmt::format(", ?{}", i + 2);
      Statement insert(out_, fmt::format("INSERT INTO {}(run_id, {}) VALUES ({})", table,
                                         NameList(cols), params));
      while (rows.Step()) {
        insert.Reset();
        insert.Bind(1, dst_id);
        CopyValues(rows, 0, cols, insert, 2);
        insert.Run();
      }
    }
  }

  Database& out_;
  MergePrefer prefer_;
  std::map<std::string, std::vector<Column>> columns_;  // per input: reset in MergeInput
  std::map<std::pair<std::string, std::string>, std::string> sources_;  // run -> file it came from
  std::vector<CopiedRun> copied_;
};

// A run's artifacts follow it under its new id; replaced runs lose their old ones.
void CopyArtifacts(const std::vector<Merger::CopiedRun>& copied, const std::string& output,
                   MergeSummary& summary) {
  for (const Merger::CopiedRun& run : copied) {
    const fs::path from = RunArtifactDir(run.src_db, run.src_id);
    const fs::path to = RunArtifactDir(output, run.dst_id);
    std::error_code error;
    if (run.replaced) fs::remove_all(to, error);
    if (!fs::is_directory(from)) continue;
    fs::create_directories(to.parent_path(), error);
    fs::copy(from, to, fs::copy_options::recursive | fs::copy_options::overwrite_existing, error);
    if (error) {
      summary.warnings.push_back(
          fmt::format("could not copy {} to {}: {}", from.string(), to.string(), error.message()));
    } else {
      ++summary.artifact_dirs;
    }
  }
}

}  // namespace

MergeSummary MergeDatabases(const MergeOptions& options) {
  if (options.inputs.empty()) throw BadInput("merge: no input databases given");
  if (options.output.empty()) throw BadInput("merge: no output database (-o) given");
  const bool output_existed = fs::exists(options.output);
  std::vector<Input> inputs;
  for (const std::string& path : options.inputs) {
    std::error_code ignored;
    if (!fs::is_regular_file(path)) {
      throw BadInput(fmt::format("{}: no such database file", path));
    }
    if (output_existed && fs::equivalent(path, options.output, ignored)) {
      throw BadInput(
          fmt::format("{}: is both an input and the output (-o); merge into another file", path));
    }
    Input in{path, std::make_unique<Database>(path, Database::Mode::kReadOnly)};
    in.db->Exec("PRAGMA busy_timeout = 60000");
    // One snapshot per input, even while a shard is still writing to it.
    in.db->Exec("BEGIN");
    CheckInput(in);
    inputs.push_back(std::move(in));
  }

  MergeSummary summary;
  std::vector<Merger::CopiedRun> copied;
  try {
    Store store(options.output);
    Transaction txn(store.db());
    Merger merger(store.db(), options.prefer);
    for (Input& in : inputs) merger.MergeInput(in, summary);
    txn.Commit();
    copied = merger.copied();
  } catch (...) {
    if (!output_existed) {
      std::error_code ignored;
      for (const char* suffix : {"", "-wal", "-shm"}) fs::remove(options.output + suffix, ignored);
    }
    throw;
  }
  for (Input& in : inputs) in.db->Exec("COMMIT");
  CopyArtifacts(copied, options.output, summary);
  return summary;
}

}  // namespace mnb
