// `mnistbench run FILE`: execute an experiment's sweep into the results database.
#include "harness/cli/command.h"
#include "harness/cli/torch_side.h"
#include "harness/run/sweep/runner.h"
#include "harness/run/shard.h"

namespace mnb {

void AddWorkersOption(CLI::App* cmd, int* workers, const std::string& help) {
  cmd->add_option("--workers", *workers,
                  help + ": auto (the default: a worker per core, or 4 per GPU, at most one per "
                         "run left) or 1-64")
      ->transform([](const std::string& value) { return value == "auto" ? "0" : value; })
      ->check(CLI::Range(0, 64))
      ->default_str("auto");
}

void AddRunCommand(CLI::App& app, CommandAction* action, const TorchSide& torch) {
  auto* cmd = app.add_subcommand("run", "Run an experiment file's sweep (resumable) into SQLite");
  auto options = std::make_shared<RunnerOptions>();
  auto db = std::make_shared<std::string>();
  cmd->add_option("file", options->experiment_file, "experiment TOML file")->required();
  auto shard = std::make_shared<std::string>();
  auto shards = std::make_shared<int>(0);
  cmd->add_option("--db", *db,
                  "results database (default: $MNISTBENCH_DB, else ./mnistbench.db; sharded: "
                  "results/<experiment>.shard-K.db)");
  cmd->add_option("--shard", *shard,
                  "train only shard K of N (0 <= K < N), by a stable rule on run keys (default: "
                  "$SLURM_ARRAY_TASK_ID/$SLURM_ARRAY_TASK_COUNT in a Slurm array)");
  cmd->add_option("--shards", *shards,
                  "shard count N, the index from $JOB_COMPLETION_INDEX (Kubernetes Indexed Job) "
                  "or $SLURM_ARRAY_TASK_ID")
      ->check(CLI::PositiveNumber);
  cmd->add_option("--data-dir", options->data_dir,
                  "data directory (default: $MNISTBENCH_DATA, else ./data)");
  AddWorkersOption(cmd, &options->workers, "runs trained at once (worker processes)");
  cmd->add_option("--threads", options->threads, "threads in total, split between workers (default: all cores)")
      ->check(CLI::NonNegativeNumber);
  cmd->add_option("--device", options->device,
                  "auto | cpu | cuda | cuda:N | cuda:0,cuda:1 (workers take the GPUs in turn)")
      ->capture_default_str();
  cmd->add_flag("--fast", options->fast,
                "CUDA: cuDNN benchmark and TF32 on, determinism off (recorded in each run's key)");
  cmd->add_flag("--retry-failed", options->retry_failed, "queue failed runs again");
  cmd->add_flag("--dry-run", options->dry_run, "print the expanded plan; train nothing");
  cmd->add_option("--stale-after", options->stale_after,
                  "seconds without a heartbeat before another host's running run is taken over")
      ->capture_default_str();
  cmd->callback([=] {
    *action = [=] {
      RunnerOptions o = *options;
      o.db_path = *db;  // empty: the runner picks the default, which depends on the shard
      o.shard = ResolveShard(*shard, *shards);
      return torch.run_sweep(o);
    };
  });
}

}  // namespace mnb
