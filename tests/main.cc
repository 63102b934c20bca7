// The Catch2 entry point, alone in its TU so the test files recompile without it, and the run log:
// when $MNISTBENCH_TEST_RUN_LOG names a file, the name of every test case that starts is appended
// to it, one a line, so scripts/test.sh can prove that ctest ran every test case the binary lists.
#define CATCH_CONFIG_MAIN
#define CATCH_CONFIG_EXTERNAL_INTERFACES
#include <catch2/catch.hpp>

#include <cstdlib>
#include <fstream>

namespace {

class RunLog : public Catch::TestEventListenerBase {
 public:
  using TestEventListenerBase::TestEventListenerBase;

  void testCaseStarting(Catch::TestCaseInfo const& info) override {
    const char* log = std::getenv("MNISTBENCH_TEST_RUN_LOG");
    if (log != nullptr && *log != '\0') std::ofstream(log, std::ios::app) << info.name << '\n';
  }
};

}  // namespace

CATCH_REGISTER_LISTENER(RunLog)
