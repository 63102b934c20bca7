// `compare` as an HTML page (reports/render/compare_html.h) from a hand-made CompareData: the
// two sides, the statistics and McNemar's pairs in the report's frame, every string escaped.
#include <catch2/catch.hpp>

#include <string>

#include "reports/render/compare_html.h"
#include "tests/report_test_support.h"

using namespace mnb;
using namespace mnb::testing;

namespace {

size_t Count(const std::string& text, const std::string& what) {
  size_t n = 0;
  for (size_t at = text.find(what); at != std::string::npos; at = text.find(what, at + 1)) ++n;
  return n;
}

// A: three seeds; B: one. A hostile title and note, a Welch result and a seeds plan.
CompareData Data() {
  CompareData d;
  d.a.title = "<script>alert(\"A\")</script> & co";
  d.a.test_accuracies = {0.96, 0.97, 0.98};
  stats::Summary a;
  a.n = 3;
  a.mean = 0.97;
  a.std_dev = 0.01;
  a.ci = stats::Interval{0.95, 0.99};
  d.a.summary = a;
  d.b.title = "run 12: lenet5, seed 1 (quickstart)";
  d.b.test_accuracies = {0.96};
  stats::Summary b;
  b.n = 1;
  b.mean = 0.96;
  d.b.summary = b;
  stats::WelchResult w;
  w.difference = 0.01;
  w.ci = stats::Interval{-0.01, 0.03};
  w.df = 2.5;
  w.p_two_sided = 0.2;
  d.welch = w;
  SeedsPlan plan;
  plan.min_effect = 0.01;
  plan.power_at_min_effect = 0.3;
  plan.needed_for_observed = 12;
  d.seeds = plan;
  d.mcnemar_note = "no predictions stored for run <7> & run 8";
  return d;
}

}  // namespace

TEST_CASE("compare html: the sides and statistics, escaped, in a well-formed page",
          "[reports][compare]") {
  const std::string page = RenderCompareHtml(Data());
  CheckWellFormed(page);
  CHECK_THAT(page, Catch::StartsWith("<!DOCTYPE html>"));
  CHECK_THAT(page, Catch::Contains("<title>mnistbench compare</title>"));
  CHECK_THAT(page, Catch::EndsWith("</body>\n</html>\n"));
  CHECK(page.find("<script") == std::string::npos);
  CHECK_THAT(page, Catch::Contains("<td>&lt;script&gt;alert(&quot;A&quot;)&lt;/script&gt; &amp; "
                                   "co</td>"));
  CHECK_THAT(page, Catch::Contains("<td>run 12: lenet5, seed 1 (quickstart)</td>"));
  CHECK_THAT(page, Catch::Contains("<td class=\"num\">97.00 \xC2\xB1 1.00 [95.00, 99.00] (n=3)</td>"));
  CHECK_THAT(page, Catch::Contains("<td class=\"num\">96.00 (n=1)</td>"));
  CHECK_THAT(page, Catch::Contains("+1.00 pp [-1.00, +3.00], df 2.5"));
  CHECK_THAT(page, Catch::Contains("<td>p=0.200</td>"));
  CHECK_THAT(page, Catch::Contains("<td class=\"num\">undecided</td>"));
  CHECK_THAT(page, Catch::Contains("<td class=\"num\">~12 per side</td>"));
  CHECK_THAT(page, Catch::Contains("more than 10,000 per side"));  // no count for min_effect
  CHECK(Count(page, "<table>") == 2);
  CHECK_THAT(page, Catch::Contains("<h2>McNemar per seed pair (test set)</h2>\n<p>None: no "
                                   "predictions stored for run &lt;7&gt; &amp; run 8.</p>"));
}

TEST_CASE("compare html: McNemar's pairs as a third table", "[reports][compare]") {
  CompareData d = Data();
  SeedPairTest pair;
  pair.run_a = 3;
  pair.run_b = 12;
  pair.seed_a = 1;
  pair.seed_b = 1;
  pair.result.b = 5;
  pair.result.c = 1;
  pair.result.p = 0.21875;
  d.mcnemar = {pair};
  const std::string page = RenderCompareHtml(d);
  CheckWellFormed(page);
  CHECK(Count(page, "<table>") == 3);
  CHECK(page.find("None:") == std::string::npos);
  CHECK_THAT(page, Catch::Contains("<tr><td>run 3 (seed 1)</td><td>run 12 (seed 1)</td>"
                                   "<td class=\"num\">5</td><td class=\"num\">1</td>"
                                   "<td class=\"num\">0.219</td></tr>"));
}

TEST_CASE("compare html: too few seeds says so, and a missing side shows a dash",
          "[reports][compare]") {
  CompareData d = Data();
  d.welch.reset();
  d.seeds.reset();
  d.b.summary.reset();
  const std::string page = RenderCompareHtml(d);
  CheckWellFormed(page);
  CHECK_THAT(page, Catch::Contains("too few seeds (needs 2 on each side)"));
  CHECK(page.find("undecided") == std::string::npos);
  CHECK(page.find("per side") == std::string::npos);
  CHECK_THAT(page, Catch::Contains("<td class=\"num\">\xE2\x80\x94</td>"));  // B's summary
}
