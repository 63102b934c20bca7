// `mnistbench check` and `mnistbench baseline` as CI uses them: real training on MNIST subsets,
// real databases, the exit code and the JUnit/Markdown files a CI system reads.
#include <catch2/catch.hpp>

#include <fmt/format.h>

#include <fstream>
#include <regex>
#include <string>

#include "harness/base/error.h"
#include "harness/check/check.h"
#include "harness/config/experiment.h"
#include "tests/cli_runner.h"
#include "tests/test_support.h"

using namespace mnb;
using namespace mnb::testing;

namespace {

// Two seeds of lenet5 on 3,000 MNIST images for one epoch: a few seconds, about 90% test.
// `{lr}` and `{expect}` vary per test; everything else keeps the run keys equal.
std::string TinyGate(const std::string& lr, const std::string& expect,
                     const std::string& seeds = "[1, 2]") {
  return fmt::format(R"toml(name = "gate"
[dataset]
name = "mnist"
val_size = 300
limit_train = 3000
limit_test = 1000
[grid]
lr = {}
batch_size = 64
epochs = 1
seed = {}
[[model]]
name = "lenet5"
expect = {}
)toml",
                     lr, seeds, expect);
}

std::string Write(const ScratchDir& dir, const std::string& name, const std::string& text) {
  const std::string path = dir.file(name);
  std::ofstream(path) << text;
  return path;
}

std::string Check(const std::string& file, const std::string& db, const std::string& extra = "") {
  return fmt::format("check '{}' --db '{}' --threads 2 --data-dir '{}' {}", file, db, DataDir(),
                     extra);
}

int CountOf(const std::string& text, const std::string& what) {
  int n = 0;
  for (size_t at = text.find(what); at != std::string::npos; at = text.find(what, at + 1)) ++n;
  return n;
}

}  // namespace

TEST_CASE("check passes a real run that meets its expectation and fails an impossible one",
          "[check][torch]") {
  ScratchDir dir("check");
  const std::string db = dir.file("gate.db"), junit = dir.file("junit.xml");
  const std::string ok = Write(dir, "ok.toml", TinyGate("1e-3", "{ min_test_accuracy = 50.0 }"));
  const CliResult pass = RunCli(Check(ok, db, "--run --junit '" + junit + "'"));
  INFO(pass.out << pass.err);
  REQUIRE(pass.exit_code == 0);
  CHECK(pass.out.find("PASS: 2 of 2 checks passed") != std::string::npos);
  const std::string passed_xml = ReadAll(junit);
  CHECK(passed_xml.find("failures=\"0\"") != std::string::npos);
  CHECK(CountOf(passed_xml, "<testcase ") == 2);  // completed + min_test_accuracy
  CHECK(CountOf(passed_xml, "<failure") == 0);

  // Same runs (the expectation is not part of a run key): nothing retrains, the gate now fails.
  const std::string hard =
      Write(dir, "hard.toml", TinyGate("1e-3", "{ min_test_accuracy = 99.99 }"));
  const std::string md = dir.file("summary.md");
  const CliResult fail =
      RunCli(Check(hard, db, "--run --junit '" + junit + "' --markdown '" + md + "'"));
  INFO(fail.out << fail.err);
  CHECK(fail.exit_code == 1);
  CHECK(fail.out.find("FAIL: 1 of 2 checks passed") != std::string::npos);
  CHECK(fail.err.find("trained") == std::string::npos);
  const std::string failed_xml = ReadAll(junit);
  CHECK(failed_xml.find("failures=\"1\"") != std::string::npos);
  CHECK(CountOf(failed_xml, "<failure") == 1);
  // The failure carries the numbers: expected threshold and what was measured.
  CHECK(std::regex_search(failed_xml,
                          std::regex("<failure message=\"test accuracy [0-9.]+% is below the "
                                     "expected 99.99%\">expected &gt;= 99.99%, got [0-9.]+%")));
  const std::string summary = ReadAll(md);
  CHECK(summary.find("1 check(s) failed") != std::string::npos);
  CHECK(summary.find("| lenet5 | min_test_accuracy |") != std::string::npos);
  CHECK(summary.find("**FAIL**") != std::string::npos);
}

TEST_CASE("a baseline flags a model trained with lr 1e-6 and passes the normal one",
          "[check][torch]") {
  ScratchDir dir("baseline");
  const std::string normal = Write(dir, "normal.toml", TinyGate("1e-3", "{}"));
  const std::string db = dir.file("normal.db"), base_csv = dir.file("base.csv");
  REQUIRE(RunCli(Check(normal, db, "--run")).exit_code == 0);

  const CliResult frozen = RunCli(fmt::format("baseline '{}' --db '{}' -o '{}'", normal, db, base_csv));
  INFO(frozen.out << frozen.err);
  REQUIRE(frozen.exit_code == 0);
  CHECK(ReadAll(base_csv).rfind("variant_key,model_key,label,runs,", 0) == 0);

  // The normal results against themselves, as a CSV and straight from the DB, in pp and in sd.
  for (const std::string& flags :
       {"--baseline '" + base_csv + "'", "--baseline '" + db + "'",
        "--baseline '" + base_csv + "' --tolerance 2sd"}) {
    const CliResult same = RunCli(Check(normal, db, flags));
    INFO(flags << "\n" << same.out << same.err);
    CHECK(same.exit_code == 0);
    CHECK(same.out.find("+0.00pp") != std::string::npos);
  }

  // lr 1e-6 barely moves the weights: a different configuration of the same model, compared
  // with the baseline's lenet5 all the same, and failed.
  const std::string weak = Write(dir, "weak.toml", TinyGate("1e-6", "{}"));
  const CliResult flagged =
      RunCli(Check(weak, dir.file("weak.db"), "--run --baseline '" + base_csv + "'"));
  INFO(flagged.out << flagged.err);
  CHECK(flagged.exit_code == 1);
  CHECK(flagged.out.find("regressed from the baseline") != std::string::npos);
  CHECK(flagged.out.find("[baseline: lenet5]") != std::string::npos);
}

TEST_CASE("a missing or unfinished run fails the gate and is never a pass", "[check][torch]") {
  ScratchDir dir("missing");
  const std::string db = dir.file("gate.db");
  const std::string one = Write(dir, "one.toml", TinyGate("1e-3", "{}", "[1]"));
  REQUIRE(RunCli(Check(one, db, "--run")).exit_code == 0);
  // Seed 2 was never run: no threshold at all, and still a failure.
  const std::string two = Write(dir, "two.toml", TinyGate("1e-3", "{}", "[1, 2]"));
  const CliResult r = RunCli(Check(two, db));
  INFO(r.out << r.err);
  CHECK(r.exit_code == 1);
  CHECK(r.out.find("seed 2: not in the database") != std::string::npos);

  // A database that does not exist is a wrong path: bad input, named.
  const CliResult absent = RunCli(Check(two, dir.file("nope.db")));
  CHECK(absent.exit_code == 2);
  CHECK(absent.err.find("nope.db: no such database") != std::string::npos);
}

TEST_CASE("malformed expectations and check flags are exit 2 with the file and line", "[check]") {
  ScratchDir dir("malformed");
  const std::string db = dir.file("never.db");
  struct Case {
    std::string expect, message;
  };
  for (const Case& c : {Case{"{ min_test_accuracy = \"high\" }",
                             "min_test_accuracy = \"high\" (expected a percentage in (0, 100] "
                             "or \"published\")"},
                        Case{"{ min_test_accuracy = 150.0 }", "expected a percentage in (0, 100]"},
                        Case{"{ min_accuracy = 90.0 }", "unknown key 'min_accuracy'"},
                        Case{"{ max_test_loss = -1.0 }", "expected a number > 0"}}) {
    const std::string file = Write(dir, "bad.toml", TinyGate("1e-3", c.expect));
    const CliResult r = RunCli(Check(file, db, "--run"));
    INFO(c.expect << " -> " << r.err);
    CHECK(r.exit_code == 2);
    CHECK(r.err.rfind(file + ":14:", 0) == 0);  // the expect line of TinyGate
    CHECK(r.err.find(c.message) != std::string::npos);
    CHECK(CountOf(r.err, "\n") == 1);
    CHECK_FALSE(std::filesystem::exists(db));  // nothing trained, nothing created
  }
  const std::string good = Write(dir, "good.toml", TinyGate("1e-3", "{}"));
  const CliResult tolerance = RunCli(Check(good, db, "--tolerance 3xx"));
  CHECK(tolerance.exit_code == 2);
  CHECK(tolerance.err.find("--tolerance '3xx': expected percentage points") != std::string::npos);
  const std::string bad_csv = Write(dir, "bad.csv",
                                    "variant_key,model_key,label,runs,mean_test_accuracy,"
                                    "std_test_accuracy,mean_test_loss,mean_seconds_per_epoch\n"
                                    "abc,def,lenet5,two,0.9,0,0.3,1\n");
  const CliResult csv = RunCli(Check(good, db, "--run --baseline '" + bad_csv + "'"));
  CHECK(csv.exit_code == 2);
  CHECK(csv.err.find(bad_csv + ":2: runs = 'two' (expected a whole number >= 1)") !=
        std::string::npos);
  CHECK_FALSE(std::filesystem::exists(db));
}

TEST_CASE("tolerances in points and in baseline standard deviations", "[check]") {
  CHECK(ParseTolerance("0.5pp").kind == Tolerance::Kind::kPoints);
  CHECK(ParseTolerance("0.5pp").value == 0.5);
  CHECK(ParseTolerance("1").value == 1.0);
  CHECK(ParseTolerance("2sd").kind == Tolerance::Kind::kStdDevs);
  for (const char* bad : {"", "pp", "-1pp", "inf", "2 sd", "nan"}) {
    INFO(bad);
    CHECK_THROWS_AS(ParseTolerance(bad), Error);
  }

  Experiment experiment;
  experiment.models.resize(1);
  experiment.models[0].name = "m";
  VariantResult r;
  r.key = "k";
  r.label = "m";
  r.planned = r.completed = 2;
  r.test_accuracy = {0.95, 0.96};  // mean 95.5%
  r.test_loss = {0.2, 0.2};
  r.seconds_per_epoch = {1, 1};
  Baseline base;
  base["k"] = {"m", "", 3, 0.97, 0.01, 0.1, 1};  // 97% +- 1pp over 3 seeds
  auto verdict = [&](const std::string& tolerance) {
    return Evaluate(experiment, {r}, base, ParseTolerance(tolerance)).back().verdict;
  };
  CHECK(verdict("1pp") == CheckRow::Verdict::kFail);  // 95.5 < 97 - 1
  CHECK(verdict("2pp") == CheckRow::Verdict::kPass);  // 95.5 >= 97 - 2
  CHECK(verdict("1sd") == CheckRow::Verdict::kFail);  // 97 - 1 x 1pp
  CHECK(verdict("2sd") == CheckRow::Verdict::kPass);  // 97 - 2 x 1pp
  base.clear();
  base["other"] = {"n", "another model", 3, 0.99, 0.0, 0.1, 1};
  CHECK(verdict("0pp") == CheckRow::Verdict::kNew);  // unknown to the baseline: new, not failed
}

TEST_CASE("min_test_accuracy = \"published\" gates on the mean and says when it is noise",
          "[check]") {
  const Experiment experiment = ParseExperiment(
      "[dataset]\nname = \"mnist\"\n[[model]]\nname = \"cnn5-seed003\"\nrecipe = \"published\"\n"
      "expect = { min_test_accuracy = \"published\" }\n",
      "exp.toml");
  VariantResult r;
  r.key = "k";
  r.label = "cnn5-seed003";
  r.planned = r.completed = 3;
  r.test_loss = {0.01, 0.01, 0.01};
  r.seconds_per_epoch = {1, 1, 1};
  auto accuracy_row = [&] {
    for (const CheckRow& row : Evaluate(experiment, {r}, std::nullopt, Tolerance{})) {
      if (row.check == "min_test_accuracy") return row;
    }
    FAIL("no min_test_accuracy row");
    return CheckRow{};
  };
  // The seeds sweep's three seeds: mean 96.41% < 97.31%, but 97.31 lies in [95.23, 97.59].
  r.test_accuracy = {0.9671, 0.9586, 0.9666};
  CheckRow row = accuracy_row();
  CHECK(row.verdict == CheckRow::Verdict::kFail);
  CHECK(row.expected == ">= 97.31% (published)");
  CHECK_THAT(row.detail, Catch::Contains("within noise"));
  // Tight seeds well below: a plain failure.
  r.test_accuracy = {0.951, 0.950, 0.952};
  row = accuracy_row();
  CHECK(row.verdict == CheckRow::Verdict::kFail);
  CHECK_THAT(row.detail, !Catch::Contains("within noise"));
  // At or above the figure passes.
  r.test_accuracy = {0.9735, 0.9731, 0.9740};
  CHECK(accuracy_row().verdict == CheckRow::Verdict::kPass);
}

TEST_CASE("check --significance: a one-sided Welch gate against the baseline, tolerance below 2 seeds",
          "[check]") {
  Experiment experiment;
  experiment.models.resize(1);
  experiment.models[0].name = "m";
  VariantResult r;
  r.key = "k";
  r.label = "m";
  r.planned = r.completed = 5;
  r.test_loss.assign(5, 0.1);
  r.seconds_per_epoch.assign(5, 1);
  Baseline base;
  base["k"] = {"m", "", 5, 0.9800, 0.0020, 0.1, 1};  // 98.00% +- 0.20pp over 5 seeds
  Tolerance gate = ParseTolerance("0.5pp");
  SetSignificance(0.05, "0.2pp", &gate);
  auto row = [&](const Tolerance& t) { return Evaluate(experiment, {r}, base, t).back(); };

  // 0.3 pp below with a spread like the baseline's: not more than 0.2 pp below, provably.
  r.test_accuracy = {0.9770, 0.9765, 0.9775, 0.9772, 0.9768};
  // excess over the allowed -0.2 pp is -0.1 pp with se ~0.09 pp: p ~0.17, a pass, where a
  // 0.25pp tolerance would fail it.
  const CheckRow small = row(gate);
  CHECK(small.verdict == CheckRow::Verdict::kPass);
  CHECK_THAT(small.expected, Catch::Contains("Welch"));
  CHECK_THAT(small.delta, Catch::Contains("-0.30pp [") && Catch::Contains("p="));
  CHECK(row(ParseTolerance("0.25pp")).verdict == CheckRow::Verdict::kFail);
  // 1 pp below: fails the gate, and the detail names p and the interval.
  r.test_accuracy = {0.9700, 0.9695, 0.9705, 0.9702, 0.9698};
  CheckRow fail = row(gate);
  CHECK(fail.verdict == CheckRow::Verdict::kFail);
  CHECK_THAT(fail.detail, Catch::Contains("one-sided Welch p=") && Catch::Contains("interval"));
  // Equal to the baseline: passes, where a strict 0pp tolerance would too.
  r.test_accuracy = {0.9800, 0.9780, 0.9820, 0.9790, 0.9810};
  CHECK(row(gate).verdict == CheckRow::Verdict::kPass);
  // Noise that a 0.1pp tolerance fails, the gate passes: mean 0.15 pp below, min effect 0.2 pp.
  r.test_accuracy = {0.9805, 0.9765, 0.9800, 0.9770, 0.9785};
  Tolerance tight = ParseTolerance("0.1pp");
  CHECK(row(tight).verdict == CheckRow::Verdict::kFail);
  Tolerance tight_gate = tight;
  SetSignificance(0.05, "0.2pp", &tight_gate);
  CHECK(row(tight_gate).verdict == CheckRow::Verdict::kPass);
  // One seed: the gate cannot decide; the tolerance does, and the row says why.
  r.planned = r.completed = 1;
  r.test_accuracy = {0.9700};
  r.test_loss = {0.1};
  r.seconds_per_epoch = {1};
  const CheckRow one = row(gate);
  CHECK(one.verdict == CheckRow::Verdict::kFail);
  CHECK_THAT(one.expected, Catch::Contains("too few seeds for the Welch gate: n=1 vs 5"));

  Tolerance bad;
  CHECK_THROWS_AS(SetSignificance(0.5, "0.2pp", &bad), Error);
  CHECK_THROWS_AS(SetSignificance(0.05, "2sd", &bad), Error);
  CHECK_THROWS_AS(SetSignificance(0.05, "-1pp", &bad), Error);
}
