// Where the results database is (harness/store/db_path.h): --db, else a non-empty $MNISTBENCH_DB,
// else ./mnistbench.db. The test restores the variable as it found it.
#include <catch2/catch.hpp>

#include <cstdlib>
#include <optional>
#include <string>

#include "harness/store/db_path.h"

using namespace mnb;

namespace {

// Sets (or, with nullopt, unsets) MNISTBENCH_DB for its lifetime, then puts back what was there.
class DbEnv {
 public:
  explicit DbEnv(const std::optional<std::string>& value) {
    if (const char* old = std::getenv("MNISTBENCH_DB")) old_ = std::string(old);
    if (value) {
      REQUIRE(setenv("MNISTBENCH_DB", value->c_str(), 1) == 0);
    } else {
      REQUIRE(unsetenv("MNISTBENCH_DB") == 0);
    }
  }
  ~DbEnv() {
    if (old_) {
      setenv("MNISTBENCH_DB", old_->c_str(), 1);
    } else {
      unsetenv("MNISTBENCH_DB");
    }
  }
  DbEnv(const DbEnv&) = delete;
  DbEnv& operator=(const DbEnv&) = delete;

 private:
  std::optional<std::string> old_;
};

}  // namespace

TEST_CASE("db path: the flag wins over the environment", "[store]") {
  const DbEnv env(std::string("/tmp/from-env.db"));
  CHECK(ResolveDbPath("mine.db") == "mine.db");
  CHECK(ResolveDbPath("/abs/path with space.db") == "/abs/path with space.db");
}

TEST_CASE("db path: without a flag, $MNISTBENCH_DB when set and non-empty", "[store]") {
  {
    const DbEnv env(std::string("/tmp/from-env.db"));
    CHECK(ResolveDbPath("") == "/tmp/from-env.db");
  }
  {
    const DbEnv env(std::string(""));  // set but empty: as if unset
    CHECK(ResolveDbPath("") == "mnistbench.db");
  }
  {
    const DbEnv env(std::nullopt);
    CHECK(ResolveDbPath("") == "mnistbench.db");
  }
}

TEST_CASE("db path: the variable is put back as it was", "[store]") {
  const char* before = std::getenv("MNISTBENCH_DB");
  const std::optional<std::string> was = before ? std::optional<std::string>(before) : std::nullopt;
  { const DbEnv env(std::string("elsewhere.db")); }
  const char* after = std::getenv("MNISTBENCH_DB");
  CHECK((after ? std::optional<std::string>(after) : std::nullopt) == was);
}
