#include "harness/cluster/slurm.h"

#include <fmt/format.h>
#include <sys/wait.h>

#include <cstdio>
#include <filesystem>
#include <fstream>

#include "harness/base/error.h"

namespace mnb {

namespace {

namespace fs = std::filesystem;

bool ShellSafe(const std::string& text) {
  if (text.empty()) return false;
  for (char c : text) {
    const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                    std::string("/._-+=:@%,").find(c) != std::string::npos;
    if (!ok) return false;
  }
  return true;
}

// #SBATCH lines are not parsed by a shell: keep their values free of spaces and quotes.
std::string SbatchValue(const std::string& what, const std::string& value) {
  if (value.find_first_of(" \t\n'\"\\") != std::string::npos) {
    throw BadInput(fmt::format(
        "{} '{}' has spaces or quotes, which #SBATCH lines cannot carry (expected a plain path "
        "or value)",
        what, value));
  }
  return value;
}

void WriteExecutable(const std::string& path, const std::string& text) {
  {
    std::ofstream out(path, std::ios::trunc);
    out << text;
    if (!out) throw IoError(fmt::format("{}: cannot write", path));
  }
  fs::permissions(path, fs::perms::owner_exec | fs::perms::group_exec | fs::perms::others_exec,
                  fs::perm_options::add);
}

struct Command {
  int exit_code = 0;
  std::string output;  // stdout and stderr
};

Command RunCommand(const std::string& command) {
  Command result;
  FILE* pipe = popen((command + " 2>&1").c_str(), "r");
  if (pipe == nullptr) throw SlurmError(fmt::format("cannot run: {}", command));
  char buffer[4096];
  size_t n = 0;
  while ((n = fread(buffer, 1, sizeof(buffer), pipe)) > 0) result.output.append(buffer, n);
  const int status = pclose(pipe);
  result.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : 128;
  return result;
}

// `sbatch --parsable` prints "jobid" or "jobid;cluster".
std::string Sbatch(const std::string& args) {
  const std::string command = "sbatch --parsable " + args;
  const Command r = RunCommand(command);
  std::string line = r.output;
  while (!line.empty() && (line.back() == '\n' || line.back() == '\r')) line.pop_back();
  if (const size_t nl = line.rfind('\n'); nl != std::string::npos) line = line.substr(nl + 1);
  const std::string id = line.substr(0, line.find(';'));
  const bool numeric =
      !id.empty() && id.find_first_not_of("0123456789") == std::string::npos;
  if (r.exit_code != 0 || !numeric) {
    std::string output = r.output;
    while (!output.empty() && output.back() == '\n') output.pop_back();
    throw SlurmError(fmt::format("`{}` failed (exit code {}): {}", command, r.exit_code,
                                 output.empty() ? "no output" : output));
  }
  return id;
}

std::string ArrayScript(const SlurmJobOptions& o, const std::string& logs) {
  const std::string name = o.experiment_name;
  const std::string db = fmt::format("{}/{}.shard-$shard.db", o.results_dir, name);
  std::string sbatch;
  sbatch += fmt::format("#SBATCH --job-name=mnb-{}\n", SbatchValue("experiment name", name));
  sbatch += fmt::format("#SBATCH --array=0-{}\n", o.shards - 1);
  sbatch += fmt::format("#SBATCH --cpus-per-task={}\n", o.cpus_per_task);
  if (!o.time.empty()) sbatch += fmt::format("#SBATCH --time={}\n", SbatchValue("--time", o.time));
  if (!o.partition.empty()) {
    sbatch += fmt::format("#SBATCH --partition={}\n", SbatchValue("--partition", o.partition));
  }
  if (o.gpus_per_task > 0) sbatch += fmt::format("#SBATCH --gpus-per-task={}\n", o.gpus_per_task);
  sbatch += "#SBATCH --requeue\n#SBATCH --open-mode=append\n";
  sbatch += fmt::format("#SBATCH --chdir={}\n", SbatchValue("working directory", o.work_dir));
  sbatch += fmt::format("#SBATCH --output={}/shard-%a.log\n", SbatchValue("--out", logs));

  std::string run = fmt::format("exec \"$mnistbench\" run {} --shard \"$shard/{}\" \\\n"
                                "  --db \"{}\" \\\n"
                                "  --threads \"${{SLURM_CPUS_PER_TASK:-{}}}\" --device {}",
                                ShellQuote(o.experiment_file), o.shards, db, o.cpus_per_task,
                                ShellQuote(o.device));
  if (!o.data_dir.empty()) run += fmt::format(" --data-dir {}", ShellQuote(o.data_dir));

  return fmt::format(
      R"sh(#!/bin/bash
# mnistbench: experiment '{name}' on Slurm, as a job array with one task per shard ({n} shards).
# Written by `mnistbench slurm {file} --shards {n}`. Edit freely (the #SBATCH lines especially),
# then submit with submit.sh beside this file, which also queues merge.sbatch after it.
#
# Task K trains shard K of {n}: the runs whose run key falls in that shard. The rule looks at the
# key alone, so a task always trains the same runs, however the plan is ordered. Each task writes
# a database of its own, {results}/{name}.shard-K.db: an SQLite file must only ever be written
# from one machine (its locking is not safe over NFS). If a task is preempted or its node fails,
# --requeue puts it back in the queue, and `mnistbench run` resumes the shard from its last
# committed epoch, as after any interruption (re-running a task by hand does the same:
# `sbatch --array=K array.sbatch`). Each task's log is appended to {logs}/shard-K.log.
{sbatch}
set -euo pipefail

mnistbench="${{MNISTBENCH:-{binary}}}"
shard="$SLURM_ARRAY_TASK_ID"
mkdir -p {results}

# --threads: the CPUs Slurm gave the task. On CPU, a run's metrics are bit-identical for the same
# thread count, wherever it trains.
{run}
)sh",
      fmt::arg("name", name), fmt::arg("n", o.shards), fmt::arg("file", o.experiment_file),
      fmt::arg("results", ShellQuote(o.results_dir)), fmt::arg("logs", logs),
      fmt::arg("sbatch", sbatch), fmt::arg("binary", o.binary), fmt::arg("run", run));
}

std::string MergeScript(const SlurmJobOptions& o, const std::string& logs,
                        const std::string& merged_db, const std::string& report_dir) {
  const std::string name = o.experiment_name;
  std::string sbatch;
  sbatch += fmt::format("#SBATCH --job-name=mnb-{}-merge\n", name);
  sbatch += "#SBATCH --cpus-per-task=1\n";
  if (!o.partition.empty()) sbatch += fmt::format("#SBATCH --partition={}\n", o.partition);
  sbatch += "#SBATCH --kill-on-invalid-dep=yes\n";
  sbatch += fmt::format("#SBATCH --chdir={}\n", o.work_dir);
  sbatch += fmt::format("#SBATCH --output={}/merge.log\n", logs);
  return fmt::format(
      R"sh(#!/bin/bash
# mnistbench: experiment '{name}', after the shards: merge their {n} databases into one and
# render the report. submit.sh queues this job with --dependency=afterok:<array job>, so it starts
# once every shard has succeeded, and Slurm cancels it if one fails (--kill-on-invalid-dep). After
# re-running a failed shard, submit it again by hand: `sbatch merge.sbatch`.
#
# `mnistbench merge` unions the shards by run key in one transaction. Merging again is harmless:
# a run already merged with the same results changes nothing, a completed run replaces an
# unfinished one, and two different completed results of one run stop the merge (choose with
# --prefer newest|oldest).
{sbatch}
set -euo pipefail

mnistbench="${{MNISTBENCH:-{binary}}}"
shards=()
for k in $(seq 0 {last}); do shards+=("{results}/{name}.shard-$k.db"); done

"$mnistbench" merge "${{shards[@]}}" -o {merged}

# The report: Markdown, CSV and HTML in {report}.
if "$mnistbench" report --help >/dev/null 2>&1; then
  "$mnistbench" report --db {merged} --format all -o {report}
else
  echo "this mnistbench has no 'report' command: report skipped; the results are in {merged}" >&2
fi
)sh",
      fmt::arg("name", name), fmt::arg("n", o.shards), fmt::arg("sbatch", sbatch),
      fmt::arg("binary", o.binary), fmt::arg("last", o.shards - 1),
      fmt::arg("results", o.results_dir), fmt::arg("merged", ShellQuote(merged_db)),
      fmt::arg("report", ShellQuote(report_dir)));
}

std::string SubmitScript(const SlurmJobOptions& o) {
  return fmt::format(
      R"sh(#!/bin/bash
# Submits experiment '{name}': the job array of {n} shards, then the merge job, which waits for
# every task of the array to succeed (--dependency=afterok). `mnistbench slurm --submit` does the
# same. Prints both job ids.
set -euo pipefail
cd "$(dirname "$0")"
array="$(sbatch --parsable array.sbatch)"
array="${{array%%;*}}"
merge="$(sbatch --parsable --dependency=afterok:"$array" merge.sbatch)"
merge="${{merge%%;*}}"
echo "submitted array job $array ({n} tasks) and merge job $merge (--dependency=afterok:$array)"
)sh",
      fmt::arg("name", o.experiment_name), fmt::arg("n", o.shards));
}

}  // namespace

std::string ShellQuote(const std::string& text) {
  if (ShellSafe(text)) return text;
  std::string quoted = "'";
  for (char c : text) {
    if (c == '\'') {
      quoted += "'\\''";
    } else {
      quoted += c;
    }
  }
  return quoted + "'";
}

SlurmScripts WriteSlurmScripts(const SlurmJobOptions& options) {
  if (options.shards < 1) {
    throw BadInput(fmt::format("--shards {} (expected N >= 1)", options.shards));
  }
  if (options.cpus_per_task < 1) {
    throw BadInput(
        fmt::format("--cpus-per-task {} (expected C >= 1)", options.cpus_per_task));
  }
  if (options.gpus_per_task < 0) {
    throw BadInput(
        fmt::format("--gpus-per-task {} (expected G >= 0)", options.gpus_per_task));
  }
  if (!ShellSafe(options.experiment_name) || !ShellSafe(options.results_dir)) {
    throw BadInput(fmt::format(
        "experiment name '{}' or results directory '{}' has characters a job script cannot use "
        "unquoted (expected letters, digits and ._-/)",
        options.experiment_name, options.results_dir));
  }
  const std::string logs = options.out_dir + "/logs";
  SbatchValue("--out", logs);
  SbatchValue("working directory", options.work_dir);
  fs::create_directories(logs);

  SlurmScripts scripts;
  scripts.array_path = options.out_dir + "/array.sbatch";
  scripts.merge_path = options.out_dir + "/merge.sbatch";
  scripts.submit_path = options.out_dir + "/submit.sh";
  scripts.merged_db = fmt::format("{}/{}.db", options.results_dir, options.experiment_name);
  const std::string report_dir =
      fmt::format("{}/{}-report", options.results_dir, options.experiment_name);
  WriteExecutable(scripts.array_path, ArrayScript(options, logs));
  WriteExecutable(scripts.merge_path, MergeScript(options, logs, scripts.merged_db, report_dir));
  WriteExecutable(scripts.submit_path, SubmitScript(options));
  return scripts;
}

SubmittedJobs SubmitSlurmScripts(const SlurmScripts& scripts) {
  SubmittedJobs jobs;
  jobs.array_id = Sbatch(ShellQuote(scripts.array_path));
  jobs.merge_id = Sbatch(fmt::format("--dependency=afterok:{} {}", jobs.array_id,
                                     ShellQuote(scripts.merge_path)));
  return jobs;
}

}  // namespace mnb
