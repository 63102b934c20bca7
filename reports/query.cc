#include "reports/query.h"

#include <fmt/format.h>
#include <nlohmann/json.hpp>
#include <sqlite3.h>

#include <algorithm>
#include <cmath>
#include <stdexcept>

#include "reports/text_format.h"

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

std::string Text(const QueryValue& v) {
  switch (v.type) {
    case QueryValue::Type::kNull: return "";
    case QueryValue::Type::kInteger: return fmt::format("{}", v.integer);
    case QueryValue::Type::kReal: return Exact(v.real);
    case QueryValue::Type::kText: return v.text;
  }
  return "";
}

}  // namespace

std::vector<QueryResult> RunReadOnlyQuery(Database& db, const std::string& sql) {
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
      throw std::invalid_argument(fmt::format("query: {} (in: {})", sqlite3_errmsg(db.handle()),
                                              Trimmed(start, tail ? tail : end)));
    }
    next = tail != nullptr ? tail : end;
    if (guard.stmt == nullptr) continue;  // only whitespace or a comment
    const std::string text = Trimmed(start, next);
    if (!sqlite3_stmt_readonly(guard.stmt)) {
      throw std::invalid_argument(fmt::format(
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
      for (int c = 0; c < columns; ++c) {
        QueryValue& v = row[c];
        switch (sqlite3_column_type(guard.stmt, c)) {
          case SQLITE_INTEGER:
            v.type = QueryValue::Type::kInteger;
            v.integer = sqlite3_column_int64(guard.stmt, c);
            break;
          case SQLITE_FLOAT:
            v.type = QueryValue::Type::kReal;
            v.real = sqlite3_column_double(guard.stmt, c);
            break;
          case SQLITE_NULL:
            break;
          default: {
            v.type = QueryValue::Type::kText;
            const auto* bytes = static_cast<const char*>(sqlite3_column_blob(guard.stmt, c));
            v.text.assign(bytes != nullptr ? bytes : "", sqlite3_column_bytes(guard.stmt, c));
          }
        }
      }
      result.rows.push_back(std::move(row));
    }
    if (rc != SQLITE_DONE) {
      const int primary = rc & 0xff;
      if (primary == SQLITE_READONLY) {
        throw std::invalid_argument(fmt::format(
            "query: refusing to write: '{}': the database is opened read-only ({})", text,
            sqlite3_errmsg(db.handle())));
      }
      if (primary == SQLITE_BUSY || primary == SQLITE_LOCKED) {
        db.Fail(rc, text);  // BusyError: the caller may retry
      }
      throw std::invalid_argument(
          fmt::format("query: {} (in: {})", sqlite3_errmsg(db.handle()), text));
    }
    if (columns > 0) results.push_back(std::move(result));
  }
  return results;
}

std::string FormatQueryTable(const QueryResult& result) {
  const size_t n = result.columns.size();
  std::vector<size_t> width(n, 0);
  std::vector<bool> numeric(n, true);
  std::vector<std::vector<std::string>> cells;
  cells.reserve(result.rows.size());
  for (size_t c = 0; c < n; ++c) width[c] = DisplayWidth(result.columns[c]);
  for (const auto& row : result.rows) {
    std::vector<std::string> line;
    for (size_t c = 0; c < n; ++c) {
      std::string text = Text(row[c]);
      for (char& ch : text) {
        if (ch == '\n' || ch == '\r' || ch == '\t') ch = ' ';
      }
      width[c] = std::max(width[c], DisplayWidth(text));
      if (row[c].type == QueryValue::Type::kText) numeric[c] = false;
      line.push_back(std::move(text));
    }
    cells.push_back(std::move(line));
  }
  auto pad = [&](const std::string& text, size_t c) {
    const std::string fill(width[c] - DisplayWidth(text), ' ');
    return numeric[c] && !result.rows.empty() ? fill + text : text + fill;
  };
  std::string out;
  auto emit = [&](const std::vector<std::string>& line) {
    std::string text;
    for (size_t c = 0; c < n; ++c) text += (c > 0 ? "  " : "") + pad(line[c], c);
    text.erase(text.find_last_not_of(' ') + 1);
    out += text + "\n";
  };
  emit(result.columns);
  std::vector<std::string> rule;
  for (size_t c = 0; c < n; ++c) rule.push_back(std::string(width[c], '-'));
  emit(rule);
  for (const auto& line : cells) emit(line);
  out += fmt::format("({} row{})\n", result.rows.size(), result.rows.size() == 1 ? "" : "s");
  return out;
}

std::string FormatQueryCsv(const QueryResult& result) {
  std::string out;
  AppendCsvRecord(&out, result.columns);
  for (const auto& row : result.rows) {
    std::vector<std::string> fields;
    for (const QueryValue& v : row) fields.push_back(Text(v));
    AppendCsvRecord(&out, fields);
  }
  return out;
}

std::string FormatQueryJson(const QueryResult& result) {
  nlohmann::ordered_json rows = nlohmann::ordered_json::array();
  for (const auto& row : result.rows) {
    nlohmann::ordered_json object = nlohmann::ordered_json::object();
    for (size_t c = 0; c < row.size(); ++c) {
      const QueryValue& v = row[c];
      switch (v.type) {
        case QueryValue::Type::kNull: object[result.columns[c]] = nullptr; break;
        case QueryValue::Type::kInteger: object[result.columns[c]] = v.integer; break;
        case QueryValue::Type::kReal:
          if (std::isfinite(v.real)) {
            object[result.columns[c]] = v.real;
          } else {
            object[result.columns[c]] = nullptr;
          }
          break;
        case QueryValue::Type::kText: object[result.columns[c]] = v.text; break;
      }
    }
    rows.push_back(std::move(object));
  }
  // Invalid UTF-8 (a blob) is replaced rather than failing the whole dump.
  return rows.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) + "\n";
}

}  // namespace mnb
