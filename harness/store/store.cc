#include "harness/store/store.h"

#include <fmt/format.h>
#include <signal.h>
#include <unistd.h>

#include <cerrno>
#include <fstream>
#include <random>
#include <stdexcept>
#include <thread>

#include "harness/base/error.h"
#include "harness/store/reader.h"
#include "harness/store/predictions.h"
#include "harness/store/schema.h"

namespace mnb {

namespace {

constexpr auto kMaxBusyWait = std::chrono::minutes(10);

const char* kNow = "strftime('%Y-%m-%dT%H:%M:%fZ','now')";

// The fence of every write to a claimed run, with the claim bound as ?1 (run id), ?2 (attempt):
// any later claim has bumped attempts, and a finished run is no longer running.
const char* kHeldBy = "id = ?1 AND status = 'running' AND attempts = ?2";

// Refreshes the heartbeat of a run `claim` still holds; false (nothing written) otherwise.
bool BeatIfHeld(Database& db, const RunClaim& claim) {
  Statement beat(db, fmt::format("UPDATE runs SET heartbeat_at = {} WHERE {}", kNow, kHeldBy));
  beat.Bind(1, claim.run_id).Bind(2, claim.attempt).Run();
  return db.Changes() == 1;
}

// A zombie (killed, not yet reaped by its parent) still answers kill(pid, 0): check its state.
bool ProcessAlive(int64_t pid) {
  if (pid <= 0) return false;
  if (::kill(static_cast<pid_t>(pid), 0) != 0 && errno != EPERM) return false;
  std::ifstream stat(fmt::format("/proc/{}/stat", pid));
  std::string line;
  if (!std::getline(stat, line)) return true;  // no /proc: trust kill()
  const size_t paren = line.rfind(')');
  return paren == std::string::npos || paren + 2 >= line.size() || line[paren + 2] != 'Z';
}

// Retries `attempt` while the database is busy: exponential backoff from 5 ms to 1 s with full
// jitter, so workers that collided do not collide again in lockstep.
template <typename F>
auto RetryWhileBusy(F&& attempt) -> decltype(attempt()) {
  thread_local std::mt19937_64 rng(std::random_device{}());
  const auto give_up = std::chrono::steady_clock::now() + kMaxBusyWait;
  double ceiling_ms = 5.0;
  while (true) {
    try {
      return attempt();
    } catch (const BusyError&) {
      if (std::chrono::steady_clock::now() > give_up) throw;
      std::uniform_real_distribution<double> jitter(0.0, ceiling_ms);
      std::this_thread::sleep_for(std::chrono::duration<double, std::milli>(jitter(rng)));
      ceiling_ms = std::min(ceiling_ms * 2, 1000.0);
    }
  }
}

}  // namespace

WorkerId WorkerId::Current() {
  char host[256] = {0};
  gethostname(host, sizeof(host) - 1);
  return {host, static_cast<int64_t>(getpid())};
}

namespace {

// A read-write Store migrated its file, so its views exist: its reads skip looking for them.
StoreReader::Views ViewsOf(bool migrated) {
  return migrated ? StoreReader::Views::kMigrated : StoreReader::Views::kEnsure;
}

}  // namespace

Store::Store(const std::string& path, Mode mode) {
  RetryWhileBusy([&] {
    db_ = std::make_unique<Database>(
        path, mode == Mode::kReadOnly ? Database::Mode::kReadOnly : Database::Mode::kReadWrite);
    // busy_timeout first: even switching to WAL needs a lock another opener may hold.
    db_->Exec("PRAGMA busy_timeout = 5000");
    db_->Exec("PRAGMA foreign_keys = ON");
    if (mode == Mode::kReadWrite) {
      // Before anything that writes (WAL changes the file header): a file that is not ours, or
      // a non-database (SQLITE_NOTADB), is refused with its bytes unchanged.
      CheckSchemaVersion(*db_, NoSchema::kAccept);
      db_->Exec("PRAGMA journal_mode = WAL");
      db_->Exec("PRAGMA synchronous = NORMAL");
      Migrate(*db_);
      migrated_ = true;
    } else {
      CheckSchemaVersion(*db_);
    }
    return 0;
  });
}

void Store::Write(const std::function<void()>& body) {
  RetryWhileBusy([&] {
    Transaction txn(*db_);
    body();
    txn.Commit();
    return 0;
  });
}

int64_t Store::UpsertExperiment(const std::string& name, const std::string& file_path,
                                const std::string& file_content) {
  int64_t id = 0;
  Write([&] {
    Statement upsert(*db_,
                     "INSERT INTO experiments(name, file_path, file_content) VALUES (?1, ?2, ?3) "
                     "ON CONFLICT(name) DO UPDATE SET file_path = ?2, file_content = ?3");
    upsert.Bind(1, name).Bind(2, file_path).Bind(3, file_content).Run();
    Statement find(*db_, "SELECT id FROM experiments WHERE name = ?1");
    find.Bind(1, name);
    find.Step();
    id = find.Int(0);
  });
  return id;
}

std::optional<int64_t> Store::FindExperiment(const std::string& name) {
  return RetryWhileBusy([&]() -> std::optional<int64_t> {
    Statement find(*db_, "SELECT id FROM experiments WHERE name = ?1");
    find.Bind(1, name);
    if (!find.Step()) return std::nullopt;
    return find.Int(0);
  });
}

std::vector<ExperimentRow> Store::Experiments() {
  return RetryWhileBusy([&] { return StoreReader(*db_, ViewsOf(migrated_)).ExperimentRows(); });
}

int Store::InsertPlan(int64_t experiment_id, const std::vector<NewRun>& runs) {
  int added = 0;
  Write([&] {
    added = 0;
    added = InsertRunRows(*db_, experiment_id, runs);
    // What is outside the run key may change between plans: where your own data is (its
    // checksums are in the key, its folder is not), the search's pruner. A run not yet trained
    // follows the latest plan; finished runs keep the record of theirs.
    Statement update(*db_,
                     "UPDATE runs SET config_json = ?3 WHERE experiment_id = ?1 AND run_key = ?2 "
                     "AND status IN ('queued', 'interrupted') AND config_json != ?3");
    for (const NewRun& run : runs) {
      update.Reset();
      update.Bind(1, experiment_id).Bind(2, run.run_key).Bind(3, run.config_json);
      update.Run();
    }
  });
  return added;
}

namespace {

// The first run of the experiment that is free to take, taken: queued or interrupted, or running
// but abandoned (its process is gone from this host, or its heartbeat is older than stale_after
// on any host). Inside the caller's transaction.
std::optional<ClaimedRun> ClaimCandidate(Database& db, int64_t experiment_id, const WorkerId& me,
                                         std::chrono::seconds stale_after) {
  Statement candidates(
      db,
      fmt::format("SELECT id, run_key, config_json, status, host, pid, "
                  "  (julianday('now') - julianday(COALESCE(heartbeat_at, started_at))) "
                  "    * 86400.0 "
                  "FROM runs WHERE experiment_id = ?1 "
                  "AND status IN ('queued', 'interrupted', 'running') ORDER BY id"));
  candidates.Bind(1, experiment_id);
  while (candidates.Step()) {
    const std::string status = candidates.Text(3);
    if (status == "running") {
      const bool same_host = candidates.Text(4) == me.host;
      const bool dead = same_host && !ProcessAlive(candidates.Int(5));
      const bool stale = !candidates.IsNull(6) && candidates.Double(6) > stale_after.count();
      if (!dead && !stale) continue;
    }
    ClaimedRun run;
    run.claim.run_id = candidates.Int(0);
    run.run_key = candidates.Text(1);
    run.config_json = candidates.Text(2);
    run.previous_status = status;
    Statement take(db, fmt::format("UPDATE runs SET status = 'running', host = ?2, pid = ?3, "
                                     "heartbeat_at = {0}, "
                                     "started_at = COALESCE(started_at, {0}), "
                                     "finished_at = NULL, error = NULL, attempts = attempts + 1 "
                                     "WHERE id = ?1 AND status = ?4",
                                     kNow));
    take.Bind(1, run.claim.run_id).Bind(2, me.host).Bind(3, me.pid).Bind(4, status).Run();
    if (db.Changes() != 1) continue;
    Statement taken(db, "SELECT attempts, "
                          "(SELECT COALESCE(MAX(epoch), 0) FROM epochs WHERE run_id = ?1) "
                          "FROM runs WHERE id = ?1");
    taken.Bind(1, run.claim.run_id);
    taken.Step();
    run.claim.attempt = taken.Int(0);
    run.last_epoch = taken.Int(1);
    return run;
  }
  return std::nullopt;
}

}  // namespace

std::optional<ClaimedRun> Store::ClaimNextRun(int64_t experiment_id, const WorkerId& me,
                                              std::chrono::seconds stale_after,
                                              const std::function<bool(Database&)>& propose) {
  std::optional<ClaimedRun> claimed;
  Write([&] {
    claimed.reset();
    // Nothing to claim: a search may add runs (a TPE trial) in this same transaction, and then
    // one of them is claimed, so two workers never take the same proposal.
    for (int pass = 0; pass < 2 && !claimed; ++pass) {
      if (pass == 1 && !(propose && propose(*db_))) return;
      claimed = ClaimCandidate(*db_, experiment_id, me, stale_after);
    }
  });
  return claimed;
}

bool Store::Heartbeat(const RunClaim& claim) {
  bool held = false;
  Write([&] { held = BeatIfHeld(*db_, claim); });
  return held;
}

bool Store::SetRunEnvironment(const RunClaim& claim, const RunEnvironment& env) {
  bool held = false;
  Write([&] {
    Statement s(*db_, fmt::format("UPDATE runs SET device = ?3, threads = ?4, torch_version = ?5, "
                                  "git_rev = ?6, data_sha256 = ?7 WHERE {}",
                                  kHeldBy));
    s.Bind(1, claim.run_id)
        .Bind(2, claim.attempt)
        .Bind(3, env.device)
        .Bind(4, static_cast<int64_t>(env.threads))
        .Bind(5, env.torch_version)
        .Bind(6, env.git_rev)
        .Bind(7, env.data_sha256)
        .Run();
    held = db_->Changes() == 1;
  });
  return held;
}

bool Store::RecordEpoch(const RunClaim& claim, const EpochMetrics& m,
                        const std::function<void(Database&)>& also) {
  bool held = false;
  Write([&] {
    // The heartbeat goes first because it is the guard: a late worker's epoch never lands.
    held = BeatIfHeld(*db_, claim);
    if (!held) return;
    Statement epoch(*db_,
                    "INSERT OR REPLACE INTO epochs(run_id, epoch, train_loss, train_accuracy, "
                    "val_loss, val_accuracy, test_loss, test_accuracy, lr, seconds, "
                    "samples_per_second) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)");
    epoch.Bind(1, claim.run_id)
        .Bind(2, m.epoch)
        .Bind(3, m.train.loss)
        .Bind(4, m.train.accuracy)
        .Bind(5, m.val ? std::optional<double>(m.val->loss) : std::nullopt)
        .Bind(6, m.val ? std::optional<double>(m.val->accuracy) : std::nullopt)
        .Bind(7, m.test ? std::optional<double>(m.test->loss) : std::nullopt)
        .Bind(8, m.test ? std::optional<double>(m.test->accuracy) : std::nullopt)
        .Bind(9, m.lr)
        .Bind(10, m.seconds)
        .Bind(11, m.samples_per_second)
        .Run();
    // An epoch re-run after a crash may evaluate fewer sets: its old rows must not linger.
    Statement clear(*db_, "DELETE FROM evals WHERE run_id = ?1 AND epoch = ?2");
    clear.Bind(1, claim.run_id).Bind(2, m.epoch).Run();
    Statement eval(*db_,
                   "INSERT OR REPLACE INTO evals(run_id, epoch, eval_set, loss, accuracy) "
                   "VALUES (?1, ?2, ?3, ?4, ?5)");
    for (const EvalSetMetrics& e : m.evals) {
      eval.Reset();
      eval.Bind(1, claim.run_id).Bind(2, m.epoch).Bind(3, e.name).Bind(4, e.metrics.loss)
          .Bind(5, e.metrics.accuracy).Run();
    }
    WritePredictions(*db_, claim.run_id, m.epoch, m.predictions);
    if (also) also(*db_);
  });
  return held;
}

bool Store::FinishRun(const RunClaim& claim, const RunOutcome& outcome) {
  if (outcome.status == RunStatus::kQueued || outcome.status == RunStatus::kRunning) {
    throw InternalError(fmt::format("FinishRun: '{}' is not a final status for run {}",
                                    RunStatusName(outcome.status), claim.run_id));
  }
  bool held = false;
  Write([&] {
    const int64_t run_id = claim.run_id;
    Statement finish(*db_, fmt::format("UPDATE runs SET status = ?3, finished_at = {}, "
                                       "error = ?4, diverged_epoch = ?5 WHERE {}",
                                       kNow, kHeldBy));
    finish.Bind(1, run_id)
        .Bind(2, claim.attempt)
        .Bind(3, RunStatusName(outcome.status))
        .Bind(4, outcome.error.empty() ? std::optional<std::string>() : outcome.error)
        .Bind(5, outcome.status == RunStatus::kDiverged
                     ? std::optional<int64_t>(outcome.diverged_epoch)
                     : std::nullopt)
        .Run();
    // Finished already, or claimed by another worker since: its record stays as it is.
    held = db_->Changes() == 1;
    if (!held) return;
    for (const char* table : {"confusion", "class_metrics"}) {
      Statement clear(*db_, fmt::format("DELETE FROM {} WHERE run_id = ?1", table));
      clear.Bind(1, run_id).Run();
    }
    Statement cell(*db_, "INSERT INTO confusion(run_id, true_label, predicted_label, count) "
                         "VALUES (?1, ?2, ?3, ?4)");
    for (size_t t = 0; t < outcome.confusion.size(); ++t) {
      for (size_t p = 0; p < outcome.confusion[t].size(); ++p) {
        cell.Reset();
        cell.Bind(1, run_id).Bind(2, static_cast<int64_t>(t)).Bind(3, static_cast<int64_t>(p))
            .Bind(4, outcome.confusion[t][p]).Run();
      }
    }
    Statement cls(*db_, "INSERT INTO class_metrics(run_id, label, precision, recall, f1) "
                        "VALUES (?1, ?2, ?3, ?4, ?5)");
    for (const ClassMetrics& c : outcome.per_class) {
      cls.Reset();
      cls.Bind(1, run_id).Bind(2, c.label).Bind(3, c.precision).Bind(4, c.recall).Bind(5, c.f1)
          .Run();
    }
  });
  return held;
}

bool Store::MarkInterrupted(const RunClaim& claim) {
  bool held = false;
  Write([&] {
    Statement s(*db_, fmt::format("UPDATE runs SET status = 'interrupted' WHERE {}", kHeldBy));
    s.Bind(1, claim.run_id).Bind(2, claim.attempt).Run();
    held = db_->Changes() == 1;
  });
  return held;
}

bool Store::MarkFailed(const RunClaim& claim, const std::string& error) {
  RunOutcome outcome;
  outcome.status = RunStatus::kFailed;
  outcome.error = error;
  return FinishRun(claim, outcome);
}

int Store::RequeueFailed(int64_t experiment_id) {
  int count = 0;
  Write([&] {
    Statement s(*db_, "UPDATE runs SET status = 'queued', error = NULL, finished_at = NULL "
                      "WHERE experiment_id = ?1 AND status = 'failed'");
    s.Bind(1, experiment_id).Run();
    count = db_->Changes();
  });
  return count;
}

std::vector<EpochMetrics> Store::Epochs(int64_t run_id) {
  return RetryWhileBusy([&] {
    // One statement, so epochs and their evals come from one snapshot even while a writer
    // records the next epoch.
    std::vector<EpochMetrics> out;
    Statement q(*db_,
                "SELECT e.epoch, e.train_loss, e.train_accuracy, e.val_loss, e.val_accuracy, "
                "e.test_loss, e.test_accuracy, e.lr, e.seconds, e.samples_per_second, "
                "v.eval_set, v.loss, v.accuracy "
                "FROM epochs e LEFT JOIN evals v ON v.run_id = e.run_id AND v.epoch = e.epoch "
                "WHERE e.run_id = ?1 ORDER BY e.epoch, v.eval_set");
    q.Bind(1, run_id);
    while (q.Step()) {
      if (out.empty() || out.back().epoch != q.Int(0)) {
        EpochMetrics m;
        m.epoch = q.Int(0);
        m.train = {q.Double(1), q.Double(2)};
        if (!q.IsNull(3)) m.val = SplitMetrics{q.Double(3), q.Double(4)};
        if (!q.IsNull(5)) m.test = SplitMetrics{q.Double(5), q.Double(6)};
        m.lr = q.Double(7);
        m.seconds = q.Double(8);
        m.samples_per_second = q.Double(9);
        out.push_back(m);
      }
      if (!q.IsNull(10)) out.back().evals.push_back({q.Text(10), {q.Double(11), q.Double(12)}});
    }
    return out;
  });
}

std::map<std::string, int64_t> Store::StatusCounts(int64_t experiment_id) {
  return RetryWhileBusy([&] { return StoreReader(*db_, ViewsOf(migrated_)).StatusCounts(experiment_id); });
}

std::vector<RunRow> Store::Runs(int64_t experiment_id) {
  return RetryWhileBusy([&] { return StoreReader(*db_, ViewsOf(migrated_)).RunRows(experiment_id); });
}

OpenRuns Store::ReadOpenRuns(int64_t experiment_id) {
  return RetryWhileBusy(
      [&] { return StoreReader(*db_, ViewsOf(migrated_)).ReadOpenRuns(experiment_id); });
}

}  // namespace mnb
