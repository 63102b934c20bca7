// One run as an HTML page (reports/render/run_page.h): RenderRunHtml on hand-made data (summary,
// curves, epochs, confusion, configuration, environment; all escaped), LoadRunPage on the golden DB.
#include <catch2/catch.hpp>

#include <string>

#include "harness/store/reader.h"
#include "reports/render/run_page.h"
#include "tests/golden_db.h"
#include "tests/report_test_support.h"
#include "tests/scratch_dir.h"

using namespace mnb;
using namespace mnb::testing;

namespace {

RunPageData Page() {
  RunPageData d;
  d.run.run_id = 7;
  d.run.label = "mlp <x>";
  d.run.seed = 2;
  d.run.experiment = "exp & co";
  d.run.status = "completed";
  d.run.epochs = 3;
  d.run.epochs_done = 2;
  d.run.test_accuracy = 0.6;
  d.run.best_epoch = 2;
  d.run.run_key = "00ff00ff00ff00ff";
  d.record.config_json = R"({"model":"mlp","lr":0.001,"note":"<b>"})";
  d.record.threads = 4;
  d.record.torch_version = "2.3.0";
  for (int64_t e : {1, 2}) {
    EpochResult epoch;
    epoch.epoch = e;
    epoch.train_accuracy = 0.5;
    epoch.test_accuracy = 0.6;
    epoch.lr = 0.001;
    epoch.eval_accuracy["dig"] = 0.25;
    d.epochs.push_back(epoch);
  }
  d.eval_sets = {"dig"};
  return d;
}

}  // namespace

TEST_CASE("run page: summary, curves, epochs, configuration and environment", "[reports][html]") {
  const std::string page = RenderRunHtml(Page(), 0);
  CheckWellFormed(page);
  CHECK(page.find("<script") == std::string::npos);
  CHECK(page.find("refresh") == std::string::npos);
  CHECK_THAT(page, Catch::Contains("<title>run 7: mlp &lt;x&gt;, seed 2 (exp &amp; co)</title>"));
  CHECK_THAT(page, Catch::Contains("<table class=\"summary\">"));
  CHECK_THAT(page, Catch::Contains("<tr><th>variant</th><td>mlp &lt;x&gt;</td></tr>"));
  CHECK_THAT(page, Catch::Contains("<tr><th>epochs</th><td>2 of 3</td></tr>"));
  CHECK_THAT(page, Catch::Contains("<tr><th>final test acc %</th><td>60.00</td></tr>"));
  CHECK_THAT(page, Catch::Contains("<tr><th>best epoch</th><td>2</td></tr>"));
  CHECK_THAT(page, Catch::Contains("<tr><th>run key</th><td>00ff00ff00ff00ff</td></tr>"));
  CHECK(page.find("<th>error</th>") == std::string::npos);  // none recorded
  CHECK_THAT(page, Catch::Contains("<h2>Learning curves</h2>\n<div class=\"figures\">"));
  CHECK_THAT(page, Catch::Contains("<th class=\"num\">dig acc %</th>"));
  CHECK_THAT(page, Catch::Contains("<td class=\"num\">25.00</td>"));
  CHECK(page.find("Confusion matrix") == std::string::npos);  // none recorded
  // Configuration: strings as they are (escaped), other values as JSON.
  CHECK_THAT(page, Catch::Contains("<tr><td>lr</td><td>0.001</td></tr>"));
  CHECK_THAT(page, Catch::Contains("<tr><td>model</td><td>mlp</td></tr>"));
  CHECK_THAT(page, Catch::Contains("<tr><td>note</td><td>&lt;b&gt;</td></tr>"));
  // Environment: what was not recorded is a dash.
  CHECK_THAT(page, Catch::Contains("<tr><th>device</th><td>\xE2\x80\x94</td></tr>"));
  CHECK_THAT(page, Catch::Contains("<tr><th>threads</th><td>4</td></tr>"));
  CHECK_THAT(page, Catch::Contains("<tr><th>torch</th><td>2.3.0</td></tr>"));
}

TEST_CASE("run page: no epochs yet, an error, a confusion matrix, a refresh", "[reports][html]") {
  RunPageData d = Page();
  d.epochs.clear();
  d.run.status = "failed";
  d.run.error = "CUDA <oom> & \"boom\"";
  d.record.config_json = "not json <at all>";
  d.confusion.matrix = {{8, 2}, {1, 9}};
  ClassResult zero;
  zero.label = 0;
  zero.support = 10;
  zero.precision = 8.0 / 9.0;
  d.confusion.classes = {zero};
  const std::string page = RenderRunHtml(d, 5);
  CheckWellFormed(page);
  CHECK_THAT(page, Catch::Contains("<meta http-equiv=\"refresh\" content=\"5\" />"));
  CHECK_THAT(page, Catch::Contains("<h2>Learning curves</h2>\n<p>No epoch recorded yet.</p>"));
  CHECK_THAT(page, Catch::Contains(
                       "<tr><th>error</th><td>CUDA &lt;oom&gt; &amp; &quot;boom&quot;</td></tr>"));
  CHECK_THAT(page, Catch::Contains("<tr><td>(as recorded)</td><td>not json &lt;at all&gt;</td></tr>"));
  CHECK_THAT(page, Catch::Contains("<h2>Confusion matrix and per-class metrics"));
  CHECK_THAT(page, Catch::Contains("class=\"heatmap\""));
  CHECK_THAT(page, Catch::Contains("<td class=\"num\">88.89</td>"));  // class 0's precision
}

TEST_CASE("run page: loaded from the golden database, or none for an unknown id",
          "[reports][html]") {
  ScratchDir dir("run-page");
  const std::string db = dir.file("golden.db");
  BuildGoldenDb(db);
  StoreReader results(db);
  CHECK_FALSE(LoadRunPage(results, 999).has_value());
  // Run 5: lenet5 at batch 64, seed 2, failed with a hostile error.
  const std::optional<RunPageData> failed = LoadRunPage(results, 5);
  REQUIRE(failed.has_value());
  CHECK(failed->run.run_id == 5);
  CHECK(failed->record.status == "failed");
  CHECK(failed->run.status == "failed");
  CHECK(failed->run.seed == 2);
  CHECK_FALSE(failed->run.error.empty());
  CHECK_THAT(failed->run.label, Catch::Contains("batch_size=64"));
  const std::optional<RunPageData> done = LoadRunPage(results, 1);
  REQUIRE(done.has_value());
  CHECK(done->run.completed());
  CHECK(done->run.seed == 1);
  CHECK_FALSE(done->epochs.empty());
  CHECK(done->eval_sets == std::vector<std::string>{"dig-mnist"});
  const std::string page = RenderRunHtml(*failed, 0);
  CheckWellFormed(page);
  CHECK(page.find("<script") == std::string::npos);
}
