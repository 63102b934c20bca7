// StoreReader: the one way to read a results database. Every reader (status, the progress
// display, report, query, compare, reproduce, seeds, serve, check) opens through it and gets
// typed rows (rows.h); what the rows mean (variants, labels, statistics) is harness/results'.
//
// Contract: a StoreReader never writes. Opening by path refuses a missing file (BadInput naming
// it), opens read-only with a 5 s busy timeout and refuses what CheckSchemaVersion refuses; on a
// database that predates the views run_summary, leaderboard or variant_stats (or variant_stats'
// clamped interval) it creates them as TEMP views of its own connection, so reading an old file
// changes nothing in it. Each read is one statement; a ReadSnapshot makes several reads see one
// state while writers go on. Failures are StoreError (sqlite.h).
#ifndef MNISTBENCH_HARNESS_STORE_READER_H_
#define MNISTBENCH_HARNESS_STORE_READER_H_

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "harness/store/read_only_query.h"
#include "harness/store/predictions.h"
#include "harness/store/race_rounds.h"
#include "harness/store/rows.h"
#include "harness/store/sqlite.h"

namespace mnb {

class StoreReader {
 public:
  // Opens `path` as the contract says; `missing` is the hint after "no such database".
  explicit StoreReader(const std::string& path,
                       const std::string& missing = "run `mnistbench run FILE` first, or pass --db");
  // Reads through a connection the caller owns (a writer's) and keeps open while this lives.
  // kMigrated: the caller's Store migrated it, so the views are there and are not looked for
  // (the sweep's progress reads through one on every run).
  enum class Views { kEnsure, kMigrated };
  explicit StoreReader(Database& db, Views views = Views::kEnsure);
  ~StoreReader();
  StoreReader(const StoreReader&) = delete;
  StoreReader& operator=(const StoreReader&) = delete;

  const std::string& path() const { return db_->path(); }

  std::vector<std::string> Experiments();  // names, in creation order
  std::vector<ExperimentRow> ExperimentRows();  // the same with ids and files
  // An experiment's runs, by id, as the progress reads see them: the runs table's columns but
  // config_json and the environment, epochs_done, seconds, and test_accuracy for running runs;
  // one scan of runs and one of epochs.
  std::vector<RunRow> RunRows(int64_t experiment_id);
  // What `status` and the progress line read (rows.h OpenRuns), without a row per finished run:
  // those are read from an index (schema 7), never their rows.
  OpenRuns ReadOpenRuns(int64_t experiment_id);
  std::map<std::string, int64_t> StatusCounts(int64_t experiment_id);  // runs per status
  // `wanted` in creation order (empty: all); an unknown name is BadInput listing the known ones.
  std::vector<std::string> SelectExperiments(const std::vector<std::string>& wanted);

  // The runs of these experiments, by id, with run_summary's columns (rows.h) and their
  // final-epoch eval accuracies; no config_json, lifecycle times or labels.
  std::vector<RunRow> Runs(const std::vector<std::string>& experiments);
  // The same without the eval accuracies, for a caller that scans them itself (ScanFinalEvals).
  std::vector<RunRow> LoadRuns(const std::vector<std::string>& experiments);
  // Every committed epoch of `runs` (an index into it, the epoch, its validation accuracy, else
  // its test accuracy), in the table's order.
  void ScanCurves(const std::vector<RunRow>& runs,
                  const std::function<void(size_t, int64_t, const std::optional<double>&)>& add);
  // Fills each run's final-epoch eval accuracies (at the final_epoch LoadRuns read) from the
  // evals table, which keeps all 17 digits, calling `add` (if any) for each; returns
  // the eval sets seen, sorted.
  using FinalEvalSink = std::function<void(size_t run, const std::string& set, double accuracy)>;
  std::vector<std::string> ScanFinalEvals(std::vector<RunRow>& runs, const FinalEvalSink& add);

  std::vector<EpochResult> Epochs(int64_t run_id);  // by epoch, with every eval set's metrics
  // The same for many runs at once (each id present, empty when it has no epoch) in one scan,
  // without the extra evaluation sets (eval_accuracy and eval_loss stay empty): for curves.
  std::map<int64_t, std::vector<EpochResult>> EpochsOf(const std::vector<int64_t>& run_ids);
  // The run with this id as recorded, for re-running it (identity, config_json, status,
  // epochs_done and where it ran); std::nullopt when there is none.
  std::optional<RunRow> Record(int64_t run_id);
  ConfusionResult Confusion(int64_t run_id);
  // Its per-example predictions at its final and best epochs (predictions.h); none for runs
  // recorded before schema 4.
  std::vector<StoredPredictions> Predictions(int64_t run_id);
  // An experiment's race rounds (race_rounds.h ReadRaceRounds): by run_id, then round; none
  // without a race or before schema 8.
  std::vector<RaceRoundRow> RaceRounds(int64_t experiment_id);
  // An experiment's runs as its race reads them (race_rounds.h RaceRuns); none without a race.
  std::vector<RunRow> RaceRuns(int64_t experiment_id);
  // Where these experiments' runs ran, most runs first; runs that never started are left out.
  std::vector<EnvironmentResult> Environments(const std::vector<std::string>& experiments);

  // Arbitrary read-only SQL, for `mnistbench query` (read_only_query.h says what is refused).
  std::vector<QueryResult> Query(const std::string& sql);

  // The connection, for the store's own row functions (e.g. TpeSearchRuns).
  Database& db() { return *db_; }

 private:
  friend class ReadSnapshot;

  std::unique_ptr<Database> owned_;
  Database* db_;
};

// Holds one read transaction on `reader` for its lifetime: every read in between sees the
// same committed state.
class ReadSnapshot {
 public:
  explicit ReadSnapshot(StoreReader& reader);
  ~ReadSnapshot();
  ReadSnapshot(const ReadSnapshot&) = delete;
  ReadSnapshot& operator=(const ReadSnapshot&) = delete;

 private:
  Database& db_;
};

}  // namespace mnb

#endif  // MNISTBENCH_HARNESS_STORE_READER_H_
