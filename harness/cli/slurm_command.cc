// `mnistbench slurm FILE --shards N`: write (and with --submit, submit) the Slurm job array that
// trains an experiment's shards and the dependent job that merges them; see
// harness/cluster/slurm.h.
#include <fmt/format.h>
#include <unistd.h>

#include <filesystem>
#include <optional>
#include <vector>

#include "harness/base/self_executable.h"
#include "harness/cli/command.h"
#include "harness/cluster/slurm.h"
#include "harness/config/experiment.h"
#include "harness/run/shard.h"

namespace mnb {

namespace {

namespace fs = std::filesystem;

std::string ThisExecutable() {
  const std::optional<std::string> self = SelfExecutablePath();
  if (!self) throw SlurmError("cannot find the mnistbench executable (/proc/self/exe)");
  return *self;
}

}  // namespace

void AddSlurmCommand(CLI::App& app, CommandAction* action) {
  auto* cmd = app.add_subcommand(
      "slurm", "Write (and --submit) a Slurm job array for an experiment's shards, plus a job "
               "that merges them");
  auto options = std::make_shared<SlurmJobOptions>();
  auto out = std::make_shared<std::string>();
  auto submit = std::make_shared<bool>(false);
  cmd->add_option("file", options->experiment_file, "experiment TOML file")->required();
  cmd->add_option("--shards", options->shards, "array tasks, one shard each")
      ->required()
      ->check(CLI::Range(1, 100000));
  cmd->add_option("--partition", options->partition, "Slurm partition (default: the cluster's)");
  cmd->add_option("--time", options->time, "time limit per task, e.g. 8:00:00");
  cmd->add_option("--gpus-per-task", options->gpus_per_task, "GPUs per task (default: none)")
      ->check(CLI::NonNegativeNumber);
  cmd->add_option("--cpus-per-task", options->cpus_per_task,
                  "CPUs per task, also its training threads")
      ->check(CLI::Range(1, 4096))
      ->capture_default_str();
  cmd->add_option("--out", *out, "where the scripts and logs go (default: slurm/<experiment>)");
  cmd->add_option("--results", options->results_dir,
                  "directory of the shard and merged databases, relative to the jobs' working "
                  "directory (this one)")
      ->capture_default_str();
  cmd->add_option("--data-dir", options->data_dir,
                  "data directory for the jobs (default: their $MNISTBENCH_DATA, else ./data)");
  cmd->add_option("--device", options->device, "auto | cpu | cuda | cuda:N")
      ->capture_default_str();
  cmd->add_flag("--submit", *submit, "submit with sbatch and print the job ids");
  cmd->callback([=] {
    *action = [=] {
      SlurmJobOptions o = *options;
      const Experiment experiment = LoadExperiment(o.experiment_file);  // bad file: exit 2
      Plan plan = ExpandPlan(experiment);
      // The shards' sizes as the jobs will plan them: a CUDA device named here keys runs so.
      if (o.device.rfind("cuda", 0) == 0) PlanForDevice(plan, "cuda", false);
      o.experiment_name = experiment.name;
      o.work_dir = fs::current_path().string();
      o.out_dir = fs::absolute(out->empty() ? "slurm/" + experiment.name : *out)
                      .lexically_normal()
                      .string();
      if (!o.data_dir.empty()) o.data_dir = fs::absolute(o.data_dir).lexically_normal().string();
      o.binary = ThisExecutable();
      const SlurmScripts scripts = WriteSlurmScripts(o);

      std::vector<int> sizes(static_cast<size_t>(o.shards), 0);
      for (const PlannedRun& run : plan.runs) {
        ++sizes[static_cast<size_t>(ShardOf(run.run_key, o.shards))];
      }
      std::string spread;
      int empty = 0;
      for (size_t k = 0; k < sizes.size() && k < 16; ++k) {
        spread += fmt::format("{}{}", k ? " " : "", sizes[k]);
      }
      for (int size : sizes) empty += size == 0 ? 1 : 0;
      fmt::print("experiment '{}': {} run(s) in {} shard(s) (runs per shard: {}{})\n",
                 experiment.name, plan.runs.size(), o.shards, spread,
                 sizes.size() > 16 ? " ..." : "");
      if (empty > 0) {
        fmt::print(stderr, "note: {} shard(s) have no run (the shard rule hashes run keys; fewer "
                           "shards balance small plans better)\n",
                   empty);
      }
      fmt::print("wrote {}\n      {}\n      {}\n", scripts.array_path, scripts.merge_path,
                 scripts.submit_path);
      fmt::print("shards write {}/{}.shard-K.db; the merge job writes {}\n", o.results_dir,
                 experiment.name, scripts.merged_db);
      if (!*submit) {
        fmt::print("submit with: bash {}   (or mnistbench slurm ... --submit)\n",
                   scripts.submit_path);
        return kExitOk;
      }
      try {
        const SubmittedJobs jobs = SubmitSlurmScripts(scripts);
        fmt::print("submitted array job {} ({} tasks) and merge job {} "
                   "(--dependency=afterok:{})\n",
                   jobs.array_id, o.shards, jobs.merge_id, jobs.array_id);
      } catch (const SlurmError& e) {
        fmt::print(stderr, "mnistbench: slurm: {}\n", e.what());
        return kExitFailed;
      }
      return kExitOk;
    };
  });
}

}  // namespace mnb
