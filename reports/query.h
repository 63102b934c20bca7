// `mnistbench query`: arbitrary read-only SQL over a results database, printed as an aligned
// table, CSV or JSON.
//
// Contract: RunReadOnlyQuery expects a connection opened with SQLITE_OPEN_READONLY and refuses,
// before running anything, any statement SQLite says would write (INSERT, UPDATE, DELETE,
// CREATE, DROP, PRAGMA assignments, ...); the read-only connection is the second line of
// defence. Refusals and SQL errors throw std::invalid_argument (bad input, exit code 2) with
// one line naming the statement. Several statements separated by ';' run in order, each giving
// one result. Values keep their SQLite type: integers and reals print as numbers (reals in the
// shortest form that reads back exactly), NULL as empty (table, CSV) or null (JSON).
#ifndef MNISTBENCH_REPORTS_QUERY_H_
#define MNISTBENCH_REPORTS_QUERY_H_

#include <cstdint>
#include <string>
#include <vector>

#include "harness/store/sqlite.h"

namespace mnb {

struct QueryValue {
  enum class Type { kNull, kInteger, kReal, kText } type = Type::kNull;
  int64_t integer = 0;
  double real = 0;
  std::string text;  // also blobs, as bytes
};

struct QueryResult {
  std::vector<std::string> columns;
  std::vector<std::vector<QueryValue>> rows;
};

std::vector<QueryResult> RunReadOnlyQuery(Database& db, const std::string& sql);

std::string FormatQueryTable(const QueryResult& result);  // aligned, header + rule, "(N rows)"
std::string FormatQueryCsv(const QueryResult& result);    // RFC 4180, one header row
std::string FormatQueryJson(const QueryResult& result);   // [{"column": value, ...}, ...]

}  // namespace mnb

#endif  // MNISTBENCH_REPORTS_QUERY_H_
