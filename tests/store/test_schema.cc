// The one schema-version check that every opener of a results database goes through.
#include <catch2/catch.hpp>

#include <fmt/format.h>

#include <string>

#include "harness/stats/summary.h"
#include "harness/store/schema.h"
#include "harness/store/sqlite.h"
#include "tests/scratch_dir.h"

using namespace mnb;
using mnb::testing::ScratchDir;

namespace {

void SetVersion(const std::string& path, int version) {
  Database db(path, Database::Mode::kReadWrite);
  db.Exec(fmt::format("PRAGMA user_version = {}", version));
}

}  // namespace

TEST_CASE("CheckSchemaVersion refuses a newer schema and, unless asked, none", "[store][schema]") {
  ScratchDir dir("schema");
  const std::string empty = dir.file("empty.db"), newer = dir.file("newer.db");
  const std::string current = dir.file("current.db");
  SetVersion(empty, 0);
  SetVersion(newer, kSchemaVersion + 1);
  {
    Database db(current, Database::Mode::kReadWrite);
    Migrate(db);
  }

  Database fresh(empty, Database::Mode::kReadOnly);
  CHECK_THROWS_AS(CheckSchemaVersion(fresh), StoreError);
  CHECK_THROWS_WITH(CheckSchemaVersion(fresh),
                    empty + ": not a mnistbench results database (no schema)");
  CHECK(CheckSchemaVersion(fresh, NoSchema::kAccept) == 0);

  Database future(newer, Database::Mode::kReadOnly);
  const std::string expected =
      fmt::format("{}: schema version {} is newer than this mnistbench knows ({}); upgrade "
                  "mnistbench", newer, kSchemaVersion + 1, kSchemaVersion);
  CHECK_THROWS_WITH(CheckSchemaVersion(future), expected);
  CHECK_THROWS_WITH(CheckSchemaVersion(future, NoSchema::kAccept), expected);
  // Migrate goes through the same check, and writes nothing to a newer file.
  {
    Database writable(newer, Database::Mode::kReadWrite);
    CHECK_THROWS_WITH(Migrate(writable), expected);
  }
  CHECK(SchemaVersion(future) == kSchemaVersion + 1);

  Database now(current, Database::Mode::kReadOnly);
  CHECK(CheckSchemaVersion(now) == kSchemaVersion);
}

TEST_CASE("another application's SQLite file is refused by readers and writers, unchanged",
          "[store][schema]") {
  ScratchDir dir("schema-foreign");
  const std::string foreign = dir.file("app.db");
  {
    Database db(foreign, Database::Mode::kReadWrite);
    db.Exec("CREATE TABLE customers (id INTEGER PRIMARY KEY, name TEXT); "
            "INSERT INTO customers (name) VALUES ('ada'); PRAGMA user_version = 2");
  }
  Database reader(foreign, Database::Mode::kReadOnly);
  const std::string expected = foreign + ": an SQLite database of another application (tables: "
                               "customers; user_version 2), not a mnistbench results database; "
                               "left unchanged (pass --db with a new file or a mnistbench store)";
  CHECK_THROWS_WITH(CheckSchemaVersion(reader), expected);
  Database writer(foreign, Database::Mode::kReadWrite);
  CHECK_THROWS_WITH(Migrate(writer), expected);
  Statement tables(writer, "SELECT COUNT(*) FROM sqlite_master");
  tables.Step();
  CHECK(tables.Int(0) == 1);  // nothing of ours was added
}

TEST_CASE("variant_stats' t-quantile table is stats::StudentTQuantile's, df 1 to 1000",
          "[store][schema]") {
  // The store includes nothing from stats/: its table calls Boost.Math itself, so this holds the
  // two definitions equal, bit for bit after SQLite's REAL round trip.
  ScratchDir dir("schema-tq");
  Database db(dir.file("t.db"), Database::Mode::kReadWrite);
  Migrate(db);
  Statement q(db, "SELECT df, t FROM t_quantile_975 ORDER BY df");
  int rows = 0;
  while (q.Step()) {
    ++rows;
    CHECK(q.Double(1) == stats::StudentTQuantile(0.975, static_cast<double>(q.Int(0))));
  }
  CHECK(rows == 1000);
}
