// `mnistbench compare` on the golden database (real SQLite, fixed metrics): how names resolve,
// the Welch difference, P(A > B), and what is said when a side has too few seeds.
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <string>

#include "harness/base/error.h"
#include "harness/results/result_set.h"
#include "reports/tables/compare.h"
#include "tests/cli_runner.h"
#include "tests/golden_db.h"
#include "tests/scratch_dir.h"

using namespace mnb;
using namespace mnb::testing;

TEST_CASE("compare resolves runs, run keys, labels and models; bad names are bad input",
          "[compare][reports]") {
  ScratchDir dir("compare");
  const std::string db = dir.file("golden.db");
  BuildGoldenDb(db);
  StoreReader results(db);
  const ResultSet set = ReadResultSet(results, {});

  const CompareSide b32 = ResolveSide(set, "lenet5 batch_size=32");
  CHECK(b32.run_ids == std::vector<int64_t>{1, 2, 3});
  CHECK(b32.summary->n == 3);
  const CompareSide run1 = ResolveSide(set, "run 1");
  CHECK(run1.run_ids == std::vector<int64_t>{1});
  CHECK(ResolveSide(set, "1").run_ids == run1.run_ids);
  CHECK(ResolveSide(set, set.runs[0].run_key).run_ids == run1.run_ids);
  CHECK(ResolveSide(set, "tiny-mlp").run_ids.size() == 1);  // a model with one variant
  CHECK_THROWS_AS(ResolveSide(set, "lenet5"), Error);       // two variants: ambiguous
  CHECK_THROWS_AS(ResolveSide(set, "vgg"), Error);
  CHECK_THROWS_AS(ResolveSide(set, "5"), Error);            // run 5 failed
}

TEST_CASE("compare: Welch difference, P(A > B) with its bootstrap interval, too few seeds",
          "[compare][reports]") {
  ScratchDir dir("compare-stats");
  const std::string db = dir.file("golden.db");
  BuildGoldenDb(db);
  StoreReader results(db);
  const CompareData d = LoadComparison(results, "lenet5 batch_size=32", "mlp|<b>&\"q\"", {});
  REQUIRE(d.welch);
  // The golden database's final test accuracies (tests/golden_db.h: skill + 3 x 0.013):
  // lenet5 b32 {0.940, 0.936, 0.952}, the mlp {0.739, 0.772, 0.749}. Reference: scipy 1.16
  // stats.ttest_ind(a, b, equal_var=False): difference 0.18933..., t = 17.3887, df = 2.9149,
  // p = 0.0004898768613990776, 95% interval [0.15410260212435767, 0.22456406454230904].
  CHECK(d.welch->difference == Approx(0.18933333333333335).epsilon(1e-12));
  CHECK(d.welch->p_two_sided == Approx(0.0004898768613990776).epsilon(1e-6));
  CHECK(d.welch->ci.low == Approx(0.15410260212435767).epsilon(1e-6));
  CHECK(d.welch->ci.high == Approx(0.22456406454230904).epsilon(1e-6));
  CHECK(d.welch->ci.low > 0);  // lenet5 is far above the mlp
  CHECK(d.welch->p_two_sided < 0.01);
  REQUIRE(d.improvement);
  CHECK(d.improvement->probability == 1.0);  // every lenet5 seed beats every mlp seed
  CHECK(d.improvement->ci.low == 1.0);
  CHECK(d.mcnemar.empty());
  const std::string md = RenderCompareMarkdown(d);
  // Markdown cells escape ">" (it renders as P(A > B)).
  CHECK_THAT(md, Catch::Contains("P(A &gt; B)") && Catch::Contains("1.00 [1.00, 1.00] over 9 seed pairs"));
  CHECK_THAT(RenderCompareJson(d), Catch::Contains("\"p_two_sided\""));
  CHECK_THAT(RenderCompareCsv(d), Catch::StartsWith("statistic,value,ci_low,ci_high,p,n_a,n_b\r\n"));

  // Seeds planning, from the same samples (sds 0.00833 and 0.01692) with scipy 1.17's noncentral
  // t (stats.nct) under Welch's df: 2 seeds a side separate the 18.9 points observed; one point
  // needs 30 a side (and has power 0.1007 with 3 and 3), half a point 113.
  REQUIRE(d.seeds);
  CHECK(d.seeds->needed_for_observed == 2);
  CHECK(d.seeds->needed_for_min_effect == 30);
  CHECK_THAT(d.seeds->power_at_min_effect, Catch::Matchers::WithinAbs(0.10073519701935488, 1e-9));
  CHECK(LoadComparison(results, "lenet5 batch_size=32", "mlp|<b>&\"q\"", {}, 0.005)
            .seeds->needed_for_min_effect == 113);
  CHECK_THAT(md, Catch::Contains("seeds for 1.00 pp (--min-effect)") &&
                     Catch::Contains("~30 per side"));
  CHECK_THAT(RenderCompareCsv(d), Catch::Contains("seeds_needed_min_effect,30,"));
  CHECK(CompareVerdict(d) == "differ");
  // The golden Kannada pair: equal means over two seeds 1.2 points apart, 11% power for a point
  // (scipy 1.17 nct: 0.1122); with a stated effect of 50 points, full power: equal.
  const CompareData tie = LoadComparison(results, "tiny-cnn lr=0.001", "tiny-cnn lr=0.003", {});
  CHECK(CompareVerdict(tie) == "undecided");
  CHECK_FALSE(tie.seeds->needed_for_observed);  // no difference to separate
  CHECK(CompareVerdict(LoadComparison(results, "tiny-cnn lr=0.001", "tiny-cnn lr=0.003", {}, 0.5)) ==
        "equal");

  const CompareData one = LoadComparison(results, "lenet5 batch_size=64", "lenet5 batch_size=32", {});
  CHECK_FALSE(one.seeds);
  CHECK(CompareVerdict(one) == "too few seeds");
  CHECK_FALSE(one.welch);
  CHECK_THAT(RenderCompareMarkdown(one), Catch::Contains("too few seeds"));
  // The bootstrap is seeded: the same interval every time.
  const CompareData again = LoadComparison(results, "lenet5 batch_size=32", "mlp|<b>&\"q\"", {});
  CHECK(again.improvement->ci.low == d.improvement->ci.low);
}

TEST_CASE("compare on the command line: md by default, exit 2 on an unknown name", "[compare][cli]") {
  ScratchDir dir("compare-cli");
  const std::string db = dir.file("golden.db");
  BuildGoldenDb(db);
  const CliResult ok = RunCli("compare 'tiny-cnn lr=0.001' 'tiny-cnn lr=0.003' --db '" + db + "'");
  INFO(ok.err);
  CHECK(ok.exit_code == 0);
  CHECK_THAT(ok.out, Catch::Contains("# mnistbench compare") && Catch::Contains("Welch"));
  // The JSON names the seeds needed per side, for the observed difference and --min-effect.
  const CliResult json = RunCli("compare 'lenet5 batch_size=32' 'mlp|<b>&\"q\"' --format json "
                                "--min-effect 0.5 --db '" + db + "'");
  INFO(json.err);
  REQUIRE(json.exit_code == 0);
  const nlohmann::json seeds = nlohmann::json::parse(json.out).at("seeds");
  CHECK(seeds.at("needed_per_side_for_observed") == 2);
  CHECK(seeds.at("needed_per_side_for_min_effect") == 113);
  CHECK(seeds.at("min_effect") == 0.005);
  const CliResult zero = RunCli("compare 1 2 --min-effect 0 --db '" + db + "'");
  CHECK(zero.exit_code == 2);
  CHECK_THAT(zero.err, Catch::Contains("--min-effect"));
  const CliResult bad = RunCli("compare nothing 1 --db '" + db + "'");
  CHECK(bad.exit_code == 2);
  CHECK_THAT(bad.err, Catch::StartsWith("mnistbench: compare: 'nothing' names no run or variant"));
}
