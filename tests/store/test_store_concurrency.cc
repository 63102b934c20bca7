// The store under concurrency, on real files: several processes racing on one fresh database,
// a write outlasting busy_timeout, and a reader's transaction beside writers (WAL). Children are
// forked before the parent opens the file: SQLite connections must not cross fork().
#include <catch2/catch.hpp>

#include <sqlite3.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <fstream>
#include <iterator>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "harness/base/error.h"
#include "harness/plan/plan.h"
#include "harness/store/schema.h"
#include "harness/store/store.h"
#include "tests/store/store_fixtures.h"
#include "tests/test_support.h"

using namespace mnb;
using mnb::testing::Count;
using mnb::testing::Epoch;
using mnb::testing::MakeRuns;
using mnb::testing::ScratchDir;

TEST_CASE("processes racing on one fresh database each claim distinct runs, never locked",
          "[store]") {
  ScratchDir dir("race");
  const std::string path = dir.file("race.db");
  constexpr int kWorkers = 4, kRuns = 40;
  int go[2];
  REQUIRE(pipe(go) == 0);
  std::vector<pid_t> children;
  for (int w = 0; w < kWorkers; ++w) {
    const pid_t pid = fork();
    if (pid == 0) {
      close(go[1]);
      char byte;
      if (read(go[0], &byte, 1) < 0) _exit(3);  // all start together, on a file nobody created
      std::ofstream log(dir.file("claims-" + std::to_string(getpid())));
      try {
        Store store(path);
        const int64_t exp = store.UpsertExperiment("race", "race.toml", "");
        store.InsertPlan(exp, MakeRuns(kRuns));
        const WorkerId me = WorkerId::Current();
        while (auto claim = store.ClaimNextRun(exp, me, std::chrono::seconds(600))) {
          bool held = true;
          for (int e = 1; e <= 2 && held; ++e) {
            held = store.RecordEpoch(claim->claim, Epoch(e, 0.9));
          }
          RunOutcome done;
          held = held && store.FinishRun(claim->claim, done);
          if (!held) {  // nobody is stale here: a lost claim would be a double claim
            throw std::runtime_error("lost the claim on run " +
                                     std::to_string(claim->claim.run_id));
          }
          log << claim->claim.run_id << std::endl;
        }
      } catch (const std::exception& e) {
        log << "error " << e.what() << std::endl;
        _exit(1);
      }
      _exit(0);
    }
    children.push_back(pid);
  }
  close(go[0]);
  close(go[1]);  // EOF releases every child at once
  for (pid_t pid : children) {
    int status = 0;
    waitpid(pid, &status, 0);
    CHECK(WIFEXITED(status));
    CHECK(WEXITSTATUS(status) == 0);
  }
  std::multiset<int64_t> claimed;
  for (pid_t pid : children) {
    std::ifstream log(dir.file("claims-" + std::to_string(pid)));
    for (std::string line; std::getline(log, line);) {
      INFO(line);
      REQUIRE(line.rfind("error", 0) != 0);
      claimed.insert(std::stoll(line));
    }
  }
  CHECK(claimed.size() == kRuns);
  CHECK(std::set<int64_t>(claimed.begin(), claimed.end()).size() == kRuns);  // none twice
  Store store(path);
  CHECK(Count(store, "SELECT COUNT(*) FROM runs WHERE status = 'completed'") == kRuns);
  CHECK(Count(store, "SELECT COUNT(*) FROM epochs") == 2 * kRuns);
  CHECK(Count(store, "SELECT COUNT(*) FROM evals") == 2 * kRuns);
  CHECK(Count(store, "SELECT COUNT(*) FROM experiments") == 1);
  CHECK(SchemaVersion(store.db()) == kSchemaVersion);
  for (pid_t pid : children) {
    std::ifstream log(dir.file("claims-" + std::to_string(pid)));
    for (std::string line; std::getline(log, line);) {
      CHECK(Count(store, "SELECT pid FROM runs WHERE id = " + line) == pid);
    }
  }
}

TEST_CASE("a write waits out a transaction held longer than busy_timeout instead of failing",
          "[store]") {
  ScratchDir dir("busy");
  const std::string path = dir.file("r.db");
  int64_t exp = 0;
  {
    Store setup(path);
    exp = setup.UpsertExperiment("e", "e.toml", "");
    setup.InsertPlan(exp, MakeRuns(1));
  }
  int go[2], busy[2];
  REQUIRE(pipe(go) == 0);
  REQUIRE(pipe(busy) == 0);
  const pid_t child = fork();  // before this process opens anything: no inherited connection
  if (child == 0) {
    close(go[1]);
    close(busy[0]);
    char byte;
    if (read(go[0], &byte, 1) != 1) _exit(3);
    // Proof of contention: a bare connection without a busy timeout finds the lock taken.
    sqlite3* probe = nullptr;
    if (sqlite3_open_v2(path.c_str(), &probe, SQLITE_OPEN_READWRITE, nullptr) != SQLITE_OK) _exit(5);
    const int probed = sqlite3_exec(probe, "BEGIN IMMEDIATE", nullptr, nullptr, nullptr);
    sqlite3_close(probe);
    if (probed != SQLITE_BUSY) _exit(6);
    if (write(busy[1], "b", 1) != 1) _exit(7);  // the parent now holds on for 7 s more
    std::ofstream log(dir.file("busy-child"));
    try {
      Store store(path);
      auto claim = store.ClaimNextRun(exp, WorkerId::Current(), std::chrono::seconds(600));
      if (!claim) _exit(2);
      if (!store.RecordEpoch(claim->claim, Epoch(1, 0.9))) _exit(4);
    } catch (const std::exception& e) {
      log << e.what() << std::endl;
      _exit(1);
    }
    _exit(0);
  }
  close(go[0]);
  close(busy[1]);
  {
    Database holder(path, Database::Mode::kReadWrite);
    Transaction hold(holder);  // the write lock, held past the child's 5 s busy_timeout
    REQUIRE(write(go[1], "x", 1) == 1);
    char byte = 0;
    const bool child_saw_busy = read(busy[0], &byte, 1) == 1;  // EOF if the probe got the lock
    CHECK(child_saw_busy);
    std::this_thread::sleep_for(std::chrono::seconds(7));
    hold.Commit();
  }
  close(busy[0]);
  close(go[1]);
  int status = 0;
  waitpid(child, &status, 0);
  std::ifstream log(dir.file("busy-child"));
  std::string error((std::istreambuf_iterator<char>(log)), std::istreambuf_iterator<char>());
  INFO(error);
  CHECK(WIFEXITED(status));
  CHECK(WEXITSTATUS(status) == 0);
  Store store(path);
  CHECK(store.StatusCounts(exp).at("running") == 1);
  CHECK(store.Epochs(store.Runs(exp).front().run_id).size() == 1);
}

TEST_CASE("a reader holding a transaction does not block writers (WAL)", "[store]") {
  ScratchDir dir("wal");
  Store writer(dir.file("r.db"));
  const int64_t exp = writer.UpsertExperiment("e", "e.toml", "");
  writer.InsertPlan(exp, MakeRuns(1));
  Store reader(dir.file("r.db"), Store::Mode::kReadOnly);
  reader.db().Exec("BEGIN");
  CHECK(Count(reader, "SELECT COUNT(*) FROM runs") == 1);
  writer.InsertPlan(exp, MakeRuns(3));  // commits while the read transaction is open
  CHECK(Count(reader, "SELECT COUNT(*) FROM runs") == 1);  // the reader's snapshot
  reader.db().Exec("COMMIT");
  CHECK(Count(reader, "SELECT COUNT(*) FROM runs") == 3);
  CHECK_THROWS_WITH(reader.db().Exec("DELETE FROM runs"), Catch::Contains("read-only"));
}
