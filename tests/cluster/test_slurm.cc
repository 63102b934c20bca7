// `mnistbench slurm`: the generated job scripts, run as Slurm runs them (bash, with the array
// task's environment), and on a real one-node Slurm cluster when one is up (scripts/test.sh
// starts one with scripts/slurm_cluster.sh and sets MNISTBENCH_SLURM). Either way the merged
// database must hold exactly the runs of a local, unsharded `run` of the same file, with
// bit-identical metrics (CPU, one thread per task).
#include <catch2/catch.hpp>

#include <sys/stat.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <regex>
#include <set>
#include <thread>

#include <fmt/format.h>

#include "harness/run/shard.h"
#include "harness/store/store.h"
#include "tests/cli_runner.h"
#include "tests/test_support.h"
#include "tests/skip.h"

using namespace mnb;
using namespace mnb::testing;

namespace {

namespace fs = std::filesystem;

// Four small runs; with 2 shards each shard gets some (checked by the tests).
const char* kSlurmExperiment = R"toml(
name = "slurmtiny"
[dataset]
name = "mnist"
val_size = 200
limit_train = 2000
limit_test = 500
[grid]
epochs = 1
batch_size = 100
seed = [1, 2]
[[model]]
name = "mlp-a"
layers = "flatten, dense(32), relu, dense(10)"
[[model]]
name = "lenet5"
)toml";

// Runs a shell command line in `dir`, capturing its output.
CliResult Shell(const std::string& dir, const std::string& command) {
  return RunShell(fmt::format("cd '{}' && ( {} )", dir, command));
}

std::string Bin() { return std::string("'") + MNISTBENCH_BINARY + "'"; }

struct FinalResult {
  std::string status;
  std::string metrics;  // every epoch's losses and accuracies, exactly, and the confusion matrix
};

std::map<std::string, FinalResult> Results(const std::string& db, const std::string& experiment) {
  Store store(db, Store::Mode::kReadOnly);
  std::map<std::string, FinalResult> out;
  const auto id = store.FindExperiment(experiment);
  if (!id) return out;
  for (const RunRow& run : store.Runs(*id)) {
    FinalResult& r = out[run.run_key];
    r.status = run.status;
    Statement epochs(store.db(), "SELECT epoch, train_loss, train_accuracy, val_loss, "
                                 "val_accuracy, test_loss, test_accuracy FROM epochs "
                                 "WHERE run_id = ?1 ORDER BY epoch");
    epochs.Bind(1, run.run_id);
    while (epochs.Step()) {
      r.metrics += fmt::format("{} {:.17g} {:.17g} {:.17g} {:.17g} {:.17g} {:.17g}\n",
                               epochs.Int(0), epochs.Double(1), epochs.Double(2),
                               epochs.Double(3), epochs.Double(4), epochs.Double(5),
                               epochs.Double(6));
    }
    Statement cells(store.db(), "SELECT true_label, predicted_label, count FROM confusion "
                                "WHERE run_id = ?1 ORDER BY 1, 2");
    cells.Bind(1, run.run_id);
    while (cells.Step()) {
      r.metrics += fmt::format("{}{}={} ", cells.Int(0), cells.Int(1), cells.Int(2));
    }
  }
  return out;
}

// The local, unsharded reference: the same file, one thread, as the array tasks train.
std::map<std::string, FinalResult> LocalReference(const std::string& dir) {
  const CliResult local = Shell(dir, Bin() + " run slurmtiny.toml --db local.db --threads 1 "
                                             "--data-dir '" + DataDir() + "'");
  INFO(local.err);
  REQUIRE(local.exit_code == 0);
  return Results(dir + "/local.db", "slurmtiny");
}

// The merged database against the local one: same run keys, all completed, same metrics; and each
// shard database holds only its shard's runs, none of them empty.
void CheckMerged(const std::string& dir, const std::map<std::string, FinalResult>& local) {
  REQUIRE(local.size() == 4);
  const std::map<std::string, FinalResult> merged =
      Results(dir + "/results/slurmtiny.db", "slurmtiny");
  std::set<std::string> local_keys, merged_keys;
  for (const auto& [key, r] : local) local_keys.insert(key);
  for (const auto& [key, r] : merged) merged_keys.insert(key);
  CHECK(merged_keys == local_keys);
  for (const auto& [key, r] : local) {
    INFO("run " << key);
    CHECK(r.status == "completed");
    const auto it = merged.find(key);
    if (it == merged.end()) continue;
    CHECK(it->second.status == "completed");
    CHECK(it->second.metrics == r.metrics);
    CHECK_FALSE(r.metrics.empty());
  }
  for (int k = 0; k < 2; ++k) {
    const auto shard =
        Results(fmt::format("{}/results/slurmtiny.shard-{}.db", dir, k), "slurmtiny");
    CHECK_FALSE(shard.empty());
    for (const auto& [key, r] : shard) CHECK(ShardOf(key, 2) == k);
  }
}

// The merge job renders the report.
void CheckReport(const std::string& dir) {
  CHECK(fs::exists(dir + "/results/slurmtiny-report/report.md"));
}

void WriteExperiment(const std::string& dir) {
  std::ofstream(dir + "/slurmtiny.toml") << kSlurmExperiment;
}

bool Executable(const std::string& path) {
  struct stat st {};
  return stat(path.c_str(), &st) == 0 && (st.st_mode & S_IXUSR) != 0;
}

}  // namespace

TEST_CASE("slurm writes documented array merge and submit scripts", "[slurm][cli]") {
  ScratchDir dir("slurm-gen");
  const std::string d = dir.path().string();
  WriteExperiment(d);
  CliResult r = Shell(d, Bin() + " slurm slurmtiny.toml --shards 3 --partition gpu --time 2:00:00 "
                                 "--gpus-per-task 1 --cpus-per-task 4 --out jobs");
  INFO(r.out << r.err);
  REQUIRE(r.exit_code == 0);
  CHECK(r.out.find("4 run(s) in 3 shard(s)") != std::string::npos);
  const std::string array = ReadAll(d + "/jobs/array.sbatch");
  const std::string merge = ReadAll(d + "/jobs/merge.sbatch");
  const std::string submit = ReadAll(d + "/jobs/submit.sh");
  for (const char* line :
       {"#SBATCH --array=0-2\n", "#SBATCH --partition=gpu\n", "#SBATCH --time=2:00:00\n",
        "#SBATCH --gpus-per-task=1\n", "#SBATCH --cpus-per-task=4\n", "#SBATCH --requeue\n",
        "--shard \"$shard/3\"", "--db \"results/slurmtiny.shard-$shard.db\"",
        "--threads \"${SLURM_CPUS_PER_TASK:-4}\""}) {
    INFO(line);
    CHECK(array.find(line) != std::string::npos);
  }
  CHECK(array.find(fmt::format("#SBATCH --chdir={}\n", d)) != std::string::npos);
  CHECK(array.find(fmt::format("#SBATCH --output={}/jobs/logs/shard-%a.log\n", d)) !=
        std::string::npos);
  CHECK(array.find(MNISTBENCH_BINARY) != std::string::npos);
  CHECK(merge.find("merge \"${shards[@]}\" -o results/slurmtiny.db") != std::string::npos);
  CHECK(merge.find("report --db results/slurmtiny.db --format all -o results/slurmtiny-report") !=
        std::string::npos);
  CHECK(merge.find("#SBATCH --kill-on-invalid-dep=yes") != std::string::npos);
  CHECK(submit.find("--dependency=afterok:\"$array\" merge.sbatch") != std::string::npos);
  CHECK(fs::is_directory(d + "/jobs/logs"));  // Slurm does not create the log directory itself
  for (const char* file : {"array.sbatch", "merge.sbatch", "submit.sh"}) {
    INFO(file);
    CHECK(Executable(d + "/jobs/" + file));
    CHECK(Shell(d, fmt::format("bash -n jobs/{}", file)).exit_code == 0);
    // Readable: every script explains itself before its first command.
    CHECK(ReadAll(d + "/jobs/" + file).substr(0, 300).find("\n# ") != std::string::npos);
  }

  // Without the optional flags their lines are absent; the default out dir is slurm/<name>.
  r = Shell(d, Bin() + " slurm slurmtiny.toml --shards 2");
  REQUIRE(r.exit_code == 0);
  const std::string plain = ReadAll(d + "/slurm/slurmtiny/array.sbatch");
  CHECK(plain.find("#SBATCH --array=0-1\n") != std::string::npos);
  CHECK(plain.find("--partition") == std::string::npos);
  CHECK(plain.find("--gpus-per-task") == std::string::npos);
  CHECK(plain.find("--time") == std::string::npos);

  // Bad input: one line, exit code 2, nothing written.
  r = Shell(d, Bin() + " slurm slurmtiny.toml --shards 0 --out bad1");
  CHECK(r.exit_code == 2);
  std::ofstream(d + "/broken.toml")
      << "name = \"broken\"\n[dataset]\nname = \"mnist\"\n[grid]\nbatch_size = 0\n";
  r = Shell(d, Bin() + " slurm broken.toml --shards 2 --out bad2");
  CHECK(r.exit_code == 2);
  CHECK(r.err.find("broken.toml:5: batch_size = 0") != std::string::npos);
  CHECK_FALSE(fs::exists(d + "/bad1"));
  CHECK_FALSE(fs::exists(d + "/bad2"));
}

TEST_CASE("the generated scripts run as Slurm runs them and merge into the local result",
          "[slurm][cli][torch]") {
  ScratchDir dir("slurm-bash");
  const std::string d = dir.path().string();
  WriteExperiment(d);
  const auto local = LocalReference(d);
  CliResult r = Shell(d, Bin() + " slurm slurmtiny.toml --shards 2 --cpus-per-task 1 --out jobs "
                                 "--data-dir '" + DataDir() + "'");
  REQUIRE(r.exit_code == 0);
  // What slurmstepd does for each task: bash, in --chdir, with the array task's variables.
  for (int k = 0; k < 2; ++k) {
    r = Shell(d, fmt::format("SLURM_ARRAY_TASK_ID={} SLURM_ARRAY_TASK_COUNT=2 "
                             "SLURM_CPUS_PER_TASK=1 bash jobs/array.sbatch",
                             k));
    INFO(r.err);
    REQUIRE(r.exit_code == 0);
  }
  r = Shell(d, "bash jobs/merge.sbatch");
  INFO(r.out << r.err);
  REQUIRE(r.exit_code == 0);
  CHECK(r.out.find("merged 2 database(s)") != std::string::npos);
  CheckMerged(d, local);
  CheckReport(d);
  // The merge job run twice (a requeue, or by hand) changes nothing.
  const auto before = Results(d + "/results/slurmtiny.db", "slurmtiny");
  REQUIRE(Shell(d, "bash jobs/merge.sbatch").exit_code == 0);
  const auto after = Results(d + "/results/slurmtiny.db", "slurmtiny");
  CHECK(after.size() == before.size());
  for (const auto& [key, result] : before) CHECK(after.at(key).metrics == result.metrics);
}

TEST_CASE("a 2-shard array on a real Slurm cluster merges into the local result",
          "[slurm][cluster][torch]") {
  const char* cluster = std::getenv("MNISTBENCH_SLURM");
  if (cluster == nullptr || *cluster == '\0') {
    MNB_SKIP("no Slurm cluster (scripts/test.sh starts one with scripts/slurm_cluster.sh as root "
             "and sets MNISTBENCH_SLURM and SLURM_CONF)");
  }
  ScratchDir dir("slurm-cluster");
  const std::string d = dir.path().string();
  {
    const CliResult sinfo = Shell(d, "sinfo -N -l");
    INFO("MNISTBENCH_SLURM is set, so the cluster must answer: " << sinfo.out << sinfo.err);
    REQUIRE(sinfo.exit_code == 0);
  }
  WriteExperiment(d);
  const auto local = LocalReference(d);

  CliResult r = Shell(d, Bin() + " slurm slurmtiny.toml --shards 2 --cpus-per-task 1 --out jobs "
                                 "--time 10:00 --data-dir '" + DataDir() + "' --submit");
  INFO(r.out << r.err);
  REQUIRE(r.exit_code == 0);
  std::smatch ids;
  REQUIRE(std::regex_search(r.out, ids, std::regex("array job (\\d+) .*merge job (\\d+)")));
  const std::string array_id = ids[1], merge_id = ids[2];

  // Wait until neither job is queued or running, for at most five minutes.
  const auto give_up = std::chrono::steady_clock::now() + std::chrono::minutes(5);
  bool done = false;
  while (!done && std::chrono::steady_clock::now() < give_up) {
    const CliResult q = Shell(d, fmt::format("squeue -h -j {},{} -o '%i %T'", array_id, merge_id));
    done = q.exit_code == 0 && q.out.find_first_not_of(" \n") == std::string::npos;
    if (!done) std::this_thread::sleep_for(std::chrono::seconds(2));
  }
  const std::string diagnosis =
      Shell(d, fmt::format("squeue -a -l; scontrol show job {}; scontrol show job {}; "
                           "tail -n 30 jobs/logs/*.log",
                           array_id, merge_id))
          .out;
  INFO("squeue, scontrol and the job logs:\n" << diagnosis);
  REQUIRE(done);
  const CliResult state = Shell(d, fmt::format("scontrol show job {} | grep -o 'JobState=[A-Z_]*'",
                                               merge_id));
  CHECK(state.out.find("JobState=COMPLETED") != std::string::npos);
  const CliResult tasks = Shell(d, fmt::format("scontrol show job {} | grep -o 'JobState=[A-Z_]*'",
                                               array_id));
  CHECK(tasks.out == "JobState=COMPLETED\nJobState=COMPLETED\n");
  CHECK(ReadAll(d + "/jobs/logs/merge.log").find("merged 2 database(s)") != std::string::npos);
  CheckMerged(d, local);
  CheckReport(d);
}
