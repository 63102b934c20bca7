// `mnistbench env`: what this build trains with — its LibTorch, CUDA, cuDNN and the visible GPUs,
// as LibTorch sees them. Runs on the torch side (torch_side.h), which alone loads LibTorch.
#include "harness/cli/command.h"
#include "harness/cli/torch_side.h"

namespace mnb {

void AddEnvCommand(CLI::App& app, CommandAction* action, const TorchSide& torch) {
  auto* cmd = app.add_subcommand(
      "env", "Show the LibTorch, CUDA and GPUs this build trains with (--device auto's choice)");
  auto json = std::make_shared<bool>(false);
  cmd->add_flag("--json", *json, "one JSON object instead of text");
  cmd->callback([=] {
    *action = [=] { return torch.env(*json); };
  });
}

}  // namespace mnb
