// A thin RAII layer over the SQLite C API.
//
// Contract: Database owns one connection; Statement one prepared statement (bind by 1-based
// index, Step, typed column getters); Transaction is BEGIN IMMEDIATE that rolls back unless
// committed. Every failure throws StoreError with one line naming the database file and SQLite's
// message. SQLITE_BUSY/LOCKED surface as BusyError so callers can retry the whole transaction.
// Never carry an open Database across fork(): SQLite's lock bookkeeping is per process, so a
// child that inherits a connection can believe it holds locks it does not; open after forking.
#ifndef MNISTBENCH_HARNESS_STORE_SQLITE_H_
#define MNISTBENCH_HARNESS_STORE_SQLITE_H_

#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "harness/base/error.h"

struct sqlite3;
struct sqlite3_stmt;

namespace mnb {

class Statement;

// A database the user named is missing, not a store, or failed (kind kIo: disk full, unreadable).
class StoreError : public Error {
 public:
  explicit StoreError(const std::string& message, ErrorKind kind = ErrorKind::kBadInput)
      : Error(kind, message) {}
};

// The database was busy beyond busy_timeout; the transaction can be retried from its start.
class BusyError : public StoreError {
 public:
  explicit BusyError(const std::string& message) : StoreError(message, ErrorKind::kBusy) {}
};

class Database {
 public:
  enum class Mode { kReadWrite, kReadOnly };
  Database(const std::string& path, Mode mode);
  ~Database();
  Database(const Database&) = delete;
  Database& operator=(const Database&) = delete;

  void Exec(const std::string& sql);
  Statement Prepare(const std::string& sql);
  int64_t LastInsertId() const;
  int Changes() const;
  const std::string& path() const { return path_; }
  sqlite3* handle() const { return db_; }

  [[noreturn]] void Fail(int code, const std::string& what) const;

 private:
  std::string path_;
  sqlite3* db_ = nullptr;
};

class Statement {
 public:
  Statement(Database& db, const std::string& sql);
  ~Statement();
  Statement(const Statement&) = delete;
  Statement& operator=(const Statement&) = delete;

  Statement& Bind(int index, int64_t value);
  Statement& Bind(int index, int value) { return Bind(index, static_cast<int64_t>(value)); }
  Statement& Bind(int index, double value);
  Statement& Bind(int index, const std::string& value);
  Statement& Bind(int index, const std::vector<uint8_t>& blob);
  Statement& Bind(int index, const char* value) { return Bind(index, std::string(value)); }
  Statement& BindNull(int index);
  template <typename T>
  Statement& Bind(int index, const std::optional<T>& value) {
    return value ? Bind(index, *value) : BindNull(index);
  }

  bool Step();  // true while a row is available
  void Run();   // Step to completion, for statements without rows
  void Reset();  // also clears the bindings

  int64_t Int(int column) const;
  double Double(int column) const;
  std::string Text(int column) const;
  std::vector<uint8_t> Blob(int column) const;
  bool IsNull(int column) const;
  std::optional<double> OptionalDouble(int column) const;

 private:
  Statement& Check(int code, int index);

  Database& db_;
  sqlite3_stmt* stmt_ = nullptr;
};

// Whether the database holds a table (not a view) named `name`, e.g. one a later schema added.
bool HasTable(Database& db, const std::string& name);

class Transaction {
 public:
  explicit Transaction(Database& db);  // BEGIN IMMEDIATE: takes the write lock up front
  ~Transaction();
  void Commit();

 private:
  Database& db_;
  bool done_ = false;
};

}  // namespace mnb

#endif  // MNISTBENCH_HARNESS_STORE_SQLITE_H_
