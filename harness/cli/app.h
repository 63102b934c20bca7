// The mnistbench command line, shared by its two executables (see torch_side.h).
//
// Contract: RunMnistbench registers every command (command.h) plus `extra` (the commands only
// one executable has, e.g. mnistbench-torch's hidden `worker`), parses argv, runs the chosen
// command and returns its exit code. Every error a command throws is caught here, in one place,
// and becomes one line on stderr and an exit code: bad input 2, anything else 1 (command.h).
#ifndef MNISTBENCH_HARNESS_CLI_APP_H_
#define MNISTBENCH_HARNESS_CLI_APP_H_

#include <functional>

#include "harness/cli/command.h"
#include "harness/cli/torch_side.h"

namespace mnb {

using CommandRegistration = std::function<void(CLI::App&, CommandAction*)>;

int RunMnistbench(int argc, char** argv, const TorchSide& torch,
                  const CommandRegistration& extra = nullptr);

}  // namespace mnb

#endif  // MNISTBENCH_HARNESS_CLI_APP_H_
