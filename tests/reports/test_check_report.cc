// The gate's renderers on hand-made rows: the terminal table, JUnit XML and Markdown, with a
// variant whose name holds every special those formats have.
#include <catch2/catch.hpp>

#include <algorithm>
#include <string>
#include <vector>

#include "reports/tables/check_report.h"

using namespace mnb;

namespace {

using V = CheckRow::Verdict;

const std::string kHostile = "cnn|wide <v2> & 'co'";

std::vector<CheckRow> Rows() {
  return {
      {"lenet5", "completed", "2", "2", "", V::kPass, ""},
      {kHostile, "min_test_accuracy", ">= 99.00%", "97.50% (mean of 2)", "-1.50pp", V::kFail,
       "test accuracy 97.50% is below the expected 99.00%"},
      {"mlp", "baseline", "-", "91.00%", "", V::kNew, "not in the baseline yet"},
  };
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
