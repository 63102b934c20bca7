// `mnistbench seeds` (reports/tables/seeds_plan.h) on the golden database: seeds per variant planned
// from a stored variant's noise. Reference: scipy 1.17 stats.nct with Welch's df, for lenet5 at
// batch 32 (n = 3, sample std 0.008326663997864537): one point needs 12 seeds a variant (power
// now 0.2071), two points 4 (0.6033), five 2, and 0.3 points 122.
#include <catch2/catch.hpp>

#include <algorithm>
#include <string>

#include "harness/base/error.h"
#include "harness/store/reader.h"
#include "reports/tables/seeds_plan.h"
#include "tests/cli_runner.h"
#include "tests/golden_db.h"
#include "tests/scratch_dir.h"

using namespace mnb;
using namespace mnb::testing;
using Catch::Matchers::WithinAbs;

TEST_CASE("seeds needed per variant from a stored variant's noise", "[seeds][compare]") {
  ScratchDir dir("seeds-plan");
  const std::string db = dir.file("golden.db");
  BuildGoldenDb(db);
  StoreReader results(db);
  const SeedsPlanData plan = LoadSeedsPlan(results, "lenet5 batch_size=32", {}, 0.003);
  REQUIRE(plan.rows.size() == 7);  // the one asked for, then 0.1 .. 5 points
  CHECK(plan.rows[0].effect == 0.003);
  CHECK(plan.rows[0].needed == 122);
  CHECK_THAT(plan.rows[0].power_now, WithinAbs(0.06389069014381744, 1e-9));
  const auto row = [&](double effect) {
    for (const SeedsPlanRow& r : plan.rows) {
      if (r.effect == effect) return r;
    }
    FAIL("no row for " << effect);
    return SeedsPlanRow{};
  };
  CHECK(row(0.01).needed == 12);
  CHECK_THAT(row(0.01).power_now, WithinAbs(0.20708398680037912, 1e-9));
  CHECK(row(0.02).needed == 4);
  CHECK(row(0.05).needed == 2);
  CHECK(row(0.001).needed == 1090);
  // One seed has no noise to plan from: bad input, saying so.
  CHECK_THROWS_WITH(LoadSeedsPlan(results, "lenet5 batch_size=64", {}, 0.01),
                    Catch::Contains("has 1 completed seed(s)"));
}

TEST_CASE("seeds on the command line: the table, and exit 2 on bad input", "[seeds][cli]") {
  ScratchDir dir("seeds-cli");
  const std::string db = dir.file("golden.db");
  BuildGoldenDb(db);
  const CliResult ok = RunCli("seeds 'lenet5 batch_size=32' --min-effect 2 --db '" + db + "'");
  INFO(ok.err);
  CHECK(ok.exit_code == 0);
  CHECK_THAT(ok.out, Catch::Contains("| 2.00 pp ") && Catch::Contains("power with 3 now"));
  const CliResult one = RunCli("seeds 'lenet5 batch_size=64' --db '" + db + "'");
  CHECK(one.exit_code == 2);
  CHECK(std::count(one.err.begin(), one.err.end(), '\n') == 1);
  CHECK(RunCli("seeds lenet5 --min-effect -1 --db '" + db + "'").exit_code == 2);
}
