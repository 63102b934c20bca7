#include "harness/cli/app.h"

#include <fmt/format.h>

#include <cstdio>
#include <exception>
#include <string>

#include "harness/base/build_info.h"
#include "harness/base/error.h"

namespace mnb {

int RunMnistbench(int argc, char** argv, const TorchSide& torch,
                  const CommandRegistration& extra) {
  CLI::App app{
      "mnistbench: declarative, resumable benchmark sweeps for MNIST-family classifiers"};
  app.require_subcommand(1);
  app.set_version_flag("--version", std::string(BuildVersion()) + " (" + BuildGitRevision() +
                                        "), " + BuildTorch());
  CommandAction action;
  AddTrainCommand(app, &action, torch);
  AddModelsCommand(app, &action);
  AddEnvCommand(app, &action, torch);
  AddDataCommand(app, &action);
  AddRunCommand(app, &action, torch);
  AddStatusCommand(app, &action);
  AddCheckCommand(app, &action, torch);
  AddReportCommand(app, &action);
  AddQueryCommand(app, &action);
  AddCompareCommand(app, &action);
  AddSeedsCommand(app, &action);
  AddReproduceCommand(app, &action, torch);
  AddMergeCommand(app, &action);
  AddSlurmCommand(app, &action);
  AddServeCommand(app, &action);
  if (extra) extra(app, &action);
  // CLI11 would only say "a subcommand is required"; name the word it did not know instead.
  if (argc > 1 && argv[1][0] != '-') {
    bool known = false;
    std::string names;
    for (const CLI::App* sub : app.get_subcommands({})) {
      known = known || sub->get_name() == argv[1];
      if (sub->get_group().empty()) continue;  // hidden: internal commands
      names += (names.empty() ? "" : ", ") + sub->get_name();
    }
    if (!known) {
      std::fprintf(stderr, "mnistbench: unknown command '%s' (expected one of %s)\n", argv[1],
                   names.c_str());
      return kExitBadInput;
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
    return kExitBadInput;
  }
  if (!action) return kExitOk;
  try {
    return action();
  } catch (const Error& e) {
    std::fprintf(stderr, "%s\n", e.UserLine().c_str());
    return ExitCodeFor(e.kind());
  } catch (const std::exception& e) {
    // Not one of ours: a file system error is I/O (exit 74); anything else is a bug (exit 1).
    const ErrorKind kind = KindOf(e);
    std::fprintf(stderr, "mnistbench: %s: %s\n", ErrorKindName(kind), e.what());
    return ExitCodeFor(kind);
  }
}

}  // namespace mnb
