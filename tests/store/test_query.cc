// `mnistbench query`: read-only SQL on a real results database (written through the Store):
// writes refused with the data untouched, aligned tables, CSV and JSON that read back, and the
// views on a database that predates them.
#include <catch2/catch.hpp>

#include <nlohmann/json.hpp>

#include <filesystem>

#include "harness/store/schema.h"
#include "harness/store/store.h"
#include "tests/cli_runner.h"
#include "tests/report_test_support.h"
#include "tests/test_support.h"

using namespace mnb;
using namespace mnb::testing;

namespace {

// Everything a write could change, as one string.
std::string Fingerprint(const std::string& db) {
  Database d(db, Database::Mode::kReadOnly);
  std::string out;
  for (const char* sql :
       {"PRAGMA user_version", "SELECT COUNT(*) FROM runs", "SELECT COUNT(*) FROM epochs",
        "SELECT group_concat(status, ',') FROM (SELECT status FROM runs ORDER BY id)",
        "SELECT group_concat(name, ',') FROM (SELECT name FROM sqlite_master ORDER BY name)"}) {
    Statement q(d, sql);
    q.Step();
    out += q.Text(0) + ";";
  }
  return out;
}

}  // namespace

TEST_CASE("query refuses every kind of write and leaves the database unchanged", "[query]") {
  ScratchDir dir("query-write");
  const std::string db = dir.file("r.db");
  BuildStatusDb(db);
  const std::string before = Fingerprint(db);
  for (const char* sql : {"DELETE FROM runs", "UPDATE runs SET status = 'failed'",
                          "INSERT INTO experiments(name, file_path, file_content) VALUES ('a', 'b', 'c')",
                          "DROP VIEW leaderboard", "CREATE TABLE t(x)", "PRAGMA user_version = 7",
                          "SELECT 1; DELETE FROM epochs", "CREATE TEMP TABLE t AS SELECT 1",
                          "VACUUM"}) {
    const CliResult r = RunCli(std::string("query --db '") + db + "' \"" + sql + "\"");
    INFO(sql << "\n" << r.out << r.err);
    CHECK(r.exit_code == 2);
    CHECK_THAT(r.err, Catch::Contains("read-only"));
    CHECK(std::count(r.err.begin(), r.err.end(), '\n') == 1);  // one line
  }
  // ATTACH cannot even create the file: the read-only connection opens attachments read-only.
  const CliResult attach =
      RunCli("query --db '" + db + "' \"ATTACH '" + dir.file("other.db") + "' AS o; CREATE TABLE o.t(x)\"");
  CHECK(attach.exit_code == 2);
  CHECK_FALSE(std::filesystem::exists(dir.file("other.db")));
  CHECK(Fingerprint(db) == before);
  const CliResult bad = RunCli("query --db '" + db + "' 'SELEC 1'");
  CHECK(bad.exit_code == 2);
  CHECK_THAT(bad.err, Catch::Contains("syntax error"));
}

TEST_CASE("query prints aligned tables and CSV and JSON that read back", "[query]") {
  ScratchDir dir("query-formats");
  const std::string db = dir.file("r.db");
  BuildStatusDb(db);
  const std::string sql =
      "SELECT run_id, status, test_accuracy, error FROM run_summary ORDER BY run_id";

  const CliResult table = RunCli("query --db '" + db + "' '" + sql + "'");
  INFO(table.err);
  REQUIRE(table.exit_code == 0);
  const auto lines = Lines(table.out);
  // Header, rule, 4 rows (the error's line break folded into a space), then the count.
  REQUIRE(lines.size() == 2 + 4 + 1);
  CHECK(lines.back() == "(4 rows)");
  // Column starts come from the rule line; every header cell starts where its rule starts.
  std::vector<size_t> starts;
  for (size_t i = 0; i < lines[1].size(); ++i) {
    if (lines[1][i] == '-' && (i == 0 || lines[1][i - 1] == ' ')) starts.push_back(i);
  }
  REQUIRE(starts.size() == 4);
  CHECK(lines[0].substr(starts[1], 6) == "status");
  CHECK(lines[0].substr(starts[3], 5) == "error");
  for (size_t i = 2; i < 6; ++i) {
    INFO(lines[i]);
    CHECK(lines[i].substr(0, starts[1]).find_first_not_of(' ') < starts[1]);
    CHECK(lines[i][starts[1] - 1] == ' ');  // a gap before each column
    const std::string status = lines[i].substr(starts[1], lines[i].find(' ', starts[1]) - starts[1]);
    CHECK((status == "completed" || status == "running" || status == "failed" ||
           status == "queued"));
  }

  const CliResult csv = RunCli("query --db '" + db + "' --format csv '" + sql + "'");
  REQUIRE(csv.exit_code == 0);
  const auto records = ParseCsv(csv.out);
  REQUIRE(records.size() == 5);
  CHECK(records[0] == std::vector<std::string>{"run_id", "status", "test_accuracy", "error"});
  CHECK(records[3][3] == kHostileError);  // the failed run (id 3), newline and quotes intact
  CHECK(records[1][2] == "0.88");

  const CliResult json = RunCli("query --db '" + db + "' --format json '" + sql + "'");
  REQUIRE(json.exit_code == 0);
  const auto parsed = nlohmann::json::parse(json.out);
  REQUIRE(parsed.size() == 4);
  CHECK(parsed[0]["run_id"] == 1);
  CHECK(parsed[0]["test_accuracy"].get<double>() == 0.88);
  CHECK(parsed[2]["error"] == kHostileError);
  CHECK(parsed[3]["test_accuracy"].is_null());
}

TEST_CASE("a version 1 database gets the views as TEMP views read-only and for real on migrate",
          "[query]") {
  ScratchDir dir("query-v1");
  const std::string db = dir.file("v1.db");
  BuildStatusDb(db);
  {
    Database d(db, Database::Mode::kReadWrite);
    d.Exec("DROP TABLE predictions; DROP VIEW variant_stats; DROP TABLE t_quantile_975; "
            "DROP VIEW leaderboard; "
           "DROP VIEW run_summary; PRAGMA user_version = 1");
  }
  const CliResult r = RunCli("query --db '" + db + "' --format csv "
                             "'SELECT runs, completed, failed FROM leaderboard'");
  INFO(r.err);
  REQUIRE(r.exit_code == 0);
  CHECK(ParseCsv(r.out)[1] == std::vector<std::string>{"4", "1", "1"});
  CHECK(RunCli("report --db '" + db + "'").exit_code == 0);
  {
    Database d(db, Database::Mode::kReadOnly);
    CHECK(SchemaVersion(d) == 1);  // reading changed nothing
    Statement views(d, "SELECT COUNT(*) FROM sqlite_master WHERE type = 'view'");
    views.Step();
    CHECK(views.Int(0) == 0);
  }
  Store migrated(db);  // a writer migrates: versions 2 and 3 add the views
  CHECK(SchemaVersion(migrated.db()) == kSchemaVersion);
  Statement views(migrated.db(), "SELECT group_concat(name) FROM (SELECT name FROM sqlite_master "
                                 "WHERE type = 'view' ORDER BY name)");
  views.Step();
  CHECK(views.Text(0) == "leaderboard,run_summary,variant_stats");
}
