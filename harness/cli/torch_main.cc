// mnistbench-torch: the same commands as mnistbench, with the training done in this process, and
// the hidden `worker` command of sweeps (torch_side.h). Users run `mnistbench`, which starts this
// executable for train, run and check --run.
#include "harness/cli/app.h"
#include "harness/train/cpu_runtime.h"

namespace mnb {
void AddWorkerCommand(CLI::App& app, CommandAction* action);  // torch_commands.cc
}  // namespace mnb

int main(int argc, char** argv) {
  // A short OpenMP spin: libgomp reads it only at load time (no-op when the front end chose it).
  mnb::UseShortOpenMpSpin(argv);
  return mnb::RunMnistbench(argc, argv, mnb::InProcessTorchSide(), mnb::AddWorkerCommand);
}
