// `mnistbench query`'s read-only SQL runner (harness/store/read_only_query.h) on any text, over
// a real results database opened read-only: a refusal or a result, never a write, a hang or a
// crash. SQLite's own run time and memory are bounded here (a step budget and a length limit),
// as SQLite's fuzzers do: the target judges the guard, not SQLite's speed on `WITH RECURSIVE`.
#include <sqlite3.h>
#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <string>

#include "fuzz/fuzz_db.h"
#include "fuzz/fuzz_support.h"
#include "harness/store/read_only_query.h"
#include "harness/store/sqlite.h"

namespace {

std::string FixturePath() { return "/tmp/mnistbench-fuzz-query-" + std::to_string(getpid()) + ".db"; }

int StopLongQueries(void* steps) { return ++*static_cast<int*>(steps) > 2000; }

int64_t RunCount(mnb::Database& db) {
  mnb::Statement count(db, "SELECT COUNT(*) FROM runs");
  count.Step();
  return count.Int(0);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static const std::string path = [] {
    const std::string p = FixturePath();
    mnb::fuzz::BuildFuzzDb(p);
    return p;
  }();
  static mnb::Database db(path, mnb::Database::Mode::kReadOnly);
  static const int64_t runs = RunCount(db);
  static int steps = 0;
  sqlite3_limit(db.handle(), SQLITE_LIMIT_LENGTH, 1 << 20);
  sqlite3_progress_handler(db.handle(), 100, StopLongQueries, &steps);
  steps = 0;
  const std::string sql(reinterpret_cast<const char*>(data), size);
  mnb::fuzz::CleanlyRefused([&] { (void)mnb::RunReadOnlyQuery(db, sql); });
  sqlite3_progress_handler(db.handle(), 0, nullptr, nullptr);
  mnb::fuzz::Expect(RunCount(db) == runs, "the database is unchanged");
  return 0;
}
