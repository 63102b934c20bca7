// Golden files for every renderer: the golden database (tests/golden_db.h) rendered to Markdown,
// HTML and CSV by the report library, and a small `check` rendered as its table, JUnit XML and
// Markdown, each compared byte for byte with the file committed under tests/golden/. The
// generation time and the database path, which differ on every run, are masked.
//
// A deliberate change to a report: regenerate with
//   MNISTBENCH_UPDATE_GOLDEN=1 build/mnistbench_tests "[golden]"
// and commit the new files with the change, so review shows what a user will see differently.
// Under CI that variable fails the test; a committed golden that no renderer emits fails too.
#include <catch2/catch.hpp>

#include <algorithm>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>

#include "harness/check/check.h"
#include "harness/config/experiment.h"
#include "harness/serve/routes.h"
#include "harness/store/reader.h"
#include "reports/tables/check_report.h"
#include "reports/tables/compare.h"
#include "reports/render/csv_report.h"
#include "reports/render/html.h"
#include "reports/render/markdown.h"
#include "reports/data/report_data.h"
#include "reports/tables/seeds_plan.h"
#include "tests/golden_db.h"
#include "tests/golden_race_db.h"
#include "tests/scratch_dir.h"
#include "tests/skip.h"

using namespace mnb;
using namespace mnb::testing;

namespace {

// Rewriting is a developer's deliberate act: under CI the variable fails the test instead.
bool UpdatingGolden() {
  const char* env = std::getenv("MNISTBENCH_UPDATE_GOLDEN");
  const bool updating = env != nullptr && std::string(env) == "1";
  if (updating && UnderCi()) FAIL("MNISTBENCH_UPDATE_GOLDEN=1 under CI: goldens are never rewritten");
  return updating;
}

// The golden files compared so far, by name relative to tests/golden/.
std::set<std::string>& Compared() {
  static std::set<std::string> compared;
  return compared;
}

std::filesystem::path GoldenDir() {
  return std::filesystem::path(MNISTBENCH_SOURCE_DIR) / "tests" / "golden";
}

// Every committed golden file under `folder` must have been compared by this test case: a file the
// renderer no longer emits is stale and fails, rather than going unnoticed.
void CheckNoStaleGolden(const std::string& folder) {
  for (const auto& entry : std::filesystem::directory_iterator(GoldenDir() / folder)) {
    const std::string name = folder + "/" + entry.path().filename().string();
    INFO(name << " is committed but was not emitted by the renderers (stale golden: delete it)");
    CHECK(Compared().count(name) == 1);
  }
}

std::string ReadBytes(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

// The first line where two texts differ, numbered from 1, with both versions.
std::string FirstDifference(const std::string& expected, const std::string& actual) {
  std::istringstream a(expected), b(actual);
  std::string x, y;
  for (int line = 1;; ++line) {
    const bool more_a = static_cast<bool>(std::getline(a, x));
    const bool more_b = static_cast<bool>(std::getline(b, y));
    if (!more_a && !more_b) return "the texts differ only in their line ends";
    if (!more_a || !more_b || x != y) {
      return "line " + std::to_string(line) + "\n  golden: " + (more_a ? x : "<end>") +
             "\n  actual: " + (more_b ? y : "<end>");
    }
  }
}

void CompareWithGolden(const std::string& name, const std::string& actual) {
  Compared().insert(name);
  const std::filesystem::path path = GoldenDir() / name;
  if (UpdatingGolden()) {
    std::filesystem::create_directories(path.parent_path());
    std::ofstream(path, std::ios::binary) << actual;
    WARN("rewrote " << path.string());
    return;
  }
  INFO(path.string() << " (regenerate with MNISTBENCH_UPDATE_GOLDEN=1 after a deliberate change)");
  REQUIRE(std::filesystem::exists(path));
  const std::string expected = ReadBytes(path);
  INFO(FirstDifference(expected, actual));
  const bool identical = expected == actual;  // not CHECK(a == b): that would print both files
  CHECK(identical);
}

ReportData LoadMasked(const std::string& db_path, const ReportOptions& options) {
  StoreReader results(db_path);
  ReportData data = LoadReport(results, options);
  data.db_path = "golden.db";
  data.generated_at = "<generated>";
  return data;
}

}  // namespace

TEST_CASE("report renderers reproduce the golden files byte for byte", "[golden][reports]") {
  ScratchDir dir("golden-report");
  const std::string db = dir.file("golden.db");
  BuildGoldenDb(db);

  const ReportOptions all;
  const ReportData data = LoadMasked(db, all);
  CompareWithGolden("report/report.md", RenderMarkdown(data, all));
  CompareWithGolden("report/report.html", RenderHtml(data, all));
  for (const CsvFile& file : RenderCsv(data)) CompareWithGolden("report/" + file.name, file.text);
  CompareWithGolden("report/fidelity.md", RenderFidelityMarkdown(data));
  CompareWithGolden("report/fidelity.html", RenderFidelityHtml(data));

  // One experiment, a model name as --baseline, one learning curve, one unfinished run listed.
  ReportOptions narrow;
  narrow.experiments = {ParseExperiment(kGoldenToml, "golden.toml").name};
  narrow.baseline = "lenet5";
  narrow.top_runs = 1;
  narrow.max_listed_unfinished = 1;
  const ReportData selected = LoadMasked(db, narrow);
  CompareWithGolden("report/report_baseline.md", RenderMarkdown(selected, narrow));
  for (const CsvFile& file : RenderCsv(selected)) {
    if (file.name == "comparison.csv") {
      CompareWithGolden("report/comparison_baseline.csv", file.text);
    }
  }
  CheckNoStaleGolden("report");
}

TEST_CASE("the race section reproduces the golden files byte for byte", "[golden][race]") {
  ScratchDir dir("golden-race");
  const std::string db = dir.file("race.db");
  BuildGoldenRaceDb(db);

  ReportOptions race;
  race.experiments = {kGoldenRaceRunning, kGoldenRaceDecided};
  const ReportData data = LoadMasked(db, race);
  CompareWithGolden("race/report.md", RenderMarkdown(data, race));
  CompareWithGolden("race/report.html", RenderHtml(data, race));
  std::vector<std::string> names;
  for (const CsvFile& file : RenderCsv(data)) {
    names.push_back(file.name);
    if (file.name == "race.csv") CompareWithGolden("race/race.csv", file.text);
  }
  CHECK(names.back() == "race.csv");
  CheckNoStaleGolden("race");

  // An experiment without race rounds reports exactly as from a store that never raced: no
  // race section, no race.csv.
  const std::string plain_db = dir.file("plain.db");
  BuildGoldenDb(plain_db);
  ReportOptions sweep;
  sweep.experiments = {kGoldenSweep};
  const ReportData with = LoadMasked(db, sweep), without = LoadMasked(plain_db, sweep);
  CHECK(with.race.empty());
  CHECK(RenderMarkdown(with, sweep) == RenderMarkdown(without, sweep));
  CHECK(RenderHtml(with, sweep) == RenderHtml(without, sweep));
  const std::vector<CsvFile> csv_with = RenderCsv(with), csv_without = RenderCsv(without);
  REQUIRE(csv_with.size() == csv_without.size());
  for (size_t i = 0; i < csv_with.size(); ++i) {
    INFO(csv_with[i].name);
    CHECK(csv_with[i].name == csv_without[i].name);
    CHECK(csv_with[i].text == csv_without[i].text);
  }
}

TEST_CASE("serve's experiment page shows a race's section, and only a race's", "[reports][race]") {
  ScratchDir dir("serve-race");
  ServeSettings settings;
  settings.db_path = dir.file("race.db");
  BuildGoldenRaceDb(settings.db_path);
  // Experiments 5 and 6 race (tests/golden_race_db.h); 4 is the plain sweep.
  const Reply raced = Respond(settings, "/experiments/5", {});
  REQUIRE(raced.status == 200);
  CHECK_THAT(raced.html, Catch::Contains("<h2>Race: race: lr &lt;grid&gt;"));
  CHECK_THAT(raced.html, Catch::Contains("below the best (p=0.003, Holm, one-sided)"));
  const Reply decided = Respond(settings, "/experiments/6", {});
  CHECK_THAT(decided.html, Catch::Contains("best: the race is decided"));
  const Reply plain = Respond(settings, "/experiments/4", {});
  REQUIRE(plain.status == 200);
  CHECK_THAT(plain.html, !Catch::Contains("<h2>Race"));
}

TEST_CASE("check renderers reproduce the golden files byte for byte", "[golden][check]") {
  ScratchDir dir("golden-check");
  const std::string db = dir.file("golden.db");
  BuildGoldenDb(db);
  const Experiment experiment = ParseExperiment(kGoldenToml, "golden.toml");
  const Plan plan = ExpandPlan(experiment);

  std::vector<VariantResult> results;
  {
    StoreReader reader(db);
    results = CollectResults(reader, experiment, plan);
  }
  // The baseline is the database's own results, edited so every kind of row shows: lenet5 at
  // batch 64 and the mlp are missing (the mlp is new; lenet5 b64 falls back to the one lenet5
  // entry left), and lenet5 at batch 32 is known under another key (matched by its model).
  const Baseline from_db = LoadBaseline(db, experiment.name);
  REQUIRE(from_db.size() == 3);
  Baseline baseline;
  for (const PlannedRun& run : plan.runs) {
    if (run.spec.model == "lenet5" && run.spec.batch_size == 32) {
      baseline["renamed"] = from_db.at(VariantKey(run.spec));
    }
  }
  REQUIRE(baseline.size() == 1);
  const auto rows = Evaluate(experiment, results, baseline, ParseTolerance("0.5pp"));
  CompareWithGolden("check/table.txt", CheckTable(rows));
  CompareWithGolden("check/junit.xml", CheckJUnitXml(experiment.name, rows));
  CompareWithGolden("check/summary.md", CheckMarkdown(experiment.name, rows));
  // The baseline CSV `mnistbench baseline` writes for these results.
  const std::string csv = dir.file("baseline.csv");
  WriteBaselineCsv(csv, BaselineFromResults(results));
  CompareWithGolden("check/baseline.csv", ReadBytes(csv));
  CheckNoStaleGolden("check");
}

TEST_CASE("compare and seeds renderers reproduce the golden files byte for byte",
          "[golden][compare]") {
  ScratchDir dir("golden-compare");
  const std::string db = dir.file("golden.db");
  BuildGoldenDb(db);
  StoreReader results(db);
  CompareData data = LoadComparison(results, "lenet5 batch_size=32", "mlp|<b>&\"q\"", {});
  data.db_path = "golden.db";
  CompareWithGolden("compare/compare.md", RenderCompareMarkdown(data));
  CompareWithGolden("compare/compare.csv", RenderCompareCsv(data));
  CompareWithGolden("compare/compare.json", RenderCompareJson(data));
  CompareWithGolden("compare/seeds.md",
                    RenderSeedsPlan(LoadSeedsPlan(results, "lenet5 batch_size=32", {}, 0.01)));
  CheckNoStaleGolden("compare");
}

TEST_CASE("the budget curve starts at the runs' mean and ends below their best", "[reports]") {
  ScratchDir dir("golden-budget");
  const std::string db = dir.file("golden.db");
  BuildGoldenDb(db);
  const ReportData data = LoadMasked(db, ReportOptions{});
  REQUIRE(data.budgets.size() == 3);  // the empty experiment has none
  for (const BudgetCurve& curve : data.budgets) {
    INFO(curve.experiment);
    std::vector<double> values;
    for (const RunSummaryRow& r : data.runs) {
      if (r.experiment != curve.experiment || !r.completed()) continue;
      values.push_back(curve.metric == "validation" ? *r.best_val_accuracy : *r.best_test_accuracy);
    }
    REQUIRE(curve.expected.size() == values.size());
    double sum = 0;
    for (double v : values) sum += v;
    CHECK(curve.expected.front() == Approx(sum / static_cast<double>(values.size())));
    CHECK(curve.expected.back() <= *std::max_element(values.begin(), values.end()));
    CHECK(std::is_sorted(curve.expected.begin(), curve.expected.end()));
  }
  CHECK(data.budgets[0].metric == "validation");
  CHECK(data.budgets[1].metric == "test");  // the kannada experiment has no validation split
  CHECK(data.budgets[2].metric == "validation");
}
