// AutoWorkers (harness/run/auto_workers.h): one worker per core or four per GPU, never more than
// the runs left, never none.
#include <catch2/catch.hpp>

#include "harness/run/auto_workers.h"

using mnb::AutoWorkers;

TEST_CASE("auto workers: a core each on the CPU, four per GPU, capped by the runs left",
          "[runner]") {
  CHECK(AutoWorkers("cpu", 0, 2, 24) == 2);
  CHECK(AutoWorkers("cpu", 0, 16, 24) == 16);
  CHECK(AutoWorkers("cpu", 0, 16, 3) == 3);
  CHECK(AutoWorkers("cpu", 0, 2, 1) == 1);
  CHECK(AutoWorkers("cpu", 0, 0, 5) == 1);   // unknown core count
  CHECK(AutoWorkers("cpu", 0, 2, 0) == 1);   // nothing left: the one worker finds nothing
  CHECK(AutoWorkers("cuda", 1, 16, 24) == 4);
  CHECK(AutoWorkers("cuda", 2, 16, 24) == 8);
  CHECK(AutoWorkers("cuda", 8, 16, 24) == 24);
  CHECK(AutoWorkers("cuda", 1, 16, 2) == 2);
}
