// SQLite's errors as mnistbench's kinds (harness/store/sqlite.h, Database::Fail): what the file
// is to blame for stays bad input (exit 2); what only our own SQL can cause is internal (exit 70).
// And HasTable, which later schemas' readers ask before reading a table an older file lacks.
#include <catch2/catch.hpp>

#include "harness/store/sqlite.h"
#include "tests/error_matchers.h"
#include "tests/scratch_dir.h"

using namespace mnb;
using namespace mnb::testing;

TEST_CASE("sqlite errors: a broken rule of our own SQL is internal, a misfit file bad input",
          "[store]") {
  ScratchDir dir("sqlite-kinds");
  Database db(dir.file("k.db"), Database::Mode::kReadWrite);
  db.Exec("CREATE TABLE t (x INTEGER NOT NULL CHECK (x > 0), y TEXT UNIQUE)");
  // A constraint our writes broke: a bug of ours.
  CHECK_THROWS_MATCHES(db.Exec("INSERT INTO t (x) VALUES (0)"), StoreError,
                       IsKind(ErrorKind::kInternal));
  db.Exec("INSERT INTO t (x, y) VALUES (1, 'a')");
  CHECK_THROWS_MATCHES(db.Exec("INSERT INTO t (x, y) VALUES (2, 'a')"), StoreError,
                       IsKind(ErrorKind::kInternal));
  // A bind index past the statement's parameters.
  Statement insert(db, "INSERT INTO t (x) VALUES (?1)");
  CHECK_THROWS_MATCHES(insert.Bind(2, int64_t{3}), StoreError, IsKind(ErrorKind::kInternal));
  // A statement the file's schema does not fit (a damaged or foreign results file): bad input.
  CHECK_THROWS_MATCHES(Statement(db, "SELECT missing FROM t"), StoreError,
                       IsKind(ErrorKind::kBadInput));
  CHECK_THROWS_MATCHES(Statement(db, "SELECT 1 FROM no_such_table"), StoreError,
                       IsKind(ErrorKind::kBadInput));
}

TEST_CASE("HasTable: a table of that name, not a view, not another name", "[store]") {
  ScratchDir dir("sqlite-has-table");
  Database db(dir.file("h.db"), Database::Mode::kReadWrite);
  CHECK_FALSE(HasTable(db, "race_rounds"));
  db.Exec("CREATE TABLE race_rounds (x INTEGER)");
  db.Exec("CREATE VIEW rounds_view AS SELECT x FROM race_rounds");
  CHECK(HasTable(db, "race_rounds"));
  CHECK_FALSE(HasTable(db, "rounds_view"));
  CHECK_FALSE(HasTable(db, "race_round"));
  CHECK_FALSE(HasTable(db, "race_rounds' OR '1' = '1"));  // bound, never spliced into the SQL
}
