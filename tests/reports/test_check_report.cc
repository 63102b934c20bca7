// The gate's renderers on hand-made rows: the terminal table, JUnit XML and Markdown, with a
// variant whose name holds every special those formats have; and, on a real store, the
// leaderboard's vs-best mark beside the gate, worded as the report's leaderboard words it.
#include <catch2/catch.hpp>

#include <algorithm>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include "harness/base/text_escape.h"
#include "harness/check/check.h"
#include "harness/store/reader.h"
#include "reports/data/report_data.h"
#include "reports/tables/check_report.h"
#include "reports/tables/tables.h"
#include "tests/golden_db.h"
#include "tests/scratch_dir.h"

using namespace mnb;
using namespace mnb::testing;

namespace {

using V = CheckRow::Verdict;

const std::string kHostile = "cnn|wide <v2> & 'co'";

std::vector<CheckRow> Rows() {
  return {
      {"lenet5", "completed", "2", "2", "", V::kPass, "", std::nullopt},
      {kHostile, "min_test_accuracy", ">= 99.00%", "97.50% (mean of 2)", "-1.50pp", V::kFail,
       "test accuracy 97.50% is below the expected 99.00%", std::nullopt},
      {"mlp", "baseline", "-", "91.00%", "", V::kNew, "not in the baseline yet", std::nullopt},
  };
}

// Five lenet5 variants (lr 0.001..0.005) of four seeds, flat curves, whose final test accuracies
// give every vs-best mark: best, ≈ best (close, tight seeds), undecided (two wide seeds: the rest
// failed), below, too few seeds (one seed). Runs are claimed in plan order.
const char* kVsBestToml = R"toml(name = "vs best"
[dataset]
name = "mnist"
val_size = 100
limit_train = 500
limit_test = 200
[grid]
epochs = 3
seed = [1, 2, 3, 4]
[[model]]
name = "lenet5"
grid = { lr = [0.001, 0.002, 0.003, 0.004, 0.005] }
)toml";

void BuildVsBestDb(const std::string& path, const Experiment& experiment, const Plan& plan) {
  Store store(path);
  const int64_t id = store.UpsertExperiment(experiment.name, "vs_best.toml", kVsBestToml);
  std::vector<NewRun> rows;
  for (const PlannedRun& run : plan.runs) {
    rows.push_back({run.run_key, run.spec, RunSpecToJson(run.spec), run.params});
  }
  REQUIRE(store.InsertPlan(id, rows) == 20);
  const auto claims = golden::ClaimAll(store, id, 20, 0, {"cpu", 2, "1.13.1", "abc1234", ""});
  const double skill[] = {0.950, 0.952, 0.948, 0.951,  0.9500, 0.9505, 0.9495, 0.9502,
                          0.920, 0.975, 0,     0,      0.800,  0.801,  0.799,  0.802,
                          0.930, 0,     0,     0};
  for (size_t i = 0; i < claims.size(); ++i) {
    if (skill[i] == 0) {
      REQUIRE(store.MarkFailed(claims[i], "out of memory"));
      continue;
    }
    golden::RecordEpochs(store, claims[i], 3, skill[i], 0.0, true, 1.0);
    REQUIRE(store.FinishRun(claims[i], golden::Completed(3, 15)));
  }
}

// The lines of `text` under the line `heading`, from the first non-empty one to the next empty
// one; none without that heading.
std::vector<std::string> LinesUnder(const std::string& text, const std::string& heading) {
  std::istringstream in(text.substr(std::min(text.size(), text.find(heading + "\n"))));
  std::vector<std::string> lines;
  std::string line;
  std::getline(in, line);
  while (std::getline(in, line) && (lines.empty() || !line.empty())) {
    if (!line.empty()) lines.push_back(line);
  }
  return lines;
}

}  // namespace

TEST_CASE("CheckTable aligns the columns and gives each failure its reason", "[reports][check]") {
  const std::string table = CheckTable(Rows());
  CHECK(table.rfind("variant               check              expected   got", 0) == 0);
  CHECK(table.find("\nlenet5                completed          2          2") !=
        std::string::npos);
  CHECK(table.find("FAIL\n    test accuracy 97.50% is below the expected 99.00%\n") !=
        std::string::npos);
  CHECK(table.find("\n    ") == table.rfind("\n    "));  // the NEW row's note is no failure
  CHECK(std::count(table.begin(), table.end(), '\n') == 5);  // header, three rows, one reason
}

TEST_CASE("CheckJUnitXml counts failures and skips and escapes every name", "[reports][check]") {
  const std::string xml = CheckJUnitXml("gate's", Rows());
  CHECK(xml.find("<testsuites name=\"mnistbench check\" tests=\"3\" failures=\"1\" "
                 "skipped=\"1\">") != std::string::npos);
  CHECK(xml.find("<testsuite name=\"gate&apos;s\" tests=\"3\"") != std::string::npos);
  CHECK(xml.find("<testcase classname=\"gate&apos;s.lenet5\" name=\"completed\"/>") !=
        std::string::npos);
  CHECK(xml.find("<testcase classname=\"gate&apos;s.cnn|wide &lt;v2&gt; &amp; &apos;co&apos;\" "
                 "name=\"min_test_accuracy\">\n      <failure message=\"test accuracy 97.50% is "
                 "below the expected 99.00%\">expected &gt;= 99.00%, got 97.50% (mean of 2) "
                 "(-1.50pp)</failure>") != std::string::npos);
  CHECK(xml.find("<skipped message=\"not in the baseline yet\"/>") != std::string::npos);
  CHECK(xml.find(kHostile) == std::string::npos);
}

TEST_CASE("CheckMarkdown escapes as the report does and keeps one table", "[reports][check]") {
  const std::string md = CheckMarkdown("gate_1", Rows());
  CHECK(md.rfind("### mnistbench check: gate\\_1 \xE2\x80\x94 1 check(s) failed\n\n", 0) == 0);
  CHECK(md.find("| variant | check | expected | got | delta | verdict |\n"
                "| --- | --- | --- | --- | --- | --- |\n"
                "| lenet5 | completed | 2 | 2 |  | PASS |\n") != std::string::npos);
  CHECK(md.find("| cnn\\|wide &lt;v2&gt; &amp; 'co' | min_test_accuracy | &gt;= 99.00% | "
                "97.50% (mean of 2) | -1.50pp | **FAIL** |\n") != std::string::npos);
  CHECK(md.find("| mlp | baseline | - | 91.00% |  | NEW |\n") != std::string::npos);
  CHECK(md.find("\n- cnn\\|wide &lt;v2&gt; &amp; 'co' / min\\_test\\_accuracy: test accuracy "
                "97.50% is below the expected 99.00%\n") != std::string::npos);
  CHECK(CheckMarkdown("gate", {Rows()[0]}).find("all checks passed") != std::string::npos);
}

TEST_CASE("check shows each variant's vs-best mark worded as the report's leaderboard",
          "[reports][check]") {
  ScratchDir dir("check-vs-best");
  const std::string db = dir.file("vs_best.db");
  const Experiment experiment = ParseExperiment(kVsBestToml, "vs_best.toml");
  const Plan plan = ExpandPlan(experiment);
  BuildVsBestDb(db, experiment, plan);

  // The leaderboard's "vs best" cell per variant label, as the Markdown and HTML reports show it.
  StoreReader reader(db);
  const ReportData data = LoadReport(reader, ReportOptions{});
  const TextTable board = LeaderboardTable(data, experiment.name);
  const auto column = [&](const std::string& name) {
    return std::find(board.header.begin(), board.header.end(), name) - board.header.begin();
  };
  std::map<std::string, std::string> marks;
  for (const auto& row : board.rows) marks[row[column("variant")]] = row[column("vs best")];
  REQUIRE(marks.size() == 5);
  std::vector<std::string> kinds;
  for (const auto& [label, mark] : marks) kinds.push_back(mark.substr(0, mark.find(" (")));
  std::sort(kinds.begin(), kinds.end());
  REQUIRE(kinds == std::vector<std::string>{"below", "best", "too few seeds", "undecided",
                                            "\xE2\x89\x88 best"});

  const std::vector<VariantResult> results = CollectResults(reader, experiment, plan);
  const std::vector<CheckRow> rows = Evaluate(experiment, results, std::nullopt, Tolerance{});
  const std::string heading = "vs best (the leaderboard's mark against the best variant; "
                              "information, not a check):";
  const std::vector<std::string> table = LinesUnder(CheckTable(rows), heading);
  const std::vector<std::string> md = LinesUnder(CheckMarkdown(experiment.name, rows), heading);
  REQUIRE(table.size() == marks.size());
  REQUIRE(md.size() == marks.size());
  for (const auto& entry : marks) {
    const std::string &label = entry.first, &mark = entry.second;
    INFO(label << ": " << mark);
    const auto in_table = std::find_if(table.begin(), table.end(), [&](const std::string& line) {
      return line.rfind("  " + label + "  ", 0) == 0;
    });
    REQUIRE(in_table != table.end());
    CHECK(in_table->substr(in_table->find_first_not_of(' ', label.size() + 2)) == mark);
    CHECK(std::count(md.begin(), md.end(), "- " + MarkdownText(label) + ": " + MarkdownText(mark)) ==
          1);
  }

  // Information only: the same rows without it pass and fail exactly as before.
  std::vector<VariantResult> plain = results;
  for (VariantResult& r : plain) r.leaderboard.reset();
  const std::vector<CheckRow> gated = Evaluate(experiment, plain, std::nullopt, Tolerance{});
  REQUIRE(gated.size() == rows.size());
  for (size_t i = 0; i < rows.size(); ++i) CHECK(gated[i].verdict == rows[i].verdict);
  CHECK(CheckJUnitXml(experiment.name, gated) == CheckJUnitXml(experiment.name, rows));
  CHECK(CheckTable(gated).find(heading) == std::string::npos);
}
