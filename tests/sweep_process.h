// `mnistbench run` as a background process for tests that kill, interrupt or race it.
//
// Contract: StartRun forks `mnistbench run FILE --db DB [EXTRA_ARGS]` on the test data (stderr to
// LOG; on the CPU, one worker unless EXTRA_ARGS says --workers) and returns its pid; WaitExit
// waits for it and returns its exit code, 128 + N for signal N.
// Query runs one counting statement on a database read-only (-1 while the file or its schema
// does not exist yet); WaitFor polls it every 20 ms until it returns > 0, failing the test after
// a minute. No timing is asserted: the minute is a deadlock guard.
#ifndef MNISTBENCH_TESTS_SWEEP_PROCESS_H_
#define MNISTBENCH_TESTS_SWEEP_PROCESS_H_

#include <catch2/catch.hpp>

#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <string>
#include <thread>

#include "harness/store/store.h"
#include "tests/test_support.h"

namespace mnb::testing {

inline pid_t StartRun(const std::string& file, const std::string& db, const std::string& log,
               int threads = 2, const std::string& extra_args = "") {
  const pid_t pid = fork();
  if (pid == 0) {
    const std::string command = std::string("exec '") + MNISTBENCH_BINARY + "' run --device cpu '" + file +
                                "' --db '" + db + "' --threads " + std::to_string(threads) +
                                (extra_args.find("--workers") == std::string::npos ? " --workers 1"
                                                                                   : "") +
                                " --data-dir '" + DataDir() + "' " + extra_args + " >/dev/null 2>'" +
                                log + "'";
    execl("/bin/sh", "sh", "-c", command.c_str(), static_cast<char*>(nullptr));
    _exit(127);
  }
  return pid;
}

inline int WaitExit(pid_t pid) {
  int status = 0;
  waitpid(pid, &status, 0);
  return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

inline int64_t Query(const std::string& db, const std::string& sql) {
  if (!std::filesystem::exists(db)) return -1;
  try {
    Store store(db, Store::Mode::kReadOnly);
    Statement q(store.db(), sql);
    return q.Step() ? q.Int(0) : -1;
  } catch (const StoreError&) {
    return -1;  // not created yet
  }
}

// Polls until `sql` returns > 0; fails the test after a minute.
inline void WaitFor(const std::string& db, const std::string& sql) {
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
  while (Query(db, sql) <= 0) {
    INFO(sql);
    REQUIRE(std::chrono::steady_clock::now() < deadline);
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
}

}  // namespace mnb::testing

#endif  // MNISTBENCH_TESTS_SWEEP_PROCESS_H_
