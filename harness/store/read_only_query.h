// Arbitrary read-only SQL over a results database, with typed values: what `mnistbench query`
// runs, through StoreReader::Query (reader.h).
//
// Contract: RunReadOnlyQuery expects a connection opened with SQLITE_OPEN_READONLY and refuses,
// before running anything, any statement SQLite says would write (INSERT, UPDATE, DELETE,
// CREATE, DROP, PRAGMA assignments, ...); the read-only connection is the second line of
// defence. Refusals and SQL errors throw Error kind kBadInput with one line naming
// the statement; a busy database throws BusyError. Several statements separated by ';' run in
// order, each giving one result (statements without columns give none). Values keep their
// SQLite type; blobs come back as bytes in `text`.
#ifndef MNISTBENCH_HARNESS_STORE_READ_ONLY_QUERY_H_
#define MNISTBENCH_HARNESS_STORE_READ_ONLY_QUERY_H_

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

}  // namespace mnb

#endif  // MNISTBENCH_HARNESS_STORE_READ_ONLY_QUERY_H_
