// Subcommand registration for the mnistbench executable.
//
// Contract: each Add*Command registers one CLI11 subcommand (with its flags and help text) and,
// when that subcommand is chosen, sets *action to the function that runs it. The action returns
// the process exit code: 0 ok, 1 a check or run failed, 2 bad input, 130 interrupted. Actions may
// throw the project's input errors (DataError, ConfigError, ...); main() turns those into one
// line on stderr and exit code 2.
#ifndef MNISTBENCH_HARNESS_CLI_COMMAND_H_
#define MNISTBENCH_HARNESS_CLI_COMMAND_H_

#include <CLI/CLI.hpp>

#include <functional>

namespace mnb {

using CommandAction = std::function<int()>;

constexpr int kExitOk = 0;
constexpr int kExitFailed = 1;
constexpr int kExitBadInput = 2;
constexpr int kExitInterrupted = 130;

struct TorchSide;  // torch_side.h: what train, run and check --run call to train

void AddTrainCommand(CLI::App& app, CommandAction* action, const TorchSide& torch);
void AddModelsCommand(CLI::App& app, CommandAction* action);
void AddEnvCommand(CLI::App& app, CommandAction* action, const TorchSide& torch);
// `--workers auto|N` (0 stands for auto in RunnerOptions::workers), for run and check --run.
void AddWorkersOption(CLI::App* cmd, int* workers, const std::string& help);
void AddDataCommand(CLI::App& app, CommandAction* action);
void AddRunCommand(CLI::App& app, CommandAction* action, const TorchSide& torch);
void AddStatusCommand(CLI::App& app, CommandAction* action);
void AddCheckCommand(CLI::App& app, CommandAction* action,
                     const TorchSide& torch);  // and `baseline`
void AddReportCommand(CLI::App& app, CommandAction* action);
void AddQueryCommand(CLI::App& app, CommandAction* action);
void AddCompareCommand(CLI::App& app, CommandAction* action);
void AddSeedsCommand(CLI::App& app, CommandAction* action);  // seeds needed, from stored noise
void AddReproduceCommand(CLI::App& app, CommandAction* action, const TorchSide& torch);
void AddMergeCommand(CLI::App& app, CommandAction* action);
void AddSlurmCommand(CLI::App& app, CommandAction* action);
void AddServeCommand(CLI::App& app, CommandAction* action);  // torch-free, never handed over

}  // namespace mnb

#endif  // MNISTBENCH_HARNESS_CLI_COMMAND_H_
