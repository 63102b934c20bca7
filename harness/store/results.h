// Results: the one reader of a results database. Reports, `check`, `query` and every later
// reader (compare, search, serve) ask it for typed rows (result_rows.h); no SQL lives outside
// harness/store.
//
// Contract: a Results never writes. On a database that predates the views run_summary and
// leaderboard (schema version 1) it creates them as TEMP views of its own connection, so
// reading an old file changes nothing in it. Runs are rows of run_summary, which defines a run's
// final and best epochs; variants and their statistics are variants.h's. Each read is one
// statement; a ReadSnapshot makes several reads see one consistent state while writers go on.
// An experiment name that is not in the database is bad input: std::invalid_argument naming the
// file and the experiments it holds. SQLite failures throw StoreError (sqlite.h).
#ifndef MNISTBENCH_HARNESS_STORE_RESULTS_H_
#define MNISTBENCH_HARNESS_STORE_RESULTS_H_

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "harness/store/read_only_query.h"
#include "harness/store/predictions.h"
#include "harness/store/result_rows.h"
#include "harness/store/sqlite.h"

namespace mnb {

// SQL for the final epoch of the run whose id is the SQL expression `run_id`: its newest
// committed epoch, as run_summary defines it. For the store's own progress reads (Store::Runs),
// which must not depend on the views.
std::string FinalEpochSql(const std::string& run_id);

class Results {
 public:
  // Opens `path` read-only, waiting up to 5 s for a busy writer.
  explicit Results(const std::string& path);
  // Reads through a connection the caller owns and keeps open while this lives.
  explicit Results(Database& db);
  ~Results();
  Results(const Results&) = delete;
  Results& operator=(const Results&) = delete;

  const std::string& path() const { return db_->path(); }

  std::vector<std::string> Experiments();  // names, in creation order
  // `wanted` in creation order (empty: all); throws std::invalid_argument on an unknown name.
  std::vector<std::string> SelectExperiments(const std::vector<std::string>& wanted);

  // The runs of these experiments, by id, with their final-epoch eval accuracies; no labels.
  std::vector<RunResult> Runs(const std::vector<std::string>& experiments);
  // Runs and their variants: statistics, best epochs, ranks and labels. `wanted` as in
  // SelectExperiments.
  ResultSet Read(const std::vector<std::string>& wanted);

  std::vector<EpochResult> Epochs(int64_t run_id);  // by epoch, with every eval set's metrics
  // The same for many runs at once (each id present, empty when it has no epoch) in one scan,
  // without the extra evaluation sets (eval_accuracy and eval_loss stay empty): for curves.
  std::map<int64_t, std::vector<EpochResult>> EpochsOf(const std::vector<int64_t>& run_ids);
  // The run with this id; std::nullopt when there is none.
  std::optional<RunRecord> Record(int64_t run_id);
  ConfusionResult Confusion(int64_t run_id);
  // Its per-example predictions at its final and best epochs (predictions.h); none for runs
  // recorded before schema 4.
  std::vector<StoredPredictions> Predictions(int64_t run_id);
  // Where these experiments' runs ran, most runs first; runs that never started are left out.
  std::vector<EnvironmentResult> Environments(const std::vector<std::string>& experiments);

  // Arbitrary read-only SQL, for `mnistbench query` (read_only_query.h says what is refused).
  std::vector<QueryResult> Query(const std::string& sql);

 private:
  friend class ReadSnapshot;
  using FinalEvalSink = std::function<void(size_t run, const std::string& set, double accuracy)>;

  std::vector<RunResult> LoadRuns(const std::vector<std::string>& experiments);
  void ScanCurves(const std::vector<RunResult>& runs,
                  const std::function<void(size_t, int64_t, const std::optional<double>&)>& add);
  std::vector<std::string> ScanFinalEvals(std::vector<RunResult>& runs, const FinalEvalSink& add);

  std::unique_ptr<Database> owned_;
  Database* db_;
};

// Holds one read transaction on `results` for its lifetime: every read in between sees the
// same committed state.
class ReadSnapshot {
 public:
  explicit ReadSnapshot(Results& results);
  ~ReadSnapshot();
  ReadSnapshot(const ReadSnapshot&) = delete;
  ReadSnapshot& operator=(const ReadSnapshot&) = delete;

 private:
  Database& db_;
};

}  // namespace mnb

#endif  // MNISTBENCH_HARNESS_STORE_RESULTS_H_
