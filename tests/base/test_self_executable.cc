// The running binary's own path, and running it again: this test binary execs itself.
#include <catch2/catch.hpp>

#include <fcntl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <optional>
#include <sstream>
#include <string>
#include <vector>

#include "harness/base/self_executable.h"
#include "tests/scratch_dir.h"

using namespace mnb;
using mnb::testing::ScratchDir;
namespace fs = std::filesystem;

TEST_CASE("SelfExecutablePath names the binary that runs", "[base][self]") {
  const std::optional<std::string> self = SelfExecutablePath();
  REQUIRE(self);
  CHECK(fs::path(*self).is_absolute());
  CHECK(fs::path(*self).filename() == "mnistbench_tests");
  CHECK(fs::equivalent(*self, "/proc/self/exe"));
}

TEST_CASE("ExecSelf runs this very binary again with the arguments given", "[base][self]") {
  ScratchDir dir("exec-self");
  const std::string out = dir.file("out.txt");
  // Everything the child needs is made before fork: ExecSelf itself allocates nothing.
  std::vector<std::string> args = {"mnistbench_tests", "--reporter", "compact",
                                   "CsvField quotes only what RFC 4180 requires"};
  std::vector<char*> argv;
  for (std::string& a : args) argv.push_back(a.data());
  argv.push_back(nullptr);
  const pid_t pid = fork();
  REQUIRE(pid >= 0);
  if (pid == 0) {
    const int fd = open(out.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    if (fd < 0 || dup2(fd, STDOUT_FILENO) < 0) _exit(126);
    ExecSelf(argv.data());
    _exit(127);
  }
  int status = 0;
  REQUIRE(waitpid(pid, &status, 0) == pid);
  std::ifstream in(out);
  std::stringstream text;
  text << in.rdbuf();
  INFO(text.str());
  REQUIRE(WIFEXITED(status));
  CHECK(WEXITSTATUS(status) == 0);
  CHECK(text.str().find("Passed 1 test case") != std::string::npos);
}
