// `mnistbench query "SQL"`: run read-only SQL on a results database (tables, views run_summary
// and leaderboard) and print the result as an aligned table, CSV or JSON.
#include <fmt/format.h>

#include <filesystem>

#include "harness/cli/command.h"
#include "harness/store/db_path.h"
#include "harness/store/reader.h"
#include "harness/store/schema.h"
#include "harness/store/sqlite.h"
#include "reports/tables/query.h"

namespace mnb {

void AddQueryCommand(CLI::App& app, CommandAction* action) {
  auto* cmd = app.add_subcommand(
      "query", "Run read-only SQL on a results database (views: run_summary, leaderboard)");
  auto db = std::make_shared<std::string>();
  auto format = std::make_shared<std::string>("table");
  auto sql = std::make_shared<std::string>();
  cmd->add_option("sql", *sql, "SQL; several statements separated by ';' run in order")
      ->required();
  cmd->add_option("--db", *db, "results database (default: $MNISTBENCH_DB, else ./mnistbench.db)");
  cmd->add_option("--format", *format, "table | csv | json")
      ->check(CLI::IsMember({"table", "csv", "json"}))
      ->capture_default_str();
  cmd->callback([=] {
    *action = [=] {
      const std::string path = ResolveDbPath(*db);
      // Read-only (SQLITE_OPEN_READONLY): even a statement that slipped past Query's check
      // cannot write; TEMP views on a database that predates them.
      StoreReader reader(path, "pass --db");
      const auto results = reader.Query(*sql);
      for (size_t i = 0; i < results.size(); ++i) {
        if (*format == "csv") {
          fmt::print("{}{}", i > 0 ? "\r\n" : "", FormatQueryCsv(results[i]));
        } else if (*format == "json") {
          fmt::print("{}", FormatQueryJson(results[i]));
        } else {
          fmt::print("{}{}", i > 0 ? "\n" : "", FormatQueryTable(results[i]));
        }
      }
      return kExitOk;
    };
  });
}

}  // namespace mnb
