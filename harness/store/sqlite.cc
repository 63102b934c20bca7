#include "harness/store/sqlite.h"

#include <fmt/format.h>
#include <sqlite3.h>

#include <filesystem>

namespace mnb {

Database::Database(const std::string& path, Mode mode) : path_(path) {
  const int flags = mode == Mode::kReadOnly ? SQLITE_OPEN_READONLY
                                            : SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE;
  const int rc = sqlite3_open_v2(path.c_str(), &db_, flags | SQLITE_OPEN_NOMUTEX, nullptr);
  if (rc != SQLITE_OK) {
    const std::string message = db_ != nullptr ? sqlite3_errmsg(db_) : sqlite3_errstr(rc);
    sqlite3_close(db_);
    db_ = nullptr;
    // A file that exists but cannot be opened is the system's failure (permissions, I/O); a
    // path into a folder that does not exist is a mistyped flag.
    std::error_code ignored;
    const bool exists = std::filesystem::exists(path, ignored);
    throw StoreError(fmt::format("{}: cannot open database ({})", path, message),
                     exists ? ErrorKind::kIo : ErrorKind::kBadInput);
  }
  sqlite3_extended_result_codes(db_, 1);
}

Database::~Database() { sqlite3_close_v2(db_); }

void Database::Fail(int code, const std::string& what) const {
  const int primary = code & 0xff;
  std::string message = fmt::format("{}: {} ({})", path_, sqlite3_errmsg(db_), what);
  if (primary == SQLITE_BUSY || primary == SQLITE_LOCKED) throw BusyError(message);
  if (primary == SQLITE_NOTADB) {
    throw StoreError(fmt::format("{}: not an SQLite database (expected a mnistbench results DB)",
                                 path_));
  }
  if (primary == SQLITE_READONLY) {
    throw StoreError(fmt::format("{}: the database is opened read-only; {} would write ({})",
                                 path_, what, sqlite3_errmsg(db_)),
                                 ErrorKind::kIo);
  }
  // The disk or the file failed us, not the user's input: exit 74, and what was committed stays.
  if (primary == SQLITE_IOERR || primary == SQLITE_FULL || primary == SQLITE_CANTOPEN ||
      primary == SQLITE_CORRUPT || primary == SQLITE_NOMEM || primary == SQLITE_PERM) {
    throw StoreError(message, ErrorKind::kIo);
  }
  // Our own SQL broke a rule of ours or SQLite's (a constraint, a bind index, an API misuse): a
  // bug in mnistbench (kInternal, exit 1), not the user's input. What remains (SQLITE_ERROR: a statement the
  // file's schema does not fit, as in a damaged or foreign results file) is the file's fault.
  if (primary == SQLITE_CONSTRAINT || primary == SQLITE_RANGE || primary == SQLITE_MISUSE ||
      primary == SQLITE_INTERNAL || primary == SQLITE_MISMATCH) {
    throw StoreError(message, ErrorKind::kInternal);
  }
  throw StoreError(message);
}

void Database::Exec(const std::string& sql) {
  // sqlite3_errmsg still holds the message after sqlite3_exec fails, so Fail reports it.
  const int rc = sqlite3_exec(db_, sql.c_str(), nullptr, nullptr, nullptr);
  if (rc != SQLITE_OK) Fail(rc, sql.substr(0, 60));
}

Statement Database::Prepare(const std::string& sql) { return Statement(*this, sql); }

int64_t Database::LastInsertId() const { return sqlite3_last_insert_rowid(db_); }
int Database::Changes() const { return sqlite3_changes(db_); }

Statement::Statement(Database& db, const std::string& sql) : db_(db) {
  const int rc = sqlite3_prepare_v2(db.handle(), sql.c_str(), -1, &stmt_, nullptr);
  if (rc != SQLITE_OK) db.Fail(rc, "preparing " + sql.substr(0, 60));
}

Statement::~Statement() { sqlite3_finalize(stmt_); }

// A bad index (SQLITE_RANGE) is a bug in our SQL; failing loudly beats storing NULL.
Statement& Statement::Check(int code, int index) {
  if (code != SQLITE_OK) db_.Fail(code, fmt::format("binding parameter {}", index));
  return *this;
}
Statement& Statement::Bind(int index, int64_t value) {
  return Check(sqlite3_bind_int64(stmt_, index, value), index);
}
Statement& Statement::Bind(int index, double value) {
  return Check(sqlite3_bind_double(stmt_, index, value), index);
}
Statement& Statement::Bind(int index, const std::string& value) {
  return Check(sqlite3_bind_text(stmt_, index, value.data(), static_cast<int>(value.size()),
                                 SQLITE_TRANSIENT),
               index);
}
Statement& Statement::Bind(int index, const std::vector<uint8_t>& blob) {
  // An empty vector still binds a zero-length BLOB, not NULL.
  static const uint8_t kEmpty = 0;
  return Check(sqlite3_bind_blob(stmt_, index, blob.empty() ? &kEmpty : blob.data(),
                                 static_cast<int>(blob.size()), SQLITE_TRANSIENT),
               index);
}
Statement& Statement::BindNull(int index) { return Check(sqlite3_bind_null(stmt_, index), index); }

bool Statement::Step() {
  const int rc = sqlite3_step(stmt_);
  if (rc == SQLITE_ROW) return true;
  if (rc == SQLITE_DONE) return false;
  db_.Fail(rc, sqlite3_sql(stmt_) != nullptr ? std::string(sqlite3_sql(stmt_)).substr(0, 60) : "");
}

void Statement::Run() {
  while (Step()) {
  }
}

void Statement::Reset() {
  sqlite3_reset(stmt_);
  sqlite3_clear_bindings(stmt_);
}

int64_t Statement::Int(int column) const { return sqlite3_column_int64(stmt_, column); }
double Statement::Double(int column) const { return sqlite3_column_double(stmt_, column); }
std::string Statement::Text(int column) const {
  const auto* text = sqlite3_column_text(stmt_, column);
  return text != nullptr ? std::string(reinterpret_cast<const char*>(text),
                                       sqlite3_column_bytes(stmt_, column))
                         : std::string();
}
std::vector<uint8_t> Statement::Blob(int column) const {
  const auto* bytes = static_cast<const uint8_t*>(sqlite3_column_blob(stmt_, column));
  return bytes != nullptr ? std::vector<uint8_t>(bytes, bytes + sqlite3_column_bytes(stmt_, column))
                          : std::vector<uint8_t>();
}
bool Statement::IsNull(int column) const {
  return sqlite3_column_type(stmt_, column) == SQLITE_NULL;
}
std::optional<double> Statement::OptionalDouble(int column) const {
  if (IsNull(column)) return std::nullopt;
  return Double(column);
}

bool HasTable(Database& db, const std::string& name) {
  Statement q(db, "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?1");
  q.Bind(1, name);
  return q.Step();
}

Transaction::Transaction(Database& db) : db_(db) { db_.Exec("BEGIN IMMEDIATE"); }

Transaction::~Transaction() {
  if (!done_) sqlite3_exec(db_.handle(), "ROLLBACK", nullptr, nullptr, nullptr);
}

void Transaction::Commit() {
  db_.Exec("COMMIT");
  done_ = true;
}

}  // namespace mnb
