#include "harness/run/runner.h"

#include <fmt/format.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <cstdlib>
#include <filesystem>
#include <vector>

#include "harness/base/artifact_layout.h"
#include "harness/base/self_executable.h"
#include "harness/base/sha256.h"
#include "harness/config/experiment.h"
#include "harness/data/data_error.h"
#include "harness/data/registry.h"
#include "harness/run/progress.h"
#include "harness/store/store.h"
#include "harness/train/device.h"
#include "harness/train/trainer.h"

namespace mnb {

namespace {

namespace fs = std::filesystem;

std::atomic<int> g_stop_signal{0};

extern "C" void OnStopSignal(int signal) { g_stop_signal = signal; }

void InstallStopHandlers() {
  struct sigaction action {};
  action.sa_handler = OnStopSignal;
  sigemptyset(&action.sa_mask);
  sigaction(SIGINT, &action, nullptr);
  sigaction(SIGTERM, &action, nullptr);
}

// Every file a run reads must be there before the sweep starts: a missing dataset is bad input
// (exit 2), not a column of failed runs.
void RequireData(const std::string& data_dir, const Plan& plan) {
  std::vector<std::string> checked;
  for (const PlannedRun& run : plan.runs) {
    std::vector<std::string> names = run.spec.eval_sets;
    names.push_back(run.spec.dataset);
    for (const std::string& name : names) {
      if (std::find(checked.begin(), checked.end(), name) != checked.end()) continue;
      checked.push_back(name);
      const DatasetInfo* info = FindDataset(name);
      for (const SplitFiles& split : info->files) {
        for (const DataFile* file : {&split.images, &split.labels}) {
          if (!FindFile(data_dir, *info, *file)) {
            throw DataError(fmt::format("{}/{}/{}[.gz]: missing (dataset '{}'; run "
                                        "scripts/fetch_data.sh or pass --data-dir)",
                                        data_dir, info->dir, file->name, name));
          }
        }
      }
    }
  }
}

// The registry checksums of every file a run reads, folded into one.
std::string DataChecksum(const RunSpec& spec) {
  std::string all;
  std::vector<std::string> names = spec.eval_sets;
  names.insert(names.begin(), spec.dataset);
  for (const std::string& name : names) {
    for (const SplitFiles& split : FindDataset(name)->files) {
      all += split.images.sha256 + split.labels.sha256;
    }
  }
  return Sha256Hex(all);
}

std::string PlanLine(const PlannedRun& run) {
  const RunSpec& s = run.spec;
  std::string options;
  for (const auto& [k, v] : s.model_options) options += fmt::format(" {}={}", k, v);
  return fmt::format("{}  {:<22}{} {} {} lr={:g} batch={} epochs={} seed={} params={}",
                     run.run_key, s.model, options, s.optimizer, s.loss, s.lr, s.batch_size,
                     s.epochs, s.seed, run.params);
}

// Claims are per experiment, so a shard sharing a database with runs of other shards (or of an
// unsharded sweep) that are still to run would train those too: refuse before writing anything.
void RequireOwnShardDb(const RunnerOptions& options, const std::string& experiment_name) {
  if (!options.shard || !std::filesystem::exists(options.db_path)) return;
  Store store(options.db_path);
  const std::optional<int64_t> id = store.FindExperiment(experiment_name);
  if (!id) return;
  int outside = 0;
  std::string example;
  for (const RunRow& run : store.Runs(*id)) {
    const bool pending = run.status == "queued" || run.status == "interrupted" ||
                         run.status == "running";
    if (pending && !InShard(run.run_key, *options.shard)) {
      ++outside;
      if (example.empty()) example = run.run_key;
    }
  }
  if (outside > 0) {
    throw std::invalid_argument(fmt::format(
        "{}: holds {} unfinished run(s) of experiment '{}' outside shard {} (e.g. {}); give each "
        "shard its own database (without --db: {})",
        options.db_path, outside, experiment_name, options.shard->Text(), example,
        ShardDbPath(experiment_name, *options.shard)));
  }
}

// Who has a run whose claim this worker lost, for the one line that says so.
std::string NowHeldBy(Store& store, int64_t experiment_id, int64_t run_id) {
  for (const RunRow& run : store.Runs(experiment_id)) {
    if (run.id != run_id) continue;
    if (run.status == "running") {
      return fmt::format("taken over by {} pid {}, attempt {}", run.host, run.pid, run.attempts);
    }
    return fmt::format("now {}, last claimed by {} pid {}", run.status, run.host, run.pid);
  }
  return "the run is gone from the database";
}

int RunWorkerProcesses(const RunnerOptions& options) {
  const int total_threads = ResolveThreads(options.threads);
  const int per_worker = std::max(1, total_threads / options.workers);
  // Workers show as mnistbench in ps; ExecSelf runs this very binary even if it was rebuilt.
  const std::string self = SelfExecutablePath().value_or("mnistbench");
  std::vector<pid_t> children;
  for (int w = 0; w < options.workers; ++w) {
    const pid_t pid = fork();
    if (pid < 0) throw std::runtime_error("fork failed");
    if (pid == 0) {
      std::vector<std::string> args = {self, "run", options.experiment_file,
                                       "--db", options.db_path, "--threads",
                                       std::to_string(per_worker), "--device", options.device,
                                       "--worker"};
      if (options.shard) {
        args.push_back("--shard");
        args.push_back(options.shard->Text());
      }
      if (!options.data_dir.empty()) {
        args.push_back("--data-dir");
        args.push_back(options.data_dir);
      }
      std::vector<char*> argv;
      for (std::string& a : args) argv.push_back(a.data());
      argv.push_back(nullptr);
      ExecSelf(argv.data());
      _exit(127);
    }
    children.push_back(pid);
  }
  int worst = 0;
  bool forwarded = false;
  for (size_t done = 0; done < children.size();) {
    int status = 0;
    const pid_t pid = waitpid(-1, &status, 0);
    if (pid < 0) {
      if (errno == EINTR) {
        // A SIGTERM sent to the parent alone must reach the workers too (Ctrl-C already does).
        if (g_stop_signal != 0 && !forwarded) {
          for (pid_t child : children) kill(child, SIGTERM);
          forwarded = true;
        }
        continue;
      }
      break;
    }
    ++done;
    const int code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
    if (code == 130 || worst == 130) {
      worst = 130;
    } else {
      worst = std::max(worst, code);
    }
  }
  return worst;
}

}  // namespace

std::string ResolveDbPath(const std::string& flag_value) {
  if (!flag_value.empty()) return flag_value;
  if (const char* env = std::getenv("MNISTBENCH_DB"); env != nullptr && *env != '\0') return env;
  return "mnistbench.db";
}

int RunSweep(const RunnerOptions& requested) {
  RunnerOptions options = requested;
  const Experiment experiment = LoadExperiment(options.experiment_file);
  Plan plan = ExpandPlan(experiment);
  const size_t planned_in_all = plan.runs.size();
  std::string shard_note;
  if (options.shard) {
    std::vector<PlannedRun> mine;
    for (PlannedRun& run : plan.runs) {
      if (InShard(run.run_key, *options.shard)) mine.push_back(std::move(run));
    }
    plan.runs = std::move(mine);
    shard_note = fmt::format(" (shard {}: {} of {})", options.shard->Text(), plan.runs.size(),
                             planned_in_all);
  }
  if (options.dry_run) {
    for (const PlannedRun& run : plan.runs) fmt::print("{}\n", PlanLine(run));
    fmt::print("{} run(s) in experiment '{}'{} (dry run: nothing trained, no database touched)\n",
               plan.runs.size(), plan.experiment_name, shard_note);
    return 0;
  }
  if (options.db_path.empty()) {
    if (options.shard) {
      options.db_path = ShardDbPath(experiment.name, *options.shard);
      const fs::path parent = fs::path(options.db_path).parent_path();
      if (!parent.empty()) fs::create_directories(parent);
    } else {
      options.db_path = ResolveDbPath("");
    }
  }
  const std::string data_dir = ResolveDataDir(options.data_dir);
  RequireData(data_dir, plan);
  ResolveDevice(options.device);  // a bad --device is bad input, before the DB is touched

  if (!options.as_worker) RequireOwnShardDb(options, experiment.name);

  InstallStopHandlers();
  int64_t experiment_id = 0;
  {
    Store store(options.db_path);
    experiment_id = store.UpsertExperiment(experiment.name, options.experiment_file, experiment.text);
    if (!options.as_worker) {
      std::vector<NewRun> rows;
      for (const PlannedRun& run : plan.runs) {
        rows.push_back({run.run_key, run.spec, RunSpecToJson(run.spec), run.params});
      }
      const int added = store.InsertPlan(experiment_id, rows);
      const int requeued = options.retry_failed ? store.RequeueFailed(experiment_id) : 0;
      const auto counts = store.StatusCounts(experiment_id);
      auto count = [&](const char* s) { return counts.count(s) ? counts.at(s) : 0; };
      const int64_t pending = count("queued") + count("interrupted") + count("running");
      fmt::print(stderr, "experiment '{}': {} run(s) planned{}, {} new{}; {} completed, {} to "
                         "run (db: {})\n",
                 experiment.name, plan.runs.size(), shard_note, added,
                 requeued > 0 ? fmt::format(", {} failed re-queued", requeued) : "",
                 count("completed"), pending, options.db_path);
      if (pending == 0) {
        fmt::print(stderr, "nothing to do: every run has finished ({} failed, {} diverged; "
                           "--retry-failed re-runs failed ones)\n",
                   count("failed"), count("diverged"));
        return count("failed") > 0 ? 1 : 0;
      }
    }
  }
  if (options.workers > 1 && !options.as_worker) return RunWorkerProcesses(options);

  Store store(options.db_path);
  const WorkerId me = WorkerId::Current();
  Progress progress(store, experiment_id);
  bool any_failed = false;
  while (g_stop_signal == 0) {
    const std::optional<ClaimedRun> claimed =
        store.ClaimNextRun(experiment_id, me, options.stale_after);
    if (!claimed) break;
    const RunClaim& claim = claimed->claim;
    RunSpec spec = RunSpecFromJson(claimed->config_json);
    spec.threads = ResolveThreads(options.threads);
    spec.device = options.device;
    const std::string artifacts = RunArtifactDir(store.path(), claim.run_id);
    progress.StartRun(*claimed, spec);

    // Set once a write finds the run claimed by another worker (this one was taken for stale):
    // training stops after the current batch and nothing more is written for the run.
    bool lost = false;
    auto held = [&](bool written) {
      lost = lost || !written;
      return written;
    };
    TrainHooks hooks;
    hooks.checkpoint_dir = artifacts;
    hooks.resume_after_epoch = claimed->last_epoch;
    hooks.should_stop = [&] { return lost || g_stop_signal != 0; };
    auto last_beat = std::chrono::steady_clock::now();
    hooks.on_batch = [&](int64_t epoch, int64_t batch, int64_t batches) {
      progress.Batch(epoch, batch, batches);
      if (!lost && std::chrono::steady_clock::now() - last_beat > std::chrono::seconds(30)) {
        held(store.Heartbeat(claim));
        last_beat = std::chrono::steady_clock::now();
      }
    };
    hooks.on_epoch = [&](const EpochMetrics& m) {
      if (!lost && held(store.RecordEpoch(claim, m))) progress.Epoch(m);
    };
    RunOutcome outcome;
    try {
      TrainSetup setup;
      // The environment is recorded once the trainer has resolved it, before the first epoch.
      TrainHooks with_setup = hooks;
      bool recorded = false;
      with_setup.on_batch = [&](int64_t epoch, int64_t batch, int64_t batches) {
        if (!recorded) {
          held(store.SetRunEnvironment(claim, {setup.device, setup.threads, setup.torch_version,
                                               MNISTBENCH_GIT_REV, DataChecksum(spec)}));
          recorded = true;
        }
        hooks.on_batch(epoch, batch, batches);
      };
      outcome = Train(spec, data_dir, with_setup, &setup);
    } catch (const std::exception& e) {
      outcome.status = RunStatus::kFailed;
      outcome.error = e.what();
    }
    if (!lost) {
      held(outcome.status == RunStatus::kInterrupted ? store.MarkInterrupted(claim)
                                                     : store.FinishRun(claim, outcome));
    }
    if (lost) {
      // Not a failure of this sweep: the run goes on under its new owner.
      progress.LostClaim(NowHeldBy(store, experiment_id, claim.run_id));
      continue;
    }
    if (outcome.status == RunStatus::kCompleted) {
      // The final weights (model.pt) stay; per-epoch checkpoints, and any temp file one left
      // behind, are not needed any more.
      std::error_code ignored;
      for (const auto& entry : fs::directory_iterator(artifacts, ignored)) {
        ArtifactFile file;
        if (ParseArtifactFileName(entry.path().filename().string(), &file) &&
            (file.type == ArtifactFileType::kCheckpoint ||
             (file.type == ArtifactFileType::kTemp &&
              file.temp_of == ArtifactFileType::kCheckpoint))) {
          fs::remove(entry.path(), ignored);
        }
      }
    }
    any_failed = any_failed || outcome.status == RunStatus::kFailed;
    progress.FinishRun(outcome);
  }
  progress.Done();
  if (g_stop_signal != 0) {
    fmt::print(stderr, "interrupted: run `mnistbench run {}` again to resume\n",
               options.experiment_file);
    return 130;
  }
  return any_failed ? 1 : 0;
}

}  // namespace mnb
