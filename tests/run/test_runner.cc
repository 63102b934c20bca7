// `mnistbench run` as users run it: real subprocesses on a real database, killed with -9,
// interrupted with SIGINT, raced against each other, and paused while their run is taken over.
#include <catch2/catch.hpp>

#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <optional>
#include <set>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include <fmt/format.h>

#include "harness/store/store.h"
#include "harness/train/device.h"
#include "tests/cli_runner.h"
#include "tests/sweep_process.h"
#include "tests/test_support.h"

using namespace mnb;
using namespace mnb::testing;

namespace {

// Four small runs of three epochs on real MNIST subsets: seconds each.
const char* kTinyExperiment = R"toml(
name = "tiny"
[dataset]
name = "mnist"
val_size = 300
limit_train = 1500
limit_test = 500
[grid]
epochs = 3
batch_size = 64
seed = [1, 2]
[[model]]
name = "lenet5"
[[model]]
name = "small-mlp"
layers = "flatten, dense(32), relu, dropout(0.1), dense(10)"
)toml";

std::string WriteExperiment(const ScratchDir& dir, const std::string& text = kTinyExperiment) {
  const std::string path = dir.file("tiny.toml");
  std::ofstream(path) << text;
  return path;
}

// Starts `mnistbench run` in the background; stderr goes to `log`.
// Every epoch row of a database, keyed by run, as text: equal strings mean equal metrics.
std::string EpochDump(const std::string& db) {
  Store store(db, Store::Mode::kReadOnly);
  Statement q(store.db(),
              "SELECT r.run_key, e.epoch, e.train_loss, e.train_accuracy, e.val_loss, "
              "e.test_loss, e.test_accuracy FROM epochs e JOIN runs r ON r.id = e.run_id "
              "ORDER BY r.run_key, e.epoch");
  std::string out;
  while (q.Step()) {
    out += q.Text(0) + " " + std::to_string(q.Int(1));
    for (int c = 2; c < 7; ++c) out += fmt::format(" {:a}", q.Double(c));  // hex float: exact
    out += "\n";
  }
  return out;
}

const char* kMidRun =
    "SELECT COUNT(*) FROM runs r WHERE status = 'running' AND "
    "(SELECT COUNT(*) FROM epochs e WHERE e.run_id = r.id) BETWEEN 1 AND 2";

}  // namespace

TEST_CASE("run fills the DB and a second run does nothing", "[runner]") {
  ScratchDir dir("run");
  const std::string file = WriteExperiment(dir), db = dir.file("r.db");
  const CliResult first = RunCli("run --device cpu --workers 1 " + file + " --db " + db + " --threads 2 --data-dir " + DataDir());
  INFO(first.err);
  REQUIRE(first.exit_code == 0);
  CHECK(Query(db, "SELECT COUNT(*) FROM runs WHERE status = 'completed'") == 4);
  CHECK(Query(db, "SELECT COUNT(*) FROM epochs") == 12);
  CHECK(Query(db, "SELECT COUNT(*) FROM confusion") == 400);
  CHECK(Query(db, "SELECT COUNT(*) FROM runs WHERE device = 'cpu' AND threads = 2 AND "
                  "torch_version = '" + TorchVersion() + "' AND length(data_sha256) = 64") == 4);
  for (int run = 1; run <= 4; ++run) {
    CHECK(std::filesystem::exists(db + ".artifacts/" + std::to_string(run) + "/model.pt"));
  }
  const CliResult again = RunCli("run --device cpu --workers 1 " + file + " --db " + db + " --data-dir " + DataDir());
  CHECK(again.exit_code == 0);
  CHECK_THAT(again.err, Catch::Contains("nothing to do"));
  CHECK(Query(db, "SELECT COUNT(*) FROM epochs") == 12);
  const CliResult status = RunCli("status --db " + db);
  CHECK(status.exit_code == 0);
  CHECK_THAT(status.out, Catch::Contains("tiny") && Catch::Contains("4 completed"));
}

TEST_CASE("kill -9 mid-sweep then run again: nothing lost or duplicated and the same metrics",
          "[runner]") {
  ScratchDir dir("kill");
  const std::string file = WriteExperiment(dir);
  const std::string killed = dir.file("killed.db"), straight = dir.file("straight.db");
  const pid_t pid = StartRun(file, killed, dir.file("killed.log"));
  WaitFor(killed, kMidRun);
  kill(pid, SIGKILL);
  CHECK(WaitExit(pid) == 128 + SIGKILL);
  CHECK(Query(killed, "SELECT COUNT(*) FROM runs WHERE status = 'running'") == 1);

  const CliResult resumed = RunCli("run --device cpu --workers 1 " + file + " --db " + killed + " --threads 2 --data-dir " + DataDir());
  INFO(resumed.err);
  REQUIRE(resumed.exit_code == 0);
  CHECK_THAT(resumed.err, Catch::Contains("resuming after epoch"));
  CHECK(Query(killed, "SELECT COUNT(*) FROM runs WHERE status = 'completed'") == 4);
  CHECK(Query(killed, "SELECT COUNT(*) FROM epochs") == 12);
  CHECK(Query(killed, "SELECT MAX(attempts) FROM runs") == 2);

  REQUIRE(RunCli("run --device cpu --workers 1 " + file + " --db " + straight + " --threads 2 --data-dir " + DataDir()).exit_code == 0);
  CHECK(EpochDump(killed) == EpochDump(straight));
}

TEST_CASE("kill -9 of a sweep with workers takes its workers with it", "[runner]") {
  ScratchDir dir("kill-workers");
  const std::string file = WriteExperiment(dir), db = dir.file("w.db");
  const pid_t pid = StartRun(file, db, dir.file("run.log"), 2, "--workers 2");
  WaitFor(db, kMidRun);
  // [w]: the pattern does not match the shell that runs pgrep, whose command line holds it.
  const std::string workers = "pgrep -f -- '[w]orker --db " + db + "'";
  REQUIRE(RunShell(workers).exit_code == 0);  // the workers are there, training
  kill(pid, SIGKILL);
  CHECK(WaitExit(pid) == 128 + SIGKILL);
  // The kernel delivers each worker its parent-death signal; a minute is a deadlock guard.
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
  while (RunShell(workers).exit_code == 0 && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  CHECK(RunShell(workers).exit_code == 1);  // pgrep: no process left
  // Killed, not left to finish: the runs they were training are still marked running.
  CHECK(Query(db, "SELECT COUNT(*) FROM runs WHERE status = 'running'") >= 1);
  CHECK(Query(db, "SELECT COUNT(*) FROM runs WHERE status = 'completed'") < 4);
}

TEST_CASE("SIGINT marks the run interrupted and exits 130 and the next run resumes it", "[runner]") {
  ScratchDir dir("sigint");
  const std::string file = WriteExperiment(dir), db = dir.file("r.db");
  const pid_t pid = StartRun(file, db, dir.file("run.log"));
  WaitFor(db, kMidRun);
  kill(pid, SIGINT);
  CHECK(WaitExit(pid) == 130);
  CHECK(Query(db, "SELECT COUNT(*) FROM runs WHERE status = 'interrupted'") == 1);
  CHECK(Query(db, "SELECT COUNT(*) FROM runs WHERE status = 'running'") == 0);
  CHECK_THAT(ReadAll(dir.file("run.log")), Catch::Contains("interrupted"));
  REQUIRE(RunCli("run --device cpu --workers 1 " + file + " --db " + db + " --threads 2 --data-dir " + DataDir()).exit_code == 0);
  CHECK(Query(db, "SELECT COUNT(*) FROM runs WHERE status = 'completed'") == 4);
  CHECK(Query(db, "SELECT COUNT(*) FROM epochs") == 12);
}

TEST_CASE("two processes started together on one DB train disjoint runs", "[runner]") {
  ScratchDir dir("two");
  const std::string file = WriteExperiment(dir), db = dir.file("shared.db");
  const pid_t a = StartRun(file, db, dir.file("a.log"), 1);
  const pid_t b = StartRun(file, db, dir.file("b.log"), 1);
  CHECK(WaitExit(a) == 0);
  CHECK(WaitExit(b) == 0);
  std::multiset<std::string> finished;
  for (const char* log : {"a.log", "b.log"}) {
    std::istringstream in(ReadAll(dir.file(log)));
    for (std::string line; std::getline(in, line);) {
      INFO(line);
      CHECK(line.find("locked") == std::string::npos);
      if (line.rfind("run ", 0) == 0 && line.find(" completed after ") != std::string::npos) {
        finished.insert(line.substr(0, line.find(' ', 4)));
      }
    }
  }
  CHECK(finished.size() == 4);
  CHECK(std::set<std::string>(finished.begin(), finished.end()).size() == 4);
  CHECK(Query(db, "SELECT COUNT(*) FROM epochs") == 12);
  CHECK(Query(db, "SELECT MAX(attempts) FROM runs") == 1);
}

TEST_CASE("run --workers 2 trains in two worker processes", "[runner]") {
  ScratchDir dir("workers");
  const std::string file = WriteExperiment(dir), db = dir.file("r.db");
  const CliResult r = RunCli("run --device cpu " + file + " --db " + db + " --workers 2 --data-dir " + DataDir());
  INFO(r.err);
  CHECK(r.exit_code == 0);
  CHECK(Query(db, "SELECT COUNT(*) FROM runs WHERE status = 'completed'") == 4);
  CHECK(Query(db, "SELECT COUNT(DISTINCT pid) FROM runs") == 2);
  CHECK(Query(db, "SELECT MAX(threads) FROM runs") == 1);
}

TEST_CASE("a bad experiment file is exit 2 with FILE:LINE and the DB is untouched", "[runner]") {
  ScratchDir dir("bad");
  const std::string good = WriteExperiment(dir), db = dir.file("r.db");
  REQUIRE(RunCli("run --device cpu --workers 1 " + good + " --db " + db + " --threads 2 --data-dir " + DataDir()).exit_code == 0);
  const std::string before = EpochDump(db);
  const std::string bad = dir.file("bad.toml");
  std::ofstream(bad) << "[dataset]\nname = \"mnist\"\n[grid]\nlr = 0\n[[model]]\nname = \"lenet5\"\n";
  const CliResult r = RunCli("run --device cpu --workers 1 " + bad + " --db " + db + " --data-dir " + DataDir());
  CHECK(r.exit_code == 2);
  CHECK(r.err == bad + ":4: lr = 0 (expected a number > 0)\n");
  CHECK(EpochDump(db) == before);
  CHECK(Query(db, "SELECT COUNT(*) FROM experiments") == 1);
  const CliResult missing = RunCli("run --device cpu --workers 1 " + good + " --db " + dir.file("new.db") + " --data-dir " +
                                   dir.file("nodata"));
  CHECK(missing.exit_code == 2);
  CHECK_THAT(missing.err, Catch::Contains("missing"));
  CHECK_FALSE(std::filesystem::exists(dir.file("new.db")));
}

TEST_CASE("run --dry-run prints the plan and its count without creating a DB", "[runner]") {
  ScratchDir dir("dry");
  const std::string file = WriteExperiment(dir), db = dir.file("r.db");
  const CliResult r = RunCli("run --device cpu --workers 1 " + file + " --db " + db + " --dry-run");
  CHECK(r.exit_code == 0);
  CHECK_THAT(r.out, Catch::Contains("4 run(s) in experiment 'tiny'"));
  CHECK(r.OutLines().size() == 5);
  CHECK_FALSE(std::filesystem::exists(db));
}

namespace {

// Stops `pid`, a child of this process, outside any write of its: a worker stopped inside one
// would keep the write lock, and every other writer waiting, for as long as it stays stopped.
void StopOutsideWrites(pid_t pid, const std::string& db) {
  Database probe(db, Database::Mode::kReadWrite);  // no busy_timeout: a held lock fails at once
  for (int tries = 0;; ++tries) {
    kill(pid, SIGSTOP);
    int status = 0;
    waitpid(pid, &status, WUNTRACED);
    REQUIRE(WIFSTOPPED(status));
    try {
      Transaction free_to_write(probe);  // rolled back at once
      return;
    } catch (const BusyError&) {
      REQUIRE(tries < 100);
    }
    kill(pid, SIGCONT);
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
}

// Kills the child on the way out of a failed test, so that none is left stopped behind it.
struct ReapOnExit {
  pid_t pid;
  ~ReapOnExit() {
    if (pid <= 0) return;
    kill(pid, SIGKILL);
    waitpid(pid, nullptr, 0);
  }
};

// A run's row and everything under it, as text.
std::string RunState(const std::string& db, int64_t run_id) {
  Store store(db, Store::Mode::kReadOnly);
  Statement q(store.db(),
              "SELECT status || '|' || host || '|' || pid || '|' || heartbeat_at || '|' || "
              "attempts || '|' || quote(finished_at) || '|' || quote(error) || '|' || "
              "(SELECT COUNT(*) FROM epochs WHERE run_id = ?1) || '|' || "
              "(SELECT COUNT(*) FROM evals WHERE run_id = ?1) || '|' || "
              "(SELECT COUNT(*) FROM confusion WHERE run_id = ?1) FROM runs WHERE id = ?1");
  q.Bind(1, run_id);
  return q.Step() ? q.Text(0) : "";
}

}  // namespace

TEST_CASE("a paused worker whose run was taken over stops it, writes nothing more, goes on",
          "[runner][fence]") {
  ScratchDir dir("fence");
  const std::string file = WriteExperiment(dir), db = dir.file("r.db");
  const pid_t late = StartRun(file, db, dir.file("late.log"), 1);
  ReapOnExit reap{late};
  WaitFor(db, kMidRun);
  StopOutsideWrites(late, db);

  // While it is paused, this process takes its run over as stale (any heartbeat is, with 0 s).
  RunClaim mine;
  {
    Store store(db);
    const std::optional<int64_t> experiment = store.FindExperiment("tiny");
    REQUIRE(experiment);
    const auto taken =
        store.ClaimNextRun(*experiment, WorkerId::Current(), std::chrono::seconds(0));
    REQUIRE(taken);
    REQUIRE(taken->previous_status == "running");
    CHECK(taken->claim.attempt == 2);
    mine = taken->claim;
  }
  const int64_t run_id = mine.run_id;
  const std::string taken_over = RunState(db, run_id);
  INFO(taken_over);
  CHECK(taken_over.rfind(fmt::format("running|{}|{}|", WorkerId::Current().host, getpid()), 0) ==
        0);

  kill(late, SIGCONT);
  reap.pid = 0;
  CHECK(WaitExit(late) == 0);  // a lost run is not a failed one
  const std::string log = ReadAll(dir.file("late.log"));
  INFO(log);
  std::vector<std::string> lost;
  std::istringstream in(log);
  for (std::string line; std::getline(in, line);) {
    if (line.find("claim lost") != std::string::npos) lost.push_back(line);
  }
  REQUIRE(lost.size() == 1);
  CHECK_THAT(lost[0], Catch::StartsWith(fmt::format("run {} ", run_id)) &&
                          Catch::Contains(fmt::format("pid {}", getpid())));
  CHECK(RunState(db, run_id) == taken_over);  // nothing of the late worker's landed
  CHECK(Query(db, "SELECT COUNT(*) FROM runs WHERE status = 'completed'") == 3);

  // The new owner gives the run back; the next sweep finishes it as if nothing had happened.
  {
    Store store(db);
    CHECK(store.MarkInterrupted(mine));
  }
  const CliResult resumed =
      RunCli("run --device cpu --workers 1 " + file + " --db " + db + " --threads 1 --data-dir " + DataDir());
  INFO(resumed.err);
  CHECK(resumed.exit_code == 0);
  CHECK(Query(db, "SELECT COUNT(*) FROM runs WHERE status = 'completed'") == 4);
  CHECK(Query(db, "SELECT COUNT(*) FROM epochs") == 12);
}
