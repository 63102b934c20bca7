// Start-up: what a command costs from exec to exit, the latency a user feels when typing
// `mnistbench status` again and again while a sweep runs.
//
// BM_Command/<what>: spawns the built executable (posix_spawn, output to /dev/null) and waits for
// it, on a small store made once (1 experiment, 12 runs of 5 epochs, 8 completed). `front_*` run
// build/mnistbench, which links no LibTorch; `torch_version` runs build/mnistbench-torch
// --version, which loads LibTorch as every command did before the front end was split off.
// Real time, since the work is in another process.
#include <benchmark/benchmark.h>
#include <fcntl.h>
#include <spawn.h>
#include <sys/wait.h>

#include <filesystem>
#include <string>
#include <vector>

#include "bench/bench_support.h"
#include "harness/plan/plan.h"
#include "harness/store/store.h"

extern char** environ;

namespace {

using namespace mnb;
using mnb::bench::ScratchDir;

const std::string& SmallStore() {
  static ScratchDir dir("bench-startup");
  static const std::string path = [] {
    const std::string db = (dir.path() / "small.db").string();
    Store store(db);
    const int64_t experiment = store.UpsertExperiment("small", "small.toml", "name = \"small\"");
    std::vector<NewRun> runs;
    for (int i = 0; i < 12; ++i) {
      RunSpec spec;
      spec.seed = static_cast<uint64_t>(i + 1);
      spec.lr = i % 2 == 0 ? 1e-3 : 3e-4;
      spec.epochs = 5;
      runs.push_back({RunKey(spec), spec, RunSpecToJson(spec), 61706});
    }
    store.InsertPlan(experiment, runs);
    for (int i = 0; i < 8; ++i) {
      const auto claimed = store.ClaimNextRun(experiment, WorkerId::Current(), std::chrono::hours(1));
      for (int64_t e = 1; e <= 5; ++e) {
        EpochMetrics m;
        m.epoch = e;
        m.train = {0.5 / e, 0.9};
        m.test = SplitMetrics{0.1, 0.97 + 0.001 * i};
        m.seconds = 3.0;
        (void)store.RecordEpoch(claimed->claim, m);
      }
      RunOutcome done;
      done.epochs_done = 5;
      (void)store.FinishRun(claimed->claim, done);
    }
    return db;
  }();
  return path;
}

int Spawn(const std::vector<std::string>& args) {
  std::vector<char*> argv;
  std::vector<std::string> copy = args;
  for (std::string& a : copy) argv.push_back(a.data());
  argv.push_back(nullptr);
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0);
  posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0);
  pid_t pid = 0;
  const int error = posix_spawn(&pid, argv[0], &actions, nullptr, argv.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  if (error != 0) return -1;
  int status = 0;
  waitpid(pid, &status, 0);
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

std::string Beside(const char* name) {
  return (std::filesystem::path(MNISTBENCH_BINARY).parent_path() / name).string();
}

void BM_Command(benchmark::State& state, std::vector<std::string> args) {
  for (std::string& a : args) {
    if (a == "DB") a = SmallStore();
  }
  for (auto _ : state) {
    if (Spawn(args) != 0) {
      state.SkipWithError("the command failed");
      break;
    }
  }
}

BENCHMARK_CAPTURE(BM_Command, front_version, {Beside("mnistbench"), "--version"})
    ->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK_CAPTURE(BM_Command, front_status, {Beside("mnistbench"), "status", "--db", "DB"})
    ->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK_CAPTURE(BM_Command, front_query,
                  {Beside("mnistbench"), "query", "--db", "DB",
                   "SELECT rank, model, n, test_accuracy_mean FROM leaderboard"})
    ->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK_CAPTURE(BM_Command, torch_version, {Beside("mnistbench-torch"), "--version"})
    ->Unit(benchmark::kMillisecond)->UseRealTime();

}  // namespace
