// Runs the real mnistbench executable in a subprocess, for end-to-end CLI tests.
//
// Contract: RunCli("train --model x") runs the built binary with those arguments (a shell command
// line, so quote as in a shell), capturing stdout, stderr and the exit code; RunShell runs any
// command line the same way.
#ifndef MNISTBENCH_TESTS_CLI_RUNNER_H_
#define MNISTBENCH_TESTS_CLI_RUNNER_H_

#include <sys/wait.h>

#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "tests/test_support.h"

namespace mnb::testing {

struct CliResult {
  int exit_code = -1;
  std::string out, err;

  std::vector<std::string> OutLines() const {
    std::vector<std::string> lines;
    std::istringstream in(out);
    for (std::string line; std::getline(in, line);) lines.push_back(line);
    return lines;
  }
};

inline std::string ReadAll(const std::string& path) {
  std::ifstream in(path);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// Runs a shell command line (stdin from /dev/null), capturing stdout, stderr and the exit code.
inline CliResult RunShell(const std::string& command_line) {
  ScratchDir scratch("cli");
  const std::string out = scratch.file("out"), err = scratch.file("err");
  const std::string command = "( " + command_line + " ) >'" + out + "' 2>'" + err + "' </dev/null";
  const int status = std::system(command.c_str());
  CliResult r;
  r.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  r.out = ReadAll(out);
  r.err = ReadAll(err);
  return r;
}

inline CliResult RunCli(const std::string& args, const std::string& env = "") {
  return RunShell(env + (env.empty() ? "" : " ") + "'" + MNISTBENCH_BINARY + "' " + args);
}

}  // namespace mnb::testing

#endif  // MNISTBENCH_TESTS_CLI_RUNNER_H_
