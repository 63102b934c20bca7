// The front end's TorchSide: hand the whole command line over to mnistbench-torch (torch_side.h).
#include <fmt/format.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>

#include "harness/base/self_executable.h"
#include "harness/cli/command.h"
#include "harness/cli/torch_side.h"
#include "harness/base/openmp_wait.h"

namespace mnb {

namespace {

int ExecTorchExecutable(char** argv) {
  const std::string torch = TorchExecutable();
  std::fflush(stdout);
  std::fflush(stderr);
  // Chosen here, before the torch side loads libgomp, so it need not re-execute itself for it.
  const bool spin_set = RequestShortOpenMpSpin();
  execv(torch.c_str(), argv);
  const int error = errno;
  if (spin_set) unsetenv("GOMP_SPINCOUNT");
  fmt::print(stderr, "mnistbench: cannot start {}: {} (it is built beside mnistbench by "
                     "scripts/build.sh and trains every run)\n",
             torch, std::strerror(error));
  return kExitFailed;
}

}  // namespace

std::string TorchExecutable() { return ExecutableBeside("mnistbench-torch"); }

TorchSide HandOverTorchSide(char** argv) {
  return {[argv](const TrainRequest&) { return ExecTorchExecutable(argv); },
          [argv](const RunnerOptions&) { return ExecTorchExecutable(argv); },
          [argv](const ReproduceRequest&) { return ExecTorchExecutable(argv); },
          [argv](bool) { return ExecTorchExecutable(argv); }};
}

}  // namespace mnb
