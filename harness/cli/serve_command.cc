// `mnistbench serve`: the results database as a read-only web view on localhost, live while a
// sweep writes (harness/serve/server.h). Torch-free: the front end serves, nothing is handed over.
#include <memory>

#include "harness/cli/command.h"
#include "harness/data/registry.h"
#include "harness/serve/server.h"
#include "harness/store/db_path.h"

namespace mnb {

void AddServeCommand(CLI::App& app, CommandAction* action) {
  auto* cmd = app.add_subcommand(
      "serve", "A read-only web view of the results: index, reports, runs, comparisons");
  auto db = std::make_shared<std::string>();
  auto options = std::make_shared<ServeOptions>();
  cmd->add_option("--db", *db, "results database (default: $MNISTBENCH_DB, else ./mnistbench.db)");
  cmd->add_option("--host", options->host,
                  "address to listen on (the default keeps it on this machine)")
      ->capture_default_str();
  cmd->add_option("--port", options->port, "port; 0 picks a free one (the line printed says which)")
      ->check(CLI::Range(0, 65535))
      ->capture_default_str();
  auto data_dir = std::make_shared<std::string>();
  cmd->add_option("--data-dir", *data_dir,
                  "where the test labels are, for McNemar on the compare page (default: "
                  "$MNISTBENCH_DATA, else ./data)");
  cmd->add_option("--refresh", options->settings.refresh_seconds,
                  "pages with queued or running runs reload every this many seconds; 0: never")
      ->check(CLI::Range(0, 86400))
      ->capture_default_str();
  cmd->callback([=] {
    *action = [=] {
      ServeOptions resolved = *options;
      resolved.settings.db_path = ResolveDbPath(*db);
      resolved.settings.data_dir = ResolveDataDir(*data_dir);
      return Serve(resolved);
    };
  });
}

}  // namespace mnb
