#include "harness/run/sweep/runner.h"

#include <fmt/format.h>
#include <fmt/ranges.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <set>
#include <vector>

#include "harness/base/error.h"
#include "harness/base/self_executable.h"
#include "harness/config/experiment.h"
#include "harness/config/search_plan.h"
#include "harness/data/data_error.h"
#include "harness/data/custom_data.h"
#include "harness/data/registry.h"
#include "harness/run/auto_workers.h"
#include "harness/run/stop_signal.h"
#include "harness/run/progress.h"
#include "harness/search/asha.h"
#include "harness/run/sweep/worker.h"
#include "harness/store/db_path.h"
#include "harness/store/rows.h"
#include "harness/store/store.h"
#include "harness/train/device.h"

namespace mnb {

namespace {

namespace fs = std::filesystem;

// Every file a run reads must be there before the sweep starts: a missing dataset is bad input
// (exit 2), not a column of failed runs.
void RequireData(const std::string& data_dir, const Plan& plan) {
  std::vector<std::string> checked;
  for (const PlannedRun& run : plan.runs) {
    for (const CustomDataFile& file : run.spec.custom_data.files) {
      // A user's own file is read once here, so a defect is one FILE:LINE line and exit 2.
      if (std::find(checked.begin(), checked.end(), file.sha256) != checked.end()) continue;
      checked.push_back(file.sha256);
      const LabeledImages images = ReadCustomSplit(run.spec.custom_data, file);
      if (images.rows != 28 || images.cols != 28) {
        throw DataError(fmt::format("{}: images are {}x{} (expected 28x28: the zoo and layer "
                                    "lists take 1x28x28 inputs)",
                                    CustomFilePath(run.spec.custom_data, file.file), images.rows,
                                    images.cols));
      }
    }
    std::vector<std::string> names = run.spec.eval_sets;
    // A user's own files were found and checksummed when the experiment was read.
    if (run.spec.custom_data.empty()) names.push_back(run.spec.dataset);
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

std::string PlanLine(const PlannedRun& run) {
  const RunSpec& s = run.spec;
  std::string options;
  for (const auto& [k, v] : s.model_options) options += fmt::format(" {}={}", k, v);
  const std::string trial = run.trial >= 0 ? fmt::format("trial {:<3} ", run.trial) : "";
  return fmt::format("{}{}  {:<22}{} {} {} lr={:g} batch={} epochs={} seed={} params={} {}", trial,
                     run.run_key, s.model, options, s.optimizer, s.loss, s.lr, s.batch_size,
                     s.epochs, s.seed, run.params, TrainingProfileText(s));
}

// What --dry-run cannot know yet: which runs a pruner will stop, and where it may.
std::string PruneLine(const PruneSettings& prune, const Plan& plan) {
  int64_t longest = 0;
  for (const PlannedRun& run : plan.runs) longest = std::max(longest, run.spec.epochs);
  std::string where;
  if (prune.rule == "asha") {
    search::AshaSpec spec;
    spec.min_epochs = prune.min_epochs;
    spec.reduction_factor = static_cast<int>(prune.reduction_factor);
    where = fmt::format("rungs at epochs {} (those below a run's own epochs), the top 1/{} going on",
                        fmt::join(search::AshaRungs(spec, longest), ", "), prune.reduction_factor);
  } else {
    where = fmt::format("from epoch {} on, after {} completed run(s), below the median stops",
                        prune.min_epochs, prune.startup_trials);
  }
  return fmt::format("{} pruning on {}: {}; which runs stop is decided while they train, from the "
                     "runs recorded by then", prune.rule, prune.metric, where);
}

// What --dry-run cannot know of a race: how many of its seeds it will spend.
std::string RaceLine(const RaceSettings& race, const Plan& plan) {
  std::set<std::string> variants;
  for (const PlannedRun& run : plan.runs) variants.insert(VariantKey(run.spec));
  const auto more = static_cast<int64_t>(variants.size()) * (race.max_seeds - race.min_seeds);
  return fmt::format("race: each of the {} planned variant(s) starts with {} seed(s) (planned above); after "
                     "each round, variants a one-sided Welch test (Holm, alpha {}) puts below the "
                     "best on val_accuracy stop, the rest get one seed more, up to {}: at most {} "
                     "more run(s), decided while the sweep runs",
                     variants.size(), race.min_seeds, race.alpha, race.max_seeds, more);
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
    if (StatusStillOpen(run.status) && !InShard(run.run_key, *options.shard)) {
      ++outside;
      if (example.empty()) example = run.run_key;
    }
  }
  if (outside > 0) {
    throw BadInput(fmt::format(
        "{}: holds {} unfinished run(s) of experiment '{}' outside shard {} (e.g. {}); give each "
        "shard its own database (without --db: {})",
        options.db_path, outside, experiment_name, options.shard->Text(), example,
        ShardDbPath(experiment_name, *options.shard)));
  }
}

// Starts `workers` worker processes of the torch executable on the same database, worker w on
// devices[w], and waits for them. They are handed the database and the experiment's id, not the
// experiment file: the plan is in the store already, so nothing is parsed, expanded or checked
// again.
int RunWorkerProcesses(const RunnerOptions& options, const std::vector<std::string>& devices,
                       int64_t experiment_id, const std::string& data_dir) {
  const int total_threads = ResolveThreads(options.threads);
  const int per_worker = std::max(1, total_threads / options.workers);
  // Workers show as mnistbench-torch in ps; ExecSelf runs this very binary even if rebuilt.
  const std::string self = SelfExecutablePath().value_or("mnistbench-torch");
  std::vector<pid_t> children;
  const pid_t parent = getpid();
  for (int w = 0; w < options.workers; ++w) {
    const pid_t pid = fork();
    if (pid < 0) throw External("fork failed");
    if (pid == 0) {
      // A worker dies with the sweep: kill -9 of `run` (or its crash) must not leave workers
      // training on, unseen, beside the next `run` that resumes their runs.
      prctl(PR_SET_PDEATHSIG, SIGKILL);
      if (getppid() != parent) _exit(1);  // the parent died before the line above
      std::vector<std::string> args = {self, "worker", "--db", options.db_path,
                                       "--experiment-id", std::to_string(experiment_id),
                                       "--threads", std::to_string(per_worker),
                                       "--device", devices[static_cast<size_t>(w)],
                                       "--data-dir", data_dir,
                                       "--stale-after",
                                       std::to_string(options.stale_after.count())};
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
        if (StopSignal() != 0 && !forwarded) {
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

int RunSweep(const RunnerOptions& requested) {
  RunnerOptions options = requested;
  const Experiment experiment = LoadExperiment(options.experiment_file);
  Plan plan = ExpandPlan(experiment);
  // Where the sweep trains is part of each run's identity (plan.h); a bad --device is bad input,
  // before the database is touched.
  const std::string device_kind = DeviceKind(WorkerDevices(options.device, 1).front());
  PlanForDevice(plan, device_kind, options.fast);
  if (options.shard && experiment.race.active()) {
    // A shard would race a subset of every variant's seeds in its own database.
    throw BadInput(fmt::format("{}:{}: [race] decides seeds from every variant's results in one "
                               "database, so it cannot run as shards (expected no --shard, or a "
                               "seed grid instead of [race])",
                               options.experiment_file, experiment.race_line));
  }
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
    if (experiment.search.method == "tpe") {
      fmt::print("tpe search, seed {}: {} trial(s) per [[model]] block, each once per seed; the "
                 "first {} (random) are fixed when planned, the rest are proposed by TPE from the "
                 "finished trials while the search runs\n",
                 experiment.search.seed, experiment.search.trials,
                 std::min(experiment.search.trials, kTpeStartupTrials));
    } else if (experiment.search.sampled()) {
      fmt::print("{} search, seed {}: {} trial(s) per [[model]] block, each once per seed; "
                 "fixed when planned, so every machine and resume plans the same runs\n",
                 experiment.search.method, experiment.search.seed, experiment.search.trials);
    }
    if (experiment.search.prune.active()) fmt::print("{}\n", PruneLine(experiment.search.prune, plan));
    if (experiment.race.active()) fmt::print("{}\n", RaceLine(experiment.race, plan));
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

  RequireOwnShardDb(options, experiment.name);

  InstallStopHandlers();
  int64_t experiment_id = 0;
  int64_t pending_runs = 0;
  {
    Store store(options.db_path);
    experiment_id = store.UpsertExperiment(experiment.name, options.experiment_file, experiment.text);
    std::vector<NewRun> rows;
    for (const PlannedRun& run : plan.runs) {
      rows.push_back({run.run_key, run.spec, RunSpecToJson(run.spec), run.params});
    }
    const int added = store.InsertPlan(experiment_id, rows);
    const int requeued = options.retry_failed ? store.RequeueFailed(experiment_id) : 0;
    const auto counts = store.StatusCounts(experiment_id);
    auto count = [&](const char* s) { return counts.count(s) ? counts.at(s) : 0; };
    // A TPE search's later trials are proposed while it runs, a race's seeds while it races:
    // they are work to do too.
    const int64_t pending = count("queued") + count("interrupted") + count("running") +
                            static_cast<int64_t>(RunsToComeOf(store.db(), experiment_id).size());
    fmt::print(stderr, "experiment '{}': {} run(s) planned{}, {} new{}; {} completed, {} to "
                       "run (db: {})\n",
               experiment.name, plan.runs.size(), shard_note, added,
               requeued > 0 ? fmt::format(", {} failed re-queued", requeued) : "",
               count("completed"), pending, options.db_path);
    pending_runs = pending;
    if (pending == 0) {
      fmt::print(stderr, "nothing to do: every run has finished ({} failed, {} diverged, {} pruned; "
                         "--retry-failed re-runs failed ones)\n",
                 count("failed"), count("diverged"), count("pruned"));
      return count("failed") > 0 ? 1 : 0;
    }
  }
  if (options.workers == 0) {
    options.workers =
        AutoWorkers(device_kind, VisibleGpus(), ResolveThreads(options.threads), pending_runs);
  }
  const std::vector<std::string> devices = WorkerDevices(options.device, options.workers);
  const int code = options.workers > 1
                       ? RunWorkerProcesses(options, devices, experiment_id, data_dir)
                       : RunWorker({options.db_path, experiment_id, data_dir, devices.front(),
                                    options.threads, options.stale_after});
  if (code == 130) {
    fmt::print(stderr, "interrupted: run `mnistbench run {}` again to resume\n",
               options.experiment_file);
  }
  return code;
}

}  // namespace mnb
