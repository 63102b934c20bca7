#include "harness/store/read_only_query.h"

#include <fmt/format.h>
#include <sqlite3.h>

#include <stdexcept>
#include <utility>

#include "harness/base/error.h"

namespace mnb {

namespace {

std::string Trimmed(const char* begin, const char* end) {
  std::string s(begin, end);
  const size_t first = s.find_first_not_of(" \t\r\n;");
  if (first == std::string::npos) return "";
  s = s.substr(first, s.find_last_not_of(" \t\r\n;") - first + 1);
  for (char& c : s) {
    if (c == '\n' || c == '\r' || c == '\t') c = ' ';
  }
  return s.size() > 80 ? s.substr(0, 77) + "..." : s;
}

// Finalizes however the statement's turn ends.
struct StatementGuard {
  sqlite3_stmt* stmt = nullptr;
  ~StatementGuard() { sqlite3_finalize(stmt); }
};

// Column `c` of the current row, keeping its SQLite type.
QueryValue Value(sqlite3_stmt* stmt, int c) {
  QueryValue v;
  switch (sqlite3_column_type(stmt, c)) {
    case SQLITE_INTEGER:
      v.type = QueryValue::Type::kInteger;
      v.integer = sqlite3_column_int64(stmt, c);
      break;
    case SQLITE_FLOAT:
      v.type = QueryValue::Type::kReal;
      v.real = sqlite3_column_double(stmt, c);
      break;
    case SQLITE_NULL:
      break;
    default: {
      v.type = QueryValue::Type::kText;
      const auto* bytes = static_cast<const char*>(sqlite3_column_blob(stmt, c));
      v.text.assign(bytes != nullptr ? bytes : "", sqlite3_column_bytes(stmt, c));
    }
  }
  return v;
}

}  // namespace

std::vector<QueryResult> RunReadOnlyQuery(Database& db, const std::string& sql) {
  // SQLite stops reading at a NUL byte and reports success with no statement and no progress:
  // the text after it would never run (and the loop below would never end).
  if (const size_t nul = sql.find('\0'); nul != std::string::npos) {
    throw BadInput(fmt::format("query: the SQL holds a NUL byte at offset {} (expected text)", nul));
  }
  std::vector<QueryResult> results;
  const char* next = sql.c_str();
  const char* const end = next + sql.size();
  while (next < end) {
    StatementGuard guard;
    const char* tail = nullptr;
    const char* start = next;
    int rc = sqlite3_prepare_v2(db.handle(), next, static_cast<int>(end - next), &guard.stmt,
                                &tail);
    if (rc != SQLITE_OK) {
      throw BadInput(fmt::format("query: {} (in: {})", sqlite3_errmsg(db.handle()),
                                 Trimmed(start, tail ? tail : end)));
    }
    next = tail != nullptr && tail > start ? tail : end;  // always forward
    if (guard.stmt == nullptr) continue;  // only whitespace or a comment
    const std::string text = Trimmed(start, next);
    if (!sqlite3_stmt_readonly(guard.stmt)) {
      throw BadInput(fmt::format(
          "query: refusing to write: '{}' would change the database, and `mnistbench query` opens "
          "it read-only (use the sqlite3 shell to modify it)",
          text));
    }
    QueryResult result;
    const int columns = sqlite3_column_count(guard.stmt);
    for (int c = 0; c < columns; ++c) {
      const char* name = sqlite3_column_name(guard.stmt, c);
      result.columns.push_back(name != nullptr ? name : "");
    }
    while ((rc = sqlite3_step(guard.stmt)) == SQLITE_ROW) {
      std::vector<QueryValue> row(columns);
      for (int c = 0; c < columns; ++c) row[c] = Value(guard.stmt, c);
      result.rows.push_back(std::move(row));
    }
    if (rc != SQLITE_DONE) {
      const int primary = rc & 0xff;
      if (primary == SQLITE_READONLY) {
        throw BadInput(fmt::format(
            "query: refusing to write: '{}': the database is opened read-only ({})", text,
            sqlite3_errmsg(db.handle())));
      }
      if (primary == SQLITE_BUSY || primary == SQLITE_LOCKED) {
        db.Fail(rc, text);  // BusyError: the caller may retry
      }
      throw BadInput(
          fmt::format("query: {} (in: {})", sqlite3_errmsg(db.handle()), text));
    }
    if (columns > 0) results.push_back(std::move(result));
  }
  return results;
}

}  // namespace mnb
