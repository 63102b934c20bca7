// FormatQueryTable, FormatQueryCsv and FormatQueryJson (reports/tables/query.h) on the results of
// read-only SQL over a real SQLite file: values keep their SQLite type in each format.
#include <catch2/catch.hpp>

#include <nlohmann/json.hpp>

#include <string>
#include <vector>

#include "harness/store/read_only_query.h"
#include "reports/tables/query.h"
#include "tests/scratch_dir.h"

using namespace mnb;
using mnb::testing::ScratchDir;

namespace {

// A small table of every SQLite type, written through a read-write connection.
std::string WriteTable(const ScratchDir& dir) {
  const std::string path = dir.file("q.db");
  Database db(path, Database::Mode::kReadWrite);
  db.Exec("CREATE TABLE t(id INTEGER, acc REAL, note TEXT, extra);"
          "INSERT INTO t VALUES (3, 0.1, 'tab' || char(9) || 'here', NULL);"
          "INSERT INTO t VALUES (-12, 0.25, '\xC3\xA9', NULL);");
  return path;
}

// The one result of `sql`, run read-only as `mnistbench query` runs it.
QueryResult Query(const std::string& path, const std::string& sql) {
  Database db(path, Database::Mode::kReadOnly);
  std::vector<QueryResult> results = RunReadOnlyQuery(db, sql);
  REQUIRE(results.size() == 1);
  return results[0];
}

const char* kMixed =
    "SELECT 9007199254740993 AS big, 0.1 + 0.2 AS sum, 2.0 AS two, NULL AS missing, "
    "'say \"hi\", bye' AS quote, 'two' || char(10) || 'lines' AS multi";

}  // namespace

TEST_CASE("query table: numbers align right and text left under a rule with a row count",
          "[reports][query]") {
  ScratchDir dir("query-table");
  const std::string db = WriteTable(dir);
  // Widths: id 3 ("-12"), acc 4 ("0.25"), note 8 ("tab here", the tab folded), extra 5 (its
  // name; only NULLs below). id, acc and the all-NULL extra are numeric, so right-aligned; "é"
  // is one column wide. Trailing blanks are cut.
  CHECK(FormatQueryTable(Query(db, "SELECT id, acc, note, extra FROM t ORDER BY rowid")) ==
        " id   acc  note      extra\n"
        "---  ----  --------  -----\n"
        "  3   0.1  tab here\n"
        "-12  0.25  \xC3\xA9\n"
        "(2 rows)\n");
  CHECK(FormatQueryTable(Query(db, "SELECT note FROM t WHERE id = 3")) ==
        "note\n--------\ntab here\n(1 row)\n");
  // No rows: the header alone, left-aligned.
  CHECK(FormatQueryTable(Query(db, "SELECT id AS identifier FROM t WHERE id > 100")) ==
        "identifier\n----------\n(0 rows)\n");
}

TEST_CASE("query table: reals print in the shortest form that reads back exactly",
          "[reports][query]") {
  ScratchDir dir("query-reals");
  const std::string db = WriteTable(dir);
  const QueryResult r = Query(db, "SELECT 1.0 / 3 AS third, 0.1 + 0.2 AS sum, 1e-7 AS tiny");
  const std::string csv = FormatQueryCsv(r);
  // 1/3 needs all 16 digits; 0.1 + 0.2 is not 0.3 in binary and must not print as it.
  CHECK(csv == "third,sum,tiny\r\n0.3333333333333333,0.30000000000000004,1e-07\r\n");
  const std::string table = FormatQueryTable(r);
  CHECK_THAT(table, Catch::Contains("0.3333333333333333  0.30000000000000004  1e-07"));
  // And they read back as the very doubles SQLite computed (stod stops at the comma).
  const std::string values = csv.substr(csv.find("\r\n") + 2);
  CHECK(std::stod(values) == 1.0 / 3);
  CHECK(std::stod(values.substr(values.find(',') + 1)) == 0.1 + 0.2);
}

TEST_CASE("query CSV: one header row and RFC 4180 quoting with NULL as an empty field",
          "[reports][query]") {
  ScratchDir dir("query-csv");
  const std::string db = WriteTable(dir);
  // 2^53 + 1 = 9007199254740993 has no double: it must stay an integer to print exactly.
  CHECK(FormatQueryCsv(Query(db, kMixed)) ==
        "big,sum,two,missing,quote,multi\r\n"
        "9007199254740993,0.30000000000000004,2,,\"say \"\"hi\"\", bye\",\"two\nlines\"\r\n");
  CHECK(FormatQueryCsv(Query(db, "SELECT 1 AS \"a,b\" WHERE 0")) == "\"a,b\"\r\n");
  CHECK(FormatQueryCsv(Query(db, "SELECT id, note, extra FROM t ORDER BY id")) ==
        "id,note,extra\r\n-12,\xC3\xA9,\r\n3,tab\there,\r\n");
}

TEST_CASE("query JSON: an array of objects in column order with SQLite's types",
          "[reports][query]") {
  ScratchDir dir("query-json");
  const std::string db = WriteTable(dir);
  const std::string text = FormatQueryJson(Query(db, kMixed));
  CHECK(text.back() == '\n');
  const nlohmann::json rows = nlohmann::json::parse(text);
  REQUIRE(rows.is_array());
  REQUIRE(rows.size() == 1);
  const nlohmann::json& row = rows[0];
  CHECK(row["big"].is_number_integer());
  CHECK(row["big"].get<int64_t>() == 9007199254740993);
  CHECK(row["sum"].get<double>() == 0.1 + 0.2);
  CHECK(row["two"].is_number_float());  // a REAL stays a real even when whole
  CHECK(row["missing"].is_null());
  CHECK(row["quote"] == "say \"hi\", bye");
  CHECK(row["multi"] == "two\nlines");
  // Keys in the query's column order, not sorted.
  CHECK(FormatQueryJson(Query(db, "SELECT id AS z, note AS a FROM t WHERE id = 3")) ==
        "[{\"z\":3,\"a\":\"tab\\there\"}]\n");
  CHECK(FormatQueryJson(Query(db, "SELECT id FROM t WHERE id > 100")) == "[]\n");
  // A blob that is not UTF-8 still gives valid JSON.
  std::string blob;
  REQUIRE_NOTHROW(blob = FormatQueryJson(Query(db, "SELECT x'ff00' AS b")));
  CHECK(nlohmann::json::parse(blob)[0]["b"].is_string());
}
