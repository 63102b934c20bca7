// Sharded sweeps: the shard rule on run keys, where a shard comes from (flags, Slurm and
// Kubernetes environment), and `mnistbench run --shard` on real data.
#include <catch2/catch.hpp>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <map>
#include <random>
#include <set>

#include <fmt/format.h>

#include "harness/base/error.h"
#include "harness/config/experiment.h"
#include "harness/run/shard.h"
#include "harness/store/store.h"
#include "tests/cli_runner.h"
#include "tests/error_matchers.h"
#include "tests/test_support.h"

using namespace mnb;
using namespace mnb::testing;

namespace {

// Twelve runs: enough that no shard of three is left empty by the hash (checked below).
const char* kShardExperiment = R"toml(
name = "sharded"
[dataset]
name = "mnist"
val_size = 0
limit_train = 600
limit_test = 200
[grid]
epochs = 1
batch_size = 100
lr = [1e-3, 3e-3]
seed = [1, 2, 3]
[[model]]
name = "mlp-a"
layers = "flatten, dense(16), relu, dense(10)"
[[model]]
name = "mlp-b"
layers = "flatten, dense(8), relu, dense(10)"
)toml";

EnvLookup Env(std::map<std::string, std::string> vars) {
  auto shared = std::make_shared<std::map<std::string, std::string>>(std::move(vars));
  return [shared](const char* name) -> const char* {
    const auto it = shared->find(name);
    return it == shared->end() ? nullptr : it->second.c_str();
  };
}

std::vector<std::string> KeysOf(const Plan& plan) {
  std::vector<std::string> keys;
  for (const PlannedRun& run : plan.runs) keys.push_back(run.run_key);
  return keys;
}

// The run keys of `mnistbench run --dry-run` lines (each line starts with the key).
std::set<std::string> DryRunKeys(const CliResult& r) {
  std::set<std::string> keys;
  for (const std::string& line : r.OutLines()) {
    if (line.size() > 16 && line[16] == ' ') keys.insert(line.substr(0, 16));
  }
  return keys;
}

}  // namespace

TEST_CASE("the shard of a run is its key modulo N", "[shard]") {
  CHECK(ShardOf("0000000000000000", 4) == 0);
  CHECK(ShardOf("0000000000000007", 4) == 3);
  CHECK(ShardOf("00000000000000ff", 7) == 255 % 7);
  CHECK(ShardOf("ffffffffffffffff", 10) == static_cast<int>(UINT64_MAX % 10));
  CHECK(ShardOf("FFFFFFFFFFFFFFFF", 10) == ShardOf("ffffffffffffffff", 10));
  CHECK(ShardOf("1234abcd5678ef90", 1) == 0);
  // Caller preconditions, not user input: internal errors.
  CHECK_THROWS_MATCHES(ShardOf("not-a-key", 2), Error, IsKind(ErrorKind::kInternal));
  CHECK_THROWS_MATCHES(ShardOf("0000000000000001", 0), Error, IsKind(ErrorKind::kInternal));
}

TEST_CASE("every run lands in exactly one shard whatever order the plan has", "[shard]") {
  const Plan plan = ExpandPlan(ParseExperiment(kShardExperiment, "sharded.toml"));
  REQUIRE(plan.runs.size() == 12);
  std::vector<std::string> keys = KeysOf(plan);
  for (int n : {1, 2, 3, 5}) {
    std::map<std::string, int> owner;
    for (int k = 0; k < n; ++k) {
      for (const std::string& key : keys) {
        if (InShard(key, {k, n})) {
          CHECK(owner.count(key) == 0);
          owner[key] = k;
        }
      }
    }
    CHECK(owner.size() == keys.size());
    // Shuffled, the plan splits the same way: the rule looks at the key alone.
    std::vector<std::string> shuffled = keys;
    std::shuffle(shuffled.begin(), shuffled.end(), std::mt19937(n));
    for (const std::string& key : shuffled) CHECK(ShardOf(key, n) == owner[key]);
  }
  std::set<int> used;
  for (const std::string& key : keys) used.insert(ShardOf(key, 3));
  CHECK(used.size() == 3);
}

TEST_CASE("a shard flag K/N is parsed strictly", "[shard]") {
  CHECK(ParseShard("0/1").index == 0);
  CHECK(ParseShard("3/4").index == 3);
  CHECK(ParseShard("3/4").count == 4);
  CHECK(ParseShard("3/4").Text() == "3/4");
  for (const char* bad : {"", "1", "4/4", "5/4", "-1/4", "1/0", "a/b", "1/2/3", " 1/2", "1/"}) {
    INFO(bad);
    CHECK_THROWS_AS(ParseShard(bad), Error);
  }
}

TEST_CASE("the shard comes from the flag then Slurm then Kubernetes", "[shard]") {
  SECTION("no flag and no environment: not sharded") {
    CHECK_FALSE(ResolveShard("", 0, Env({})).has_value());
  }
  SECTION("--shard wins over the environment") {
    const auto s = ResolveShard("1/3", 0, Env({{"SLURM_ARRAY_TASK_ID", "0"},
                                              {"SLURM_ARRAY_TASK_COUNT", "2"}}));
    REQUIRE(s);
    CHECK(s->index == 1);
    CHECK(s->count == 3);
    CHECK_THROWS_AS(ResolveShard("1/3", 3, Env({})), Error);
  }
  SECTION("a Slurm array task, relative to the array's first id") {
    auto s = ResolveShard("", 0, Env({{"SLURM_ARRAY_TASK_ID", "2"},
                                      {"SLURM_ARRAY_TASK_COUNT", "4"}}));
    REQUIRE(s);
    CHECK(s->Text() == "2/4");
    s = ResolveShard("", 0, Env({{"SLURM_ARRAY_TASK_ID", "4"},
                                 {"SLURM_ARRAY_TASK_COUNT", "4"},
                                 {"SLURM_ARRAY_TASK_MIN", "1"}}));
    REQUIRE(s);
    CHECK(s->Text() == "3/4");
  }
  SECTION("a sparse or inconsistent Slurm array is refused") {
    CHECK_THROWS_AS(ResolveShard("", 0, Env({{"SLURM_ARRAY_TASK_ID", "9"},
                                             {"SLURM_ARRAY_TASK_COUNT", "3"},
                                             {"SLURM_ARRAY_TASK_MIN", "1"}})),
                    Error);
    CHECK_THROWS_AS(ResolveShard("", 0, Env({{"SLURM_ARRAY_TASK_ID", "1"}})),
                    Error);
    CHECK_THROWS_AS(ResolveShard("", 0, Env({{"SLURM_ARRAY_TASK_ID", "x"},
                                             {"SLURM_ARRAY_TASK_COUNT", "3"}})),
                    Error);
  }
  SECTION("a Kubernetes Indexed Job: JOB_COMPLETION_INDEX with --shards") {
    const auto s = ResolveShard("", 5, Env({{"JOB_COMPLETION_INDEX", "4"}}));
    REQUIRE(s);
    CHECK(s->Text() == "4/5");
    CHECK_THROWS_AS(ResolveShard("", 4, Env({{"JOB_COMPLETION_INDEX", "4"}})),
                    Error);
    CHECK_THROWS_AS(ResolveShard("", 0, Env({{"JOB_COMPLETION_INDEX", "1"}})),
                    Error);
    CHECK_THROWS_AS(ResolveShard("", 3, Env({})), Error);
  }
  SECTION("--shards N in a Slurm array takes the task id") {
    const auto s = ResolveShard("", 3, Env({{"SLURM_ARRAY_TASK_ID", "2"}}));
    REQUIRE(s);
    CHECK(s->Text() == "2/3");
  }
}

TEST_CASE("run --dry-run --shard lists each run in exactly one shard", "[shard][cli][torch]") {
  ScratchDir dir("shard-dry");
  const std::string file = dir.file("sharded.toml");
  std::ofstream(file) << kShardExperiment;
  const CliResult all = RunCli("run --device cpu '" + file + "' --dry-run");
  REQUIRE(all.exit_code == 0);
  const std::set<std::string> every = DryRunKeys(all);
  REQUIRE(every.size() == 12);
  std::set<std::string> seen;
  size_t total = 0;
  for (int k = 0; k < 3; ++k) {
    const CliResult r = RunCli(fmt::format("run '{}' --dry-run --shard {}/3", file, k));
    REQUIRE(r.exit_code == 0);
    const std::set<std::string> keys = DryRunKeys(r);
    CHECK_FALSE(keys.empty());
    for (const std::string& key : keys) CHECK(ShardOf(key, 3) == k);
    total += keys.size();
    seen.insert(keys.begin(), keys.end());
    CHECK(r.out.find(fmt::format("(shard {}/3: {} of 12)", k, keys.size())) != std::string::npos);
  }
  CHECK(total == 12);
  CHECK(seen == every);
  // The environment of a Slurm array task and of a Kubernetes Indexed Job give the same split.
  const CliResult slurm =
      RunCli("run --device cpu '" + file + "' --dry-run", "SLURM_ARRAY_TASK_ID=1 SLURM_ARRAY_TASK_COUNT=3");
  const CliResult k8s = RunCli("run --device cpu '" + file + "' --dry-run --shards 3", "JOB_COMPLETION_INDEX=1");
  const CliResult flag = RunCli("run --device cpu '" + file + "' --dry-run --shard 1/3");
  CHECK(DryRunKeys(slurm) == DryRunKeys(flag));
  CHECK(DryRunKeys(k8s) == DryRunKeys(flag));
}

TEST_CASE("bad shard flags and variables are one line and exit code 2", "[shard][cli]") {
  ScratchDir dir("shard-bad");
  const std::string file = dir.file("sharded.toml");
  std::ofstream(file) << kShardExperiment;
  CliResult r = RunCli("run --device cpu '" + file + "' --dry-run --shard 3/3");
  CHECK(r.exit_code == 2);
  CHECK(r.err.find("--shard '3/3'") != std::string::npos);
  r = RunCli("run --device cpu '" + file + "' --dry-run --shards 2");
  CHECK(r.exit_code == 2);
  CHECK(r.err.find("JOB_COMPLETION_INDEX") != std::string::npos);
  r = RunCli("run --device cpu '" + file + "' --dry-run", "JOB_COMPLETION_INDEX=0");
  CHECK(r.exit_code == 2);
  CHECK(r.err.find("--shards") != std::string::npos);
}

TEST_CASE("a shard trains only its runs into results/NAME.shard-K.db by default",
          "[shard][cli][torch]") {
  ScratchDir dir("shard-run");
  const std::string file = dir.file("sharded.toml");
  std::ofstream(file) << kShardExperiment;
  const Plan plan = ExpandPlan(ParseExperiment(kShardExperiment, file));
  std::set<std::string> expected;
  for (const PlannedRun& run : plan.runs) {
    if (ShardOf(run.run_key, 3) == 2) expected.insert(run.run_key);
  }
  REQUIRE_FALSE(expected.empty());

  const std::string run =
      fmt::format("cd '{}' && '{}' run sharded.toml --threads 1 --data-dir '{}'",
                                      dir.path().string(), MNISTBENCH_BINARY, DataDir());
  // MNISTBENCH_DB names the unsharded default; a shard must not write there.
  const std::string env = "MNISTBENCH_DB='" + dir.file("shared.db") + "'";
  REQUIRE(std::system((env + " " + run + " --shard 2/3 >/dev/null 2>&1").c_str()) == 0);
  const std::string db = dir.file("results/sharded.shard-2.db");
  REQUIRE(std::filesystem::exists(db));
  CHECK_FALSE(std::filesystem::exists(dir.file("shared.db")));
  {
    Store store(db, Store::Mode::kReadOnly);
    const auto id = store.FindExperiment("sharded");
    REQUIRE(id);
    std::set<std::string> got;
    for (const RunRow& row : store.Runs(*id)) {
      got.insert(row.run_key);
      CHECK(row.status == "completed");
    }
    CHECK(got == expected);
  }
  // Another shard pointed at the same database would claim shard 2's unfinished runs: refused.
  const std::string unsharded_db = dir.file("plain.db");
  {
    Store store(unsharded_db);
    const int64_t id = store.UpsertExperiment("sharded", file, kShardExperiment);
    std::vector<NewRun> rows;
    for (const PlannedRun& p : plan.runs) {
      rows.push_back({p.run_key, p.spec, RunSpecToJson(p.spec), p.params});
    }
    store.InsertPlan(id, rows);
  }
  const CliResult refused =
      RunCli(fmt::format("run '{}' --shard 0/3 --db '{}' --threads 1 --data-dir '{}'", file,
                         unsharded_db, DataDir()));
  CHECK(refused.exit_code == 2);
  CHECK(refused.err.find("outside shard 0/3") != std::string::npos);
  {
    Store store(unsharded_db, Store::Mode::kReadOnly);
    CHECK(store.StatusCounts(*store.FindExperiment("sharded")).at("queued") == 12);
  }
}
