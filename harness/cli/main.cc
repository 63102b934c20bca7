// mnistbench: the command-line entry point. Parses the subcommand, runs it, and maps errors to
// exit codes (see harness/cli/command.h).
#include <fmt/format.h>

#include <cstdio>
#include <exception>
#include <string>

#include "harness/cli/command.h"
#include "harness/config/experiment.h"
#include "harness/data/data_error.h"
#include "harness/store/sqlite.h"
#include "harness/train/cpu_runtime.h"
#include "models/layer_spec.h"
#include "models/zoo.h"

int main(int argc, char** argv) {
  CLI::App app{
      "mnistbench: declarative, resumable benchmark sweeps for MNIST-family classifiers"};
  app.require_subcommand(1);
  app.set_version_flag("--version", std::string(MNISTBENCH_VERSION) + " (" MNISTBENCH_GIT_REV ")");
  mnb::CommandAction action;
  mnb::AddTrainCommand(app, &action);
  mnb::AddModelsCommand(app, &action);
  mnb::AddDataCommand(app, &action);
  mnb::AddRunCommand(app, &action);
  mnb::AddStatusCommand(app, &action);
  mnb::AddCheckCommand(app, &action);
  mnb::AddReportCommand(app, &action);
  mnb::AddQueryCommand(app, &action);
  mnb::AddMergeCommand(app, &action);
  mnb::AddSlurmCommand(app, &action);
  // CLI11 would only say "a subcommand is required"; name the word it did not know instead.
  if (argc > 1 && argv[1][0] != '-') {
    bool known = false;
    std::string names;
    for (const CLI::App* sub : app.get_subcommands({})) {
      known = known || sub->get_name() == argv[1];
      names += (names.empty() ? "" : ", ") + sub->get_name();
    }
    if (!known) {
      std::fprintf(stderr, "mnistbench: unknown command '%s' (expected one of %s)\n", argv[1],
                   names.c_str());
      return mnb::kExitBadInput;
    }
  }
  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForAllHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForVersion& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    std::fprintf(stderr, "mnistbench: %s (see mnistbench --help)\n", e.what());
    return mnb::kExitBadInput;
  }
  if (!action) return mnb::kExitOk;
  // The commands that train re-execute themselves once, with a short OpenMP spin (libgomp reads
  // it only at load time), now that their flags are known to parse and before any work.
  if (app.got_subcommand("train") || app.got_subcommand("run")) mnb::UseShortOpenMpSpin(argv);
  try {
    return action();
  } catch (const mnb::ConfigError& e) {
    std::fprintf(stderr, "%s\n", e.what());  // FILE:LINE: first, as compilers do
  } catch (const mnb::StoreError& e) {
    std::fprintf(stderr, "mnistbench: %s\n", e.what());
  } catch (const mnb::DataError& e) {
    std::fprintf(stderr, "mnistbench: %s\n", e.what());
  } catch (const mnb::LayerListError& e) {
    std::fprintf(stderr, "mnistbench: layers: %s\n", e.what());
  } catch (const mnb::ZooError& e) {
    std::fprintf(stderr, "mnistbench: %s\n", e.what());
  } catch (const std::invalid_argument& e) {
    std::fprintf(stderr, "mnistbench: %s\n", e.what());
  } catch (const std::exception& e) {
    std::fprintf(stderr, "mnistbench: error: %s\n", e.what());
    return mnb::kExitFailed;
  }
  return mnb::kExitBadInput;
}
