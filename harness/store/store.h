// Store: the SQLite file that every run, epoch and metric of every sweep lands in.
//
// Contract: WAL mode, so readers never block writers; every write is one BEGIN IMMEDIATE
// transaction retried while busy, so several processes on one DB never see "database is locked".
// Run status only moves queued -> running -> {completed, failed, diverged, interrupted, pruned}.
// Fencing: every write of a run's progress takes the RunClaim ClaimNextRun returned and commits
// only while that claim holds; a lost claim returns false, never throws.
// Details: docs/sweeps.md "The store: transactions, status and fencing".
#ifndef MNISTBENCH_HARNESS_STORE_STORE_H_
#define MNISTBENCH_HARNESS_STORE_STORE_H_

#include <chrono>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "harness/plan/run_result.h"
#include "harness/plan/run_spec.h"
#include "harness/store/rows.h"
#include "harness/store/sqlite.h"

namespace mnb {

struct WorkerId {
  std::string host;
  int64_t pid = 0;
  static WorkerId Current();
};

struct NewRun {
  std::string run_key;
  RunSpec spec;
  std::string config_json;
  int64_t params = 0;
};

// The fencing token of one claim: `attempt` is the run's `attempts` once this claim took it.
struct RunClaim {
  int64_t run_id = 0;
  int64_t attempt = 0;
};

struct ClaimedRun {
  RunClaim claim;
  std::string run_key;
  std::string config_json;
  std::string previous_status;  // queued, interrupted or running (stale)
  int64_t last_epoch = 0;       // newest committed epoch
};

struct RunEnvironment {
  std::string device;
  int threads = 0;
  std::string torch_version;
  std::string git_rev;
  std::string data_sha256;
};

// Adds the runs not yet present (by run_key) inside the caller's transaction; returns how many.
int InsertRunRows(Database& db, int64_t experiment_id, const std::vector<NewRun>& runs);

// The experiment's runs for which `where` (an SQL condition over `runs r`) holds, by id, as a
// proposer reads them: run_id, experiment_id, config_json, status, seed, and the final epoch
// (none before the first) with its val_accuracy and val_loss.
std::vector<RunRow> ProposerRuns(Database& db, int64_t experiment_id, const std::string& where);
// ProposerRuns of the runs whose config_json holds a TPE trial.
std::vector<RunRow> TpeSearchRuns(Database& db, int64_t experiment_id);

class Store {
 public:
  enum class Mode { kReadWrite, kReadOnly };
  // Opens the file; read-write creates or migrates the schema (schema.h) and sets WAL mode.
  explicit Store(const std::string& path, Mode mode = Mode::kReadWrite);

  // The database's path as given; its runs' artifacts live beside it (RunArtifactDir in
  // harness/base/artifact_layout.h).
  const std::string& path() const { return db_->path(); }

  int64_t UpsertExperiment(const std::string& name, const std::string& file_path,
                           const std::string& file_content);
  std::optional<int64_t> FindExperiment(const std::string& name);
  std::vector<ExperimentRow> Experiments();

  // Adds the runs not yet present (by run_key); returns how many were new. Queued and interrupted
  // runs take the new config_json (fields outside the key: data folder, pruner); others keep theirs.
  int InsertPlan(int64_t experiment_id, const std::vector<NewRun>& runs);

  // `propose`, when nothing is free to claim, may add runs in the same transaction (a TPE
  // trial, harness/run/tpe_proposer.h) and returns whether it did; then one of them is claimed.
  std::optional<ClaimedRun> ClaimNextRun(int64_t experiment_id, const WorkerId& me,
                                         std::chrono::seconds stale_after,
                                         const std::function<bool(Database&)>& propose = {});
  // Each returns whether `claim` still held and the write committed; on false nothing changed
  // (a lost claim is an expected end of a run, not an error).
  [[nodiscard]] bool Heartbeat(const RunClaim& claim);
  [[nodiscard]] bool SetRunEnvironment(const RunClaim& claim, const RunEnvironment& env);
  // `also`, if given, runs in the same transaction after the epoch's rows (a pruner's decision,
  // rungs.h), and only while the claim holds.
  [[nodiscard]] bool RecordEpoch(const RunClaim& claim, const EpochMetrics& metrics,
                                 const std::function<void(Database&)>& also = {});
  [[nodiscard]] bool FinishRun(const RunClaim& claim, const RunOutcome& outcome);
  [[nodiscard]] bool MarkInterrupted(const RunClaim& claim);
  [[nodiscard]] bool MarkFailed(const RunClaim& claim, const std::string& error);
  // Puts the experiment's failed runs back in the queue (the only way out of failed); how many.
  int RequeueFailed(int64_t experiment_id);

  std::vector<EpochMetrics> Epochs(int64_t run_id);
  std::map<std::string, int64_t> StatusCounts(int64_t experiment_id);
  std::vector<RunRow> Runs(int64_t experiment_id);
  OpenRuns ReadOpenRuns(int64_t experiment_id);  // StoreReader::ReadOpenRuns

  Database& db() { return *db_; }

 private:
  // Runs `body` in one BEGIN IMMEDIATE transaction, retrying the whole of it while busy.
  void Write(const std::function<void()>& body);

  std::unique_ptr<Database> db_;
  bool migrated_ = false;  // opened read-write: Migrate made the views (StoreReader::Views)
};

}  // namespace mnb

#endif  // MNISTBENCH_HARNESS_STORE_STORE_H_
