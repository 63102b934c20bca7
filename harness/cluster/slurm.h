// Slurm batch scripts for a sharded sweep: a job array that trains the shards and a dependent job
// that merges them and renders the report.
//
// Contract: WriteSlurmScripts writes three readable, commented files into out_dir (created):
// array.sbatch (one array task per shard; task K runs `mnistbench run FILE --shard K/N` into its
// own database, results/<experiment>.shard-K.db, with --requeue so a preempted task resumes its
// shard), merge.sbatch (`mnistbench merge` of every shard into results/<experiment>.db, then
// `mnistbench report`), and submit.sh (submits both, the merge with
// --dependency=afterok:<array>). Paths inside the scripts are relative to work_dir, the jobs'
// --chdir; the executable is absolute and $MNISTBENCH overrides it. Nothing here submits or
// touches Slurm but SubmitSlurmScripts, which runs sbatch twice and returns the job ids; a failing
// sbatch throws SlurmError with its output.
#ifndef MNISTBENCH_HARNESS_CLUSTER_SLURM_H_
#define MNISTBENCH_HARNESS_CLUSTER_SLURM_H_

#include <stdexcept>
#include <string>

#include "harness/base/error.h"

namespace mnb {

// sbatch or squeue failed, or the job scripts could not be written.
class SlurmError : public Error {
 public:
  explicit SlurmError(const std::string& message) : Error(ErrorKind::kExternal, message) {}
};

struct SlurmJobOptions {
  std::string experiment_file;  // as the jobs will see it (relative to work_dir, or absolute)
  std::string experiment_name;
  int shards = 1;
  std::string partition;   // empty: the cluster's default
  std::string time;        // per array task, Slurm's format (e.g. 8:00:00); empty: default
  int gpus_per_task = 0;   // 0: none requested
  int cpus_per_task = 1;   // also the threads each task trains with
  std::string out_dir;     // scripts and logs (absolute)
  std::string work_dir;    // the jobs' working directory (absolute)
  std::string results_dir = "results";  // shard and merged databases (relative to work_dir)
  std::string binary;      // mnistbench executable (absolute)
  std::string data_dir;    // empty: the jobs use $MNISTBENCH_DATA, else ./data
  std::string device = "auto";
};

struct SlurmScripts {
  std::string array_path, merge_path, submit_path;
  std::string merged_db;  // relative to work_dir
};

// Throws mnb::Error kBadInput for a bad option (shards < 1, say), kIo for a script not written.
SlurmScripts WriteSlurmScripts(const SlurmJobOptions& options);

struct SubmittedJobs {
  std::string array_id, merge_id;
};

SubmittedJobs SubmitSlurmScripts(const SlurmScripts& scripts);

// Single-quotes `text` for a POSIX shell.
std::string ShellQuote(const std::string& text);

}  // namespace mnb

#endif  // MNISTBENCH_HARNESS_CLUSTER_SLURM_H_
