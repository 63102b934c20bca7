// `mnistbench report` on real databases: a small real sweep (aggregation over seeds, CSV read
// back against the DB), a DB with runs in every status and hostile names (escaping, unfinished
// runs shown), an empty DB, bad input, and the HTML page rendered by headless Chromium.
#include <catch2/catch.hpp>

#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <map>
#include <set>

#include <fmt/format.h>

#include "harness/train/device.h"
#include "harness/store/store.h"
#include "tests/cli_runner.h"
#include "tests/png_info.h"
#include "tests/report_test_support.h"
#include "tests/test_support.h"
#include "tests/skip.h"

using namespace mnb;
using namespace mnb::testing;

namespace {

double Parse(const std::string& text) {
  INFO("number '" << text << "'");
  REQUIRE(!text.empty());
  char* end = nullptr;
  const double v = std::strtod(text.c_str(), &end);
  REQUIRE(*end == '\0');
  return v;
}

std::vector<std::vector<std::string>> ReadCsv(const std::string& path) {
  INFO(path);
  REQUIRE(std::filesystem::exists(path));
  const auto records = ParseCsv(ReadAll(path));
  REQUIRE(!records.empty());
  for (const auto& r : records) CHECK(r.size() == records[0].size());
  return records;
}

struct Stats {
  double mean = 0, std = 0;
  int n = 0;
};

Stats MeanStd(const std::vector<double>& v) {
  Stats s;
  s.n = static_cast<int>(v.size());
  for (double x : v) s.mean += x;
  s.mean /= s.n;
  for (double x : v) s.std += (x - s.mean) * (x - s.mean);
  s.std = s.n > 1 ? std::sqrt(s.std / (s.n - 1)) : 0;
  return s;
}

}  // namespace

TEST_CASE("leaderboard view aggregates seeds of a real sweep as mean and sample std",
          "[reports]") {
  const std::string db = SweepDb();
  Store store(db, Store::Mode::kReadOnly);
  // Straight from the tables: each completed run's final-epoch test accuracy, by variant.
  std::map<std::pair<std::string, double>, std::vector<double>> finals;
  Statement runs(store.db(),
                 "SELECT r.model, r.lr, e.test_accuracy FROM runs r JOIN epochs e "
                 "ON e.run_id = r.id AND e.epoch = r.epochs WHERE r.status = 'completed'");
  while (runs.Step()) finals[{runs.Text(0), runs.Double(1)}].push_back(runs.Double(2));
  REQUIRE(finals.size() == 3);

  Statement board(store.db(),
                  "SELECT model, lr, n, test_accuracy_mean, test_accuracy_std, rank, completed, "
                  "runs, best_epoch FROM leaderboard ORDER BY rank");
  int rows = 0;
  double previous = 2.0;
  while (board.Step()) {
    ++rows;
    const auto& values = finals.at({board.Text(0), board.Double(1)});
    const Stats expected = MeanStd(values);
    INFO(board.Text(0) << " lr " << board.Double(1));
    CHECK(board.Int(2) == 3);
    CHECK(board.Double(3) == Approx(expected.mean).epsilon(1e-12));
    CHECK(board.Double(4) == Approx(expected.std).epsilon(1e-9).margin(1e-12));
    CHECK(board.Double(3) <= previous);  // ranked by mean test accuracy
    CHECK(board.Int(5) == rows);
    CHECK(board.Int(6) == 3);
    CHECK(board.Int(7) == 3);
    CHECK((board.Int(8) >= 1 && board.Int(8) <= 2));
    previous = board.Double(3);
  }
  CHECK(rows == 3);
  // run_summary: one row per run; its final metrics are the last epoch's.
  Statement summary(store.db(),
                    "SELECT COUNT(*), SUM(s.test_accuracy = e.test_accuracy), "
                    "SUM(abs(json_extract(s.eval_accuracy, '$.\"dig-mnist\"') - v.accuracy) "
                    "    < 1e-12) "  // SQLite writes JSON numbers with 15 digits
                    "FROM run_summary s JOIN epochs e ON e.run_id = s.run_id AND e.epoch = 2 "
                    "JOIN evals v ON v.run_id = s.run_id AND v.epoch = 2");
  REQUIRE(summary.Step());
  CHECK(summary.Int(0) == 9);
  CHECK(summary.Int(1) == 9);
  CHECK(summary.Int(2) == 9);
}

TEST_CASE("report --format all writes Markdown CSV and HTML that agree with the DB",
          "[reports]") {
  const std::string db = SweepDb();
  ScratchDir out("report-out");
  const std::string dir = out.file("out");
  const CliResult r = RunCli("report --db '" + db + "' --format all -o '" + dir + "'");
  INFO(r.err);
  REQUIRE(r.exit_code == 0);
  CHECK_THAT(r.out, Catch::Contains("3 variants, 9 runs"));

  Store store(db, Store::Mode::kReadOnly);
  SECTION("leaderboard.csv holds the view's values") {
    const auto csv = ReadCsv(dir + "/leaderboard.csv");
    REQUIRE(csv.size() == 4);
    const auto& h = csv[0];
    for (size_t i = 1; i < csv.size(); ++i) {
      Statement q(store.db(), "SELECT test_accuracy_mean, test_accuracy_std, n, rank, params, "
                              "test_loss_mean, best_epoch, best_val_accuracy, samples_per_second "
                              "FROM leaderboard WHERE model = ?1 AND lr = ?2");
      q.Bind(1, csv[i][Column(h, "model")]).Bind(2, Parse(csv[i][Column(h, "lr")]));
      REQUIRE(q.Step());
      // The report aggregates in C++, the view in SQL: equal up to summation order.
      CHECK(Parse(csv[i][Column(h, "test_accuracy_mean")]) == Approx(q.Double(0)).epsilon(1e-12));
      CHECK(Parse(csv[i][Column(h, "test_accuracy_std")]) == Approx(q.Double(1)).epsilon(1e-9));
      CHECK(Parse(csv[i][Column(h, "n")]) == q.Int(2));
      CHECK(Parse(csv[i][Column(h, "rank")]) == static_cast<double>(i));
      CHECK(Parse(csv[i][Column(h, "params")]) == q.Int(4));
      CHECK(Parse(csv[i][Column(h, "test_loss_mean")]) == Approx(q.Double(5)).epsilon(1e-12));
      CHECK(Parse(csv[i][Column(h, "best_epoch")]) == q.Int(6));
      CHECK(Parse(csv[i][Column(h, "best_val_accuracy")]) == Approx(q.Double(7)).epsilon(1e-12));
      CHECK(Parse(csv[i][Column(h, "samples_per_second")]) == Approx(q.Double(8)).epsilon(1e-12));
      CHECK(Parse(csv[i][Column(h, "dig-mnist_accuracy_mean")]) > 0);
      CHECK(csv[i][Column(h, "completed")] == "3");
    }
  }
  SECTION("runs.csv and epochs.csv read back equal the runs and epochs tables") {
    const auto runs = ReadCsv(dir + "/runs.csv");
    REQUIRE(runs.size() == 10);
    for (size_t i = 1; i < runs.size(); ++i) {
      const auto& h = runs[0];
      Statement q(store.db(), "SELECT e.test_accuracy, e.train_loss, r.seed, r.status, v.accuracy "
                              "FROM runs r JOIN epochs e ON e.run_id = r.id AND e.epoch = 2 "
                              "JOIN evals v ON v.run_id = r.id AND v.epoch = 2 WHERE r.id = ?1");
      q.Bind(1, static_cast<int64_t>(Parse(runs[i][Column(h, "run_id")])));
      REQUIRE(q.Step());
      CHECK(Parse(runs[i][Column(h, "test_accuracy")]) == q.Double(0));
      CHECK(Parse(runs[i][Column(h, "train_loss")]) == q.Double(1));
      CHECK(Parse(runs[i][Column(h, "seed")]) == q.Int(2));
      CHECK(runs[i][Column(h, "status")] == q.Text(3));
      CHECK(Parse(runs[i][Column(h, "dig-mnist_accuracy")]) == q.Double(4));
    }
    const auto epochs = ReadCsv(dir + "/epochs.csv");
    REQUIRE(epochs.size() == 1 + 3 * 2);  // best run of each of the 3 variants, 2 epochs each
    for (size_t i = 1; i < epochs.size(); ++i) {
      const auto& h = epochs[0];
      Statement q(store.db(), "SELECT test_accuracy, val_loss, samples_per_second FROM epochs "
                              "WHERE run_id = ?1 AND epoch = ?2");
      q.Bind(1, static_cast<int64_t>(Parse(epochs[i][Column(h, "run_id")])))
          .Bind(2, static_cast<int64_t>(Parse(epochs[i][Column(h, "epoch")])));
      REQUIRE(q.Step());
      CHECK(Parse(epochs[i][Column(h, "test_accuracy")]) == q.Double(0));
      CHECK(Parse(epochs[i][Column(h, "val_loss")]) == q.Double(1));
      CHECK(Parse(epochs[i][Column(h, "samples_per_second")]) == q.Double(2));
    }
  }
  SECTION("confusion.csv and class_metrics.csv are the best run per model's") {
    const auto confusion = ReadCsv(dir + "/confusion.csv");
    REQUIRE(confusion.size() == 1 + 2 * 100);  // two models, 10 x 10
    std::map<std::string, int64_t> totals;
    for (size_t i = 1; i < confusion.size(); ++i) {
      totals[confusion[i][3]] += static_cast<int64_t>(Parse(confusion[i][6]));
    }
    REQUIRE(totals.size() == 2);
    for (const auto& [run, total] : totals) {
      CHECK(total == 300);  // limit_test
      Statement best(store.db(), "SELECT MAX(test_accuracy) = (SELECT test_accuracy FROM "
                                 "run_summary WHERE run_id = ?1) FROM run_summary WHERE model = "
                                 "(SELECT model FROM runs WHERE id = ?1)");
      best.Bind(1, static_cast<int64_t>(Parse(run)));
      REQUIRE(best.Step());
      CHECK(best.Int(0) == 1);
    }
    const auto classes = ReadCsv(dir + "/class_metrics.csv");
    CHECK(classes.size() == 1 + 2 * 10);
  }
  SECTION("report.md tables are well-formed and show the leaderboard numbers") {
    const std::string md = ReadAll(dir + "/report.md");
    CHECK(CheckMarkdownTables(md) >= 8);
    CHECK_THAT(md, Catch::Contains("## Leaderboard: reports-tiny"));
    CHECK_THAT(md, Catch::Contains("| database | " + db + " |"));
    CHECK_THAT(md, Catch::Contains("cpu, torch " + TorchVersion() + ","));  // this build's
    Statement top(store.db(), "SELECT test_accuracy_mean, test_accuracy_std FROM leaderboard "
                              "WHERE rank = 1");
    REQUIRE(top.Step());
    CHECK_THAT(md, Catch::Contains(fmt::format("| 1 | tiny-", 1)) &&
                       Catch::Contains(fmt::format("| 3 | {:.2f} \xC2\xB1 {:.2f} [",
                                                   100 * top.Double(0), 100 * top.Double(1))));
    CHECK_THAT(md, Catch::Contains("tiny-mlp lr=0.001") && Catch::Contains("tiny-mlp lr=0.003"));
    CHECK_THAT(md, Catch::Contains("| baseline |"));
    CHECK_THAT(md, Catch::Contains("dig-mnist acc %"));
  }
  SECTION("report.html is one well-formed file with inline SVG and no external assets") {
    const std::string html = ReadAll(dir + "/report.html");
    CheckWellFormed(html);
    CHECK_THAT(html, Catch::Contains("<svg"));
    CHECK(html.find("<script") == std::string::npos);
    CHECK(html.find("src=") == std::string::npos);
    CHECK(html.find("href=") == std::string::npos);
    CHECK(html.find("url(") == std::string::npos);
  }
}

TEST_CASE("report shows running failed and queued runs and escapes every user string",
          "[reports]") {
  ScratchDir dir("report-status");
  const std::string db = dir.file("status.db"), out = dir.file("out");
  BuildStatusDb(db);
  const CliResult r = RunCli("report --db '" + db + "' --format all -o '" + out + "'");
  INFO(r.err);
  REQUIRE(r.exit_code == 0);

  const std::string md = ReadAll(out + "/report.md");
  CheckMarkdownTables(md);
  CHECK_THAT(md, Catch::Contains("mlp\\|pipe&lt;b&gt;"));
  CHECK_THAT(md, Catch::Contains("boom \\| &lt;img src=x onerror=alert(1)&gt; second"));
  CHECK(md.find("<script") == std::string::npos);
  CHECK(md.find("<img") == std::string::npos);
  CHECK_THAT(md, Catch::Contains("1 completed, 1 running, 1 queued, 1 failed"));
  CHECK_THAT(md, Catch::Contains("## Runs not completed (3)"));

  const std::string html = ReadAll(out + "/report.html");
  CheckWellFormed(html);
  CHECK(html.find("<script") == std::string::npos);
  CHECK(html.find("<img") == std::string::npos);
  CHECK_THAT(html, Catch::Contains("evil | &lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; co"));
  CHECK_THAT(html, Catch::Contains("mlp|pipe&lt;b&gt;"));
  for (const char* status : {">running<", ">failed<", ">queued<"}) {
    CHECK_THAT(html, Catch::Contains(status));
  }

  const auto board = ReadCsv(out + "/leaderboard.csv");
  REQUIRE(board.size() == 2);
  const auto& h = board[0];
  CHECK(board[1][Column(h, "experiment")] == kHostileExperiment);
  CHECK(board[1][Column(h, "n")] == "1");
  CHECK(board[1][Column(h, "test_accuracy_std")].empty());  // one seed: no std, not 0
  CHECK(Parse(board[1][Column(h, "test_accuracy_mean")]) == Approx(0.88));
  for (const char* column : {"completed", "running", "queued", "failed"}) {
    CHECK(board[1][Column(h, column)] == "1");
  }
  const auto runs = ReadCsv(out + "/runs.csv");
  REQUIRE(runs.size() == 5);
  std::map<std::string, std::string> errors;
  for (size_t i = 1; i < runs.size(); ++i) {
    errors[runs[i][Column(runs[0], "status")]] = runs[i][Column(runs[0], "error")];
  }
  CHECK(errors["failed"] == kHostileError);  // quotes, comma and newline survive the round trip
  CHECK(errors.count("running") == 1);
  CHECK(errors.count("queued") == 1);
}

TEST_CASE("report on an empty DB says so and exits 0 and bad input exits 2", "[reports]") {
  ScratchDir dir("report-empty");
  const std::string db = dir.file("empty.db");
  { Store store(db); }
  const CliResult empty = RunCli("report --db '" + db + "' --format all -o '" + dir.file("out") + "'");
  CHECK(empty.exit_code == 0);
  CHECK_THAT(empty.out, Catch::Contains("no runs yet"));
  CHECK_FALSE(std::filesystem::exists(dir.file("out")));

  const CliResult missing = RunCli("report --db '" + dir.file("nope.db") + "'");
  CHECK(missing.exit_code == 2);
  CHECK_THAT(missing.err, Catch::Contains("no such database"));

  const std::string status_db = dir.file("status.db");
  BuildStatusDb(status_db);
  const CliResult experiment = RunCli("report --db '" + status_db + "' --experiment nosuch");
  CHECK(experiment.exit_code == 2);
  CHECK_THAT(experiment.err, Catch::Contains("no experiment 'nosuch'"));
  const CliResult baseline = RunCli("report --db '" + status_db + "' --baseline nosuch");
  CHECK(baseline.exit_code == 2);
  CHECK_THAT(baseline.err, Catch::Contains("--baseline 'nosuch'"));
  const CliResult all = RunCli("report --db '" + status_db + "' --format all");
  CHECK(all.exit_code == 2);
  CHECK_THAT(all.err, Catch::Contains("-o DIR"));
  const CliResult md = RunCli("report --db '" + status_db + "'");
  CHECK(md.exit_code == 0);
  CHECK_THAT(md.out, Catch::StartsWith("# mnistbench report"));
}

TEST_CASE("report --baseline compares every variant with the chosen one", "[reports]") {
  const std::string db = SweepDb();
  const CliResult r = RunCli("report --db '" + db + "' --baseline 'tiny-cnn' --format csv");
  INFO(r.err);
  REQUIRE(r.exit_code == 0);
  ScratchDir dir("report-baseline");
  const CliResult files = RunCli("report --db '" + db + "' --baseline tiny-cnn --format csv -o '" +
                                 dir.file("csv") + "'");
  REQUIRE(files.exit_code == 0);
  const auto rows = ReadCsv(dir.file("csv/comparison.csv"));
  REQUIRE(rows.size() == 4);
  const auto& h = rows[0];
  CHECK(rows[1][Column(h, "variant")] == "tiny-cnn");
  CHECK(rows[1][Column(h, "test_accuracy_delta")] == "0");
  const double base = Parse(rows[1][Column(h, "test_accuracy_mean")]);
  for (size_t i = 2; i < rows.size(); ++i) {
    CHECK(rows[i][Column(h, "baseline")] == "tiny-cnn");
    CHECK(Parse(rows[i][Column(h, "test_accuracy_delta")]) ==
          Approx(Parse(rows[i][Column(h, "test_accuracy_mean")]) - base).margin(1e-15));
  }
}

TEST_CASE("report HTML renders in headless Chromium", "[reports][chromium]") {
  if (std::system("command -v chromium >/dev/null 2>&1") != 0) {
    MNB_SKIP("chromium is not installed (scripts/install_deps.sh installs it)");
  }
  ScratchDir dir("report-chromium");
  const std::string db = dir.file("status.db"), html = dir.file("report.html");
  BuildStatusDb(db);
  REQUIRE(RunCli("report --db '" + db + "' --format html -o '" + html + "'").exit_code == 0);
  std::ofstream(dir.file("blank.html")) << "<!DOCTYPE html><html><body></body></html>";
  auto shoot = [&](const std::string& page, const std::string& png) {
    const std::string command = fmt::format(
        "timeout 120 chromium --headless --no-sandbox --disable-gpu --disable-dev-shm-usage "
        "--hide-scrollbars --user-data-dir='{}' --screenshot='{}' --window-size=1200,900 "
        "'file://{}' >'{}' 2>&1",
        dir.file("profile"), png, page, dir.file("chromium.log"));
    const int status = std::system(command.c_str());
    INFO(ReadAll(dir.file("chromium.log")));
    REQUIRE(status == 0);
    REQUIRE(std::filesystem::exists(png));
    return ReadPng(png);
  };
  const PngInfo blank = shoot(dir.file("blank.html"), dir.file("blank.png"));
  const PngInfo page = shoot(html, dir.file("report.png"));
  CHECK(page.width == 1200);
  CHECK(page.height == 900);
  CHECK(blank.colours <= 2);   // the control: an empty page is one colour
  CHECK(page.colours > 50);    // text, table rules, shading: far from a blank or single colour
  CHECK(std::filesystem::file_size(dir.file("report.png")) >
        4 * std::filesystem::file_size(dir.file("blank.png")));
}
