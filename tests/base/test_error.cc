// One error type: every kind maps to its documented exit code, the store tells a full disk
// (I/O, exit 74) from a wrong database (bad input, exit 2), and the command line shows both.
#include <catch2/catch.hpp>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <stdexcept>
#include <string>

#include "harness/base/error.h"
#include "harness/config/experiment.h"
#include "harness/store/merge.h"
#include "harness/store/sqlite.h"
#include "tests/cli_runner.h"
#include "tests/scratch_dir.h"
#include "tests/test_support.h"

using namespace mnb;
using mnb::testing::CliResult;
using mnb::testing::DataDir;
using mnb::testing::RunCli;
using mnb::testing::ScratchDir;
namespace fs = std::filesystem;

TEST_CASE("each error kind has its documented exit code", "[error]") {
  CHECK(ExitCodeFor(ErrorKind::kBadInput) == 2);
  CHECK(ExitCodeFor(ErrorKind::kConflict) == 2);
  CHECK(ExitCodeFor(ErrorKind::kIo) == 74);  // EX_IOERR
  CHECK(ExitCodeFor(ErrorKind::kBusy) == 1);
  CHECK(ExitCodeFor(ErrorKind::kExternal) == 1);
  CHECK(ExitCodeFor(ErrorKind::kInternal) == 1);
  CHECK(std::string(ErrorKindName(ErrorKind::kIo)) == "I/O error");
}

TEST_CASE("the named errors carry their kind; foreign exceptions are classified", "[error]") {
  CHECK(KindOf(ConfigError("x.toml:3: lr: expected a number")) == ErrorKind::kBadInput);
  CHECK(KindOf(MergeConflict("run 3 differs")) == ErrorKind::kConflict);
  CHECK(KindOf(BusyError("locked")) == ErrorKind::kBusy);
  CHECK(KindOf(BadInput("--shards 0")) == ErrorKind::kBadInput);
  const fs::filesystem_error missing("copy", "/nowhere/a", "/nowhere/b",
                                     std::make_error_code(std::errc::no_such_file_or_directory));
  CHECK(KindOf(missing) == ErrorKind::kIo);
  // Any other std library exception (vector::at out of range, say) is a bug.
  CHECK(KindOf(std::out_of_range("vector::at")) == ErrorKind::kInternal);
  CHECK(KindOf(InternalError("a pure function's contract")) == ErrorKind::kInternal);
  // A located message is printed as is, others after the program's name.
  CHECK(ConfigError("x.toml:3: lr: expected a number").UserLine() ==
        "x.toml:3: lr: expected a number");
  CHECK(StoreError("a.db: no such database").UserLine() == "mnistbench: a.db: no such database");
}

TEST_CASE("a full database is an I/O error, not bad input", "[error]") {
  ScratchDir dir("error");
  const std::string path = dir.file("full.db");
  Database db(path, Database::Mode::kReadWrite);
  db.Exec("CREATE TABLE t (b BLOB)");
  db.Exec("PRAGMA max_page_count = 16");  // as if the disk held 16 pages (SQLITE_FULL)
  try {
    for (int i = 0; i < 100; ++i) db.Exec("INSERT INTO t VALUES (randomblob(8192))");
    FAIL("16 pages held 800 kB");
  } catch (const StoreError& e) {
    CHECK(e.kind() == ErrorKind::kIo);
    CHECK(std::string(e.what()).find(path) != std::string::npos);
  }
}

TEST_CASE("the command line exits 74 for I/O failures and 2 for bad input", "[error][cli]") {
  ScratchDir dir("error_cli");
  const auto missing = RunCli("status --db '" + dir.file("missing.db") + "'");
  CHECK(missing.exit_code == 2);
  CHECK(missing.err.find("missing.db") != std::string::npos);

  // A file that is there but cannot be read as a database file: a directory in its place.
  const std::string folder = dir.file("folder.db");
  fs::create_directories(folder);
  const auto unreadable = RunCli("query --db '" + folder + "' 'SELECT 1'");
  CHECK(unreadable.exit_code == 74);
  CHECK(unreadable.err.find("folder.db") != std::string::npos);
}

TEST_CASE("commands refuse another application's SQLite file with exit 2 and leave its bytes",
          "[error][cli][torch]") {
  ScratchDir dir("foreign-cli");
  const std::string foreign = dir.file("app.db");
  {
    Database db(foreign, Database::Mode::kReadWrite);
    db.Exec("CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT); "
            "INSERT INTO notes (body) VALUES ('keep me')");
  }
  auto bytes = [&] {
    std::ifstream in(foreign, std::ios::binary);
    return std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  };
  const std::string before = bytes();
  const std::string exp = dir.file("exp.toml");
  std::ofstream(exp) << "[dataset]\nname = \"mnist\"\nlimit_train = 100\nlimit_test = 100\n"
                        "[[model]]\nname = \"lenet5\"\n";
  for (const std::string& command :
       {"run '" + exp + "' --db '" + foreign + "' --data-dir '" + DataDir() + "'",
        "status --db '" + foreign + "'", "report --db '" + foreign + "'",
        "query --db '" + foreign + "' 'SELECT 1'"}) {
    const CliResult r = RunCli(command);
    INFO(command << " -> " << r.err);
    CHECK(r.exit_code == 2);
    CHECK_THAT(r.err, Catch::Contains(foreign + ": an SQLite database of another application") ||
                          Catch::Contains(foreign + ": not a mnistbench results database"));
    CHECK(std::count(r.err.begin(), r.err.end(), '\n') == 1);
  }
  CHECK(bytes() == before);
  CHECK_FALSE(std::filesystem::exists(foreign + "-wal"));
}
