#include "harness/run/sweep/worker.h"

#include <fmt/format.h>

#include <filesystem>
#include <chrono>
#include <optional>
#include <thread>
#include <vector>

#include "harness/base/artifact_layout.h"
#include "harness/base/build_info.h"
#include "harness/data/data_checksum.h"
#include "harness/plan/plan.h"
#include "harness/run/progress.h"
#include "harness/run/race_proposer.h"
#include "harness/run/tpe_proposer.h"
#include "harness/run/stop_signal.h"
#include "harness/run/prune_epoch.h"
#include "harness/store/store.h"
#include "harness/train/device.h"
#include "harness/train/trainer.h"

namespace mnb {

namespace {

namespace fs = std::filesystem;

// Who has a run whose claim this worker lost, for the one line that says so.
std::string NowHeldBy(Store& store, int64_t experiment_id, int64_t run_id) {
  for (const RunRow& run : store.Runs(experiment_id)) {
    if (run.run_id != run_id) continue;
    if (run.status == "running") {
      return fmt::format("taken over by {} pid {}, attempt {}", run.host, run.pid, run.attempts);
    }
    return fmt::format("now {}, last claimed by {} pid {}", run.status, run.host, run.pid);
  }
  return "the run is gone from the database";
}

// The final weights (model.pt) stay; per-epoch checkpoints, and any temp file one left behind,
// are not needed any more.
void RemoveEpochCheckpoints(const std::string& artifacts) {
  std::error_code ignored;
  for (const auto& entry : fs::directory_iterator(artifacts, ignored)) {
    ArtifactFile file;
    if (ParseArtifactFileName(entry.path().filename().string(), &file) &&
        (file.type == ArtifactFileType::kCheckpoint ||
         (file.type == ArtifactFileType::kTemp && file.temp_of == ArtifactFileType::kCheckpoint))) {
      fs::remove(entry.path(), ignored);
    }
  }
}

// The validation metric a pruner judges, from one epoch.
std::optional<double> PruneMetric(const RunSpec& spec, const EpochMetrics& m) {
  if (!m.val) return std::nullopt;
  return spec.prune.metric == "val_loss" ? m.val->loss : m.val->accuracy;
}

// Trains one claimed run to its end; `lost` turns true once a write finds the claim taken. A run
// its pruner stops (pruning.h: decided and recorded with the epoch) ends with status kPruned and
// the decision's reason as its error text, for the progress line; the store has it already.
RunOutcome TrainClaimed(Store& store, const ClaimedRun& claimed, const RunSpec& spec,
                        const std::string& data_dir, Progress& progress, bool& lost) {
  const RunClaim& claim = claimed.claim;
  auto held = [&](bool written) {
    lost = lost || !written;
    return written;
  };
  TrainHooks hooks;
  hooks.checkpoint_dir = RunArtifactDir(store.path(), claim.run_id);
  hooks.resume_after_epoch = claimed.last_epoch;
  std::optional<search::PruneDecision> pruned;
  hooks.should_stop = [&] { return lost || pruned || StopSignal() != 0; };
  auto last_beat = std::chrono::steady_clock::now();
  TrainSetup setup;
  bool recorded = false;
  hooks.on_batch = [&](int64_t epoch, int64_t batch, int64_t batches) {
    // The environment is recorded once the trainer has resolved it, before the first epoch.
    if (!recorded) {
      held(store.SetRunEnvironment(claim, {setup.device, setup.threads, setup.torch_version,
                                           BuildGitRevision(), RegistryDataChecksum(spec)}));
      recorded = true;
    }
    progress.Batch(epoch, batch, batches);
    if (!lost && std::chrono::steady_clock::now() - last_beat > std::chrono::seconds(30)) {
      held(store.Heartbeat(claim));
      last_beat = std::chrono::steady_clock::now();
    }
  };
  hooks.on_epoch = [&](const EpochMetrics& m) {
    if (lost) return;
    std::function<void(Database&)> judge;
    if (spec.prune.active()) {
      judge = [&](Database& db) {
        pruned.reset();  // the store may retry a busy transaction: only the committed one counts
        const search::PruneDecision d =
            JudgeEpoch(db, claim.run_id, spec.prune, spec.epochs, m.epoch, PruneMetric(spec, m));
        if (d.prune()) pruned = d;
      };
    }
    if (held(store.RecordEpoch(claim, m, judge))) progress.Epoch(m);
  };
  RunOutcome outcome;
  try {
    outcome = Train(spec, data_dir, hooks, &setup);
  } catch (const std::exception& e) {
    outcome.status = RunStatus::kFailed;
    outcome.error = e.what();
  }
  if (pruned && !lost) {
    outcome.status = RunStatus::kPruned;
    outcome.error = pruned->Why();
    return outcome;
  }
  if (!lost) {
    held(outcome.status == RunStatus::kInterrupted ? store.MarkInterrupted(claim)
                                                   : store.FinishRun(claim, outcome));
  }
  return outcome;
}

// Whether a race may still add runs once the runs now running finish.
bool RaceRoundRunning(Store& store, int64_t experiment_id) {
  const auto counts = store.StatusCounts(experiment_id);
  const auto running = counts.find("running");
  return running != counts.end() && running->second > 0 &&
         UnplannedRaceRuns(store.db(), experiment_id) > 0;
}

}  // namespace

int RunWorker(const WorkerOptions& options) {
  Store store(options.db_path);
  const WorkerId me = WorkerId::Current();
  Progress progress(store, options.experiment_id);
  bool any_failed = false;
  while (StopSignal() == 0) {
    const std::optional<ClaimedRun> claimed =
        store.ClaimNextRun(options.experiment_id, me, options.stale_after, [&](Database& db) {
          return ProposeTpeTrial(db, options.experiment_id) ||
                 ProposeRaceRound(db, options.experiment_id);
        });
    if (!claimed) {
      if (!RaceRoundRunning(store, options.experiment_id)) break;
      // The race's next round waits on runs other workers train: wait with them.
      std::this_thread::sleep_for(std::chrono::seconds(2));
      continue;
    }
    RunSpec spec = RunSpecFromJson(claimed->config_json);
    spec.threads = ResolveThreads(options.threads);
    // A run trains on the device kind it was planned for: a CPU-keyed run stays on the CPU
    // even in a GPU sweep (its key promises CPU numbers); a CUDA-keyed one claimed on a machine
    // without a GPU fails with ResolveDevice's one line, for --retry-failed on a GPU machine.
    spec.device = spec.device_kind == "cpu" ? "cpu"
                  : DeviceKind(options.device) == "cuda" ? options.device
                                                         : "cuda";
    progress.StartRun(*claimed, spec);
    bool lost = false;
    const RunOutcome outcome =
        TrainClaimed(store, *claimed, spec, options.data_dir, progress, lost);
    if (lost) {
      // Not a failure of this sweep: the run goes on under its new owner.
      progress.LostClaim(NowHeldBy(store, options.experiment_id, claimed->claim.run_id));
      continue;
    }
    if (outcome.status == RunStatus::kCompleted || outcome.status == RunStatus::kPruned) {
      RemoveEpochCheckpoints(RunArtifactDir(store.path(), claimed->claim.run_id));
    }
    any_failed = any_failed || outcome.status == RunStatus::kFailed;
    progress.FinishRun(outcome);
  }
  progress.Done();
  if (StopSignal() != 0) return 130;
  return any_failed ? 1 : 0;
}

}  // namespace mnb
