// `mnistbench serve` end to end: the real server process on real SQLite files. Every page of a
// database with hostile names (escaped, the report's own HTML), hostile requests over a raw
// socket, the pages in headless Chromium (no console error, every SVG parses as XML), and load
// while a real sweep writes the same database (no error, no "database is locked", no epoch lost).
#include <catch2/catch.hpp>
#include <httplib.h>

#include <algorithm>
#include <atomic>
#include <mutex>
#include <fstream>
#include <thread>

#include <fmt/format.h>

#include "harness/base/text_escape.h"
#include "harness/serve/routes.h"
#include "harness/results/result_set.h"
#include "tests/chromium_support.h"
#include "tests/cli_runner.h"
#include "tests/golden_db.h"
#include "tests/png_info.h"
#include "tests/report_test_support.h"
#include "tests/serve_process.h"
#include "tests/sweep_process.h"
#include "tests/test_support.h"
#include "tests/skip.h"

using namespace mnb;
using namespace mnb::testing;

namespace {

// The golden database (three experiments, hostile model, experiment and error texts) plus the
// status database's experiment, whose name holds a <script> element.
std::string HostileDb(const ScratchDir& dir) {
  const std::string db = dir.file("hostile.db");
  BuildGoldenDb(db);
  BuildStatusDb(db);
  return db;
}

std::string UrlEncode(const std::string& text) {
  std::string out;
  for (const unsigned char c : text) {
    out += std::isalnum(c) != 0 ? std::string(1, static_cast<char>(c)) : fmt::format("%{:02X}", c);
  }
  return out;
}

// A page must never carry markup out of the database: no script, no injected image.
void CheckSafe(const std::string& page) {
  CHECK(page.find("<script") == std::string::npos);
  CHECK(page.find("<img src=x") == std::string::npos);
  CheckWellFormed(page);
}

// Without the lines only one of them has: serve's navigation bar and the report's time.
std::string WithoutVolatileLines(const std::string& page) {
  std::string out;
  for (const std::string& line : Lines(page)) {
    if (line.rfind("<nav>", 0) == 0 || line.find("<th>generated</th>") != std::string::npos) {
      continue;
    }
    out += line + "\n";
  }
  return out;
}

struct Pages {
  std::vector<std::string> experiments, runs;  // paths
  std::string compare;
};

Pages PagesOf(const std::string& db) {
  Pages pages;
  StoreReader results(db);
  const std::vector<std::string> names = results.Experiments();
  for (size_t i = 1; i <= names.size(); ++i) pages.experiments.push_back(fmt::format("/experiments/{}", i));
  for (const RunRow& r : results.Runs(names)) pages.runs.push_back(fmt::format("/runs/{}", r.run_id));
  const ResultSet set = ReadResultSet(results, {names[0]});
  pages.compare = "/compare?a=" + UrlEncode(set.variants[0].label) + "&b=" +
                  UrlEncode(set.variants[1].label);
  return pages;
}

}  // namespace

TEST_CASE("ParseUrlId takes 1 to 18 digits and nothing else", "[serve]") {
  CHECK(ParseUrlId("1") == 1);
  CHECK(ParseUrlId("000012") == 12);
  CHECK(ParseUrlId("999999999999999999") == 999999999999999999);
  for (const char* bad : {"", "0", "000", "-1", "+1", " 1", "1 ", "1a", "0x1", "1e3", "..", "1/2",
                          "9999999999999999999", "99999999999999999999999"}) {
    INFO(bad);
    CHECK(!ParseUrlId(bad));
  }
}

TEST_CASE("serve answers every page of a hostile database, escaped, and stops on SIGTERM",
          "[serve]") {
  ScratchDir dir("serve-pages");
  const std::string db = HostileDb(dir);
  ServeProcess server(db, dir.file("serve.log"));
  CHECK(server.line() == fmt::format("serving http://127.0.0.1:{}/ (read-only: {})",
                                     server.port(), db));
  httplib::Client client("127.0.0.1", server.port());
  auto get = [&](const std::string& path, int status = 200) {
    INFO(path);
    const httplib::Result res = client.Get(path.c_str());
    REQUIRE(res);
    CHECK(res->status == status);
    CHECK(res->get_header_value("Content-Type") == "text/html; charset=utf-8");
    CHECK(res->get_header_value("X-Content-Type-Options") == "nosniff");
    CHECK(res->get_header_value("Content-Security-Policy").rfind("default-src 'none'; ", 0) == 0);
    CheckSafe(res->body);
    return res->body;
  };
  const Pages pages = PagesOf(db);
  REQUIRE(pages.experiments.size() == 5);
  REQUIRE(pages.runs.size() > 31);  // golden's 31 and the status experiment's

  const std::string index = get("/");
  for (const char* name : {kGoldenKannada, kHostileExperiment, "golden | <check> & \"co\""}) {
    CHECK(index.find(HtmlEscape(name)) != std::string::npos);
  }
  for (const std::string& path : pages.experiments) CHECK(index.find(path) != std::string::npos);
  for (const std::string& path : pages.runs) CHECK(index.find(path + "\"") != std::string::npos);
  CHECK(index.find("<meta http-equiv=\"refresh\"") != std::string::npos);  // a run is running

  // An experiment's page is `report --format html` for it, bar the navigation bar and the time.
  StoreReader results(db);
  const std::vector<std::string> names = results.Experiments();
  for (size_t i = 0; i < names.size(); ++i) {
    const std::string page = get(pages.experiments[i]);
    std::string quoted;  // for the shell: every ' closed, escaped and reopened
    for (char c : names[i]) quoted += c == '\'' ? std::string("'\\''") : std::string(1, c);
    const CliResult report = RunCli("report --db '" + db + "' --format html --experiment '" +
                                    quoted + "'");
    REQUIRE(report.exit_code == 0);
    std::string expected = report.out;
    bool live = false;  // a run queued or running: the page reloads itself
    for (const RunRow& r : results.Runs({names[i]})) {
      live = live || r.status == "running" || r.status == "queued";
    }
    if (live) {
      expected.insert(expected.find("<title>"), "<meta http-equiv=\"refresh\" content=\"5\" />\n");
    }
    if (names[i] != kGoldenEmpty) CHECK(WithoutVolatileLines(page) == WithoutVolatileLines(expected));
    CHECK(page.find(HtmlEscape(names[i])) != std::string::npos);
  }
  // A run's page: curves once it has an epoch, the error escaped, a reload while it is live.
  for (const RunRow& r : results.Runs(names)) {
    const std::string page = get(fmt::format("/runs/{}", r.run_id));
    INFO("run " << r.run_id << " " << r.status);
    CHECK((page.find("<svg") != std::string::npos) == (r.epochs_done > 0));
    const bool live = r.status == "running" || r.status == "queued";
    CHECK((page.find("http-equiv=\"refresh\"") != std::string::npos) == live);
    if (r.status == "failed") CHECK(page.find(HtmlEscape(r.error)) != std::string::npos);
  }

  const std::string compare = get(pages.compare);
  CHECK(compare.find("P(A &gt; B)") != std::string::npos);
  CHECK(get("/compare?a=1&b=2").find("run 1: ") != std::string::npos);
  const std::string bad = get("/compare?a=" + UrlEncode("<script>x") + "&b=1", 400);
  CHECK(bad.find("&#39;&lt;script&gt;x&#39; names no run or variant") != std::string::npos);
  get("/compare?a=1", 400);
  get("/runs/999", 404);
  get(fmt::format("/experiments/{}", names.size() + 1), 404);
  get("/nothing-here", 404);

  CHECK(server.Stop(SIGTERM) == 0);
  ServeProcess again(db, dir.file("serve2.log"));
  CHECK(again.Stop(SIGINT) == 0);
}

TEST_CASE("serve refuses a missing or foreign database with one line and exit 2", "[serve]") {
  ScratchDir dir("serve-refuse");
  const CliResult missing = RunCli("serve --port 0 --db '" + dir.file("none.db") + "'");
  CHECK(missing.exit_code == 2);
  CHECK(Lines(missing.err).size() == 1);
  CHECK(missing.err.find("no such database") != std::string::npos);
  CHECK(missing.out.empty());
  REQUIRE(RunShell("sqlite3 '" + dir.file("other.db") + "' 'CREATE TABLE t(x)'").exit_code == 0);
  const CliResult foreign = RunCli("serve --port 0 --db '" + dir.file("other.db") + "'");
  CHECK(foreign.exit_code == 2);
  CHECK(Lines(foreign.err).size() == 1);
  CHECK(foreign.err.find("not a mnistbench results database") != std::string::npos);
  CHECK(RunCli("--help").out.find("serve") != std::string::npos);
}

TEST_CASE("serve answers hostile requests with 4xx and keeps serving", "[serve]") {
  ScratchDir dir("serve-hostile");
  const std::string db = HostileDb(dir);
  ServeProcess server(db, dir.file("serve.log"));
  auto request = [](const std::string& method, const std::string& target,
                    const std::string& headers = "") {
    return method + " " + target + " HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n" +
           headers + "\r\n";
  };
  std::string many_headers;
  for (int i = 0; i < 10000; ++i) many_headers += fmt::format("X-H{}: v\r\n", i);
  const std::vector<std::pair<std::string, std::string>> hostile = {
      {"dot-dot", request("GET", "/../etc/passwd")},
      {"encoded dot-dot", request("GET", "/%2e%2e/%2e%2e/etc/passwd")},
      {"encoded slash", request("GET", "/runs/..%2f..%2fetc")},
      {"run abc", request("GET", "/runs/abc")},
      {"run -1", request("GET", "/runs/-1")},
      {"run overflow", request("GET", "/runs/99999999999999999999999")},
      {"experiment 0", request("GET", "/experiments/0")},
      {"experiment 999", request("GET", "/experiments/999")},
      {"100 kB request line", request("GET", "/" + std::string(100000, 'a'))},
      {"10k headers", request("GET", "/", many_headers)},
      {"100 kB header", request("GET", "/", "X-Big: " + std::string(100000, 'b') + "\r\n")},
      {"POST", request("POST", "/", "Content-Length: 3\r\n") + "a=b"},
      {"PUT", request("PUT", "/runs/1", "Content-Length: 0\r\n")},
      {"DELETE", request("DELETE", "/runs/1")},
      {"unknown method", request("BREW", "/")},
  };
  for (const auto& [what, bytes] : hostile) {
    INFO(what);
    const std::string reply = RawExchange(server.port(), bytes);
    const int status = StatusOf(reply);
    CHECK(status >= 400);
    CHECK(status < 500);
    CHECK(reply.find("root:") == std::string::npos);
    CHECK(StatusOf(RawExchange(server.port(), request("GET", "/"))) == 200);
  }
  const std::string head = RawExchange(server.port(), request("HEAD", "/runs/1"));
  CHECK(StatusOf(head) == 200);
  CHECK(head.find("<html") == std::string::npos);
  CHECK(StatusOf(RawExchange(server.port(), request("POST", "/", "Content-Length: 0\r\n"))) == 405);
  // Not HTTP at all (a TLS hello): no page, whether httplib answers 400 or just hangs up.
  const char hello[] = "\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03garbage\r\n\r\n";
  const std::string tls = RawExchange(server.port(), std::string(hello, sizeof(hello) - 1));
  CHECK((StatusOf(tls) == -1 || StatusOf(tls) == 400));
  CHECK(tls.find("root:") == std::string::npos);
  CHECK(RawExchange(server.port(), request("DELETE", "/")).find("Allow: GET, HEAD") !=
        std::string::npos);
  CHECK(server.Stop() == 0);
}

namespace {

// Every inline <svg>...</svg> of a page, each once.
std::vector<std::string> SvgsOf(const std::string& page, std::vector<std::string> svgs = {}) {
  for (size_t at = page.find("<svg"); at != std::string::npos; at = page.find("<svg", at + 1)) {
    const size_t end = page.find("</svg>", at);
    REQUIRE(end != std::string::npos);
    const std::string svg = page.substr(at, end + 6 - at);
    if (std::find(svgs.begin(), svgs.end(), svg) == svgs.end()) svgs.push_back(svg);
  }
  return svgs;
}

}  // namespace

TEST_CASE("serve's pages render in headless Chromium, no complaint, every SVG parses as XML",
          "[serve][chromium]") {
  if (!HaveChromium()) {
    MNB_SKIP("chromium is not installed (scripts/install_deps.sh installs it)");
  }
  ScratchDir dir("serve-chromium");
  const std::string db = HostileDb(dir);
  ServeProcess server(db, dir.file("serve.log"));
  const Pages pages = PagesOf(db);
  httplib::Client client("127.0.0.1", server.port());
  std::vector<std::string> svgs;
  const std::vector<std::string> paths = {"/", pages.experiments[0], "/runs/1", "/runs/9",
                                          pages.compare};
  for (size_t i = 0; i < paths.size(); ++i) {
    INFO(paths[i]);
    const std::string png = dir.file(fmt::format("page{}.png", i));
    const std::string log = Screenshot(dir, server.url(paths[i]), png);
    INFO(log);
    CHECK(BrowserComplaints(log).empty());
    const PngInfo shot = ReadPng(png);
    CHECK(shot.width == 1200);
    CHECK(shot.colours > 20);  // text and table rules: not a blank page
    const httplib::Result res = client.Get(paths[i].c_str());
    REQUIRE(res);
    svgs = SvgsOf(res->body, svgs);
  }
  const CliResult report = RunCli("report --db '" + db + "' --format html");
  REQUIRE(report.exit_code == 0);
  svgs = SvgsOf(report.out, svgs);
  REQUIRE(svgs.size() >= 6);  // learning curves, confusion heat maps, the budget curves
  for (size_t i = 0; i < svgs.size(); ++i) {
    const std::string file = dir.file(fmt::format("chart{}.svg", i));
    std::ofstream(file) << "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n" << svgs[i];
    const std::string dom = DumpDom(dir, "file://" + file);
    INFO(svgs[i].substr(0, 300) << "\n" << dom.substr(0, 2000));
    CHECK(dom.find("<svg") != std::string::npos);
    CHECK(dom.find("parsererror") == std::string::npos);
  }
  CHECK(server.Stop() == 0);
}

TEST_CASE("serve under load while a real sweep writes: no error, no lock, no epoch lost",
          "[serve][load]") {
  ScratchDir dir("serve-load");
  const std::string toml = dir.file("load.toml"), db = dir.file("load.db");
  std::ofstream(toml) << R"toml(
name = "serve-load"
[dataset]
name = "mnist"
val_size = 200
limit_train = 1000
limit_test = 300
[grid]
epochs = 4
batch_size = 64
seed = [1, 2]
[[model]]
name = "tiny-mlp"
layers = "flatten, dense(16), relu, dense(10)"
grid = { lr = [1e-3, 3e-3] }
[[model]]
name = "tiny-cnn"
layers = "conv(4, k=3), relu, maxpool(2), flatten, dense(10)"
)toml";
  const pid_t sweep = StartRun(toml, db, dir.file("sweep.log"), 2, "--workers 2");
  WaitFor(db, "SELECT COUNT(*) FROM runs WHERE status = 'running'");
  const int64_t runs = Query(db, "SELECT COUNT(*) FROM runs");
  REQUIRE(runs == 6);
  ServeProcess server(db, dir.file("serve.log"));
  std::vector<std::string> paths = {"/", "/experiments/1"};
  for (int64_t id = 1; id <= runs; ++id) paths.push_back(fmt::format("/runs/{}", id));

  // The clients go on until the sweep has exited (200 requests each at least), so every epoch
  // recorded after this point was written while they were requesting.
  const int64_t epochs_before_load = Query(db, "SELECT COUNT(*) FROM epochs");
  std::atomic<bool> sweep_done{false};
  int sweep_exit = -1;
  std::thread waiter([&] {
    sweep_exit = WaitExit(sweep);
    sweep_done = true;
  });
  std::atomic<int> ok{0}, failed{0};
  std::mutex mutex;
  std::string first_failure;
  std::vector<std::thread> clients;
  for (int t = 0; t < 8; ++t) {
    clients.emplace_back([&, t] {
      httplib::Client client("127.0.0.1", server.port());
      client.set_read_timeout(120, 0);  // a deadlock guard on a busy 2-core machine, not a limit
      for (int i = 0; i < 200 || !sweep_done; ++i) {
        const std::string& path = paths[(t + i) % paths.size()];
        const httplib::Result res = client.Get(path.c_str());
        if (res && res->status == 200) {
          ++ok;
          continue;
        }
        ++failed;
        std::lock_guard<std::mutex> lock(mutex);
        if (first_failure.empty()) {
          first_failure = path + ": " + (res ? std::to_string(res->status) + " " + res->body
                                             : httplib::to_string(res.error()));
        }
      }
    });
  }
  for (std::thread& c : clients) c.join();
  waiter.join();
  INFO(first_failure);
  CHECK(failed == 0);
  CHECK(ok >= 8 * 200);
  INFO(epochs_before_load << " of " << runs * 4 << " epochs were recorded before the load began");
  CHECK(epochs_before_load < runs * 4);  // the sweep was training during the requests

  const std::string sweep_log = ReadAll(dir.file("sweep.log"));
  INFO(sweep_log);
  CHECK(sweep_exit == 0);
  CHECK(sweep_log.find("locked") == std::string::npos);
  CHECK(ReadAll(dir.file("serve.log")).find("locked") == std::string::npos);
  CHECK(Query(db, "SELECT COUNT(*) FROM runs WHERE status = 'completed'") == runs);
  CHECK(Query(db, "SELECT COUNT(*) FROM epochs") == runs * 4);
  CHECK(Query(db, "SELECT COUNT(*) FROM (SELECT run_id FROM epochs GROUP BY run_id "
                  "HAVING COUNT(*) = 4 AND MIN(epoch) = 1 AND MAX(epoch) = 4)") == runs);
  CHECK(server.Stop() == 0);
}

TEST_CASE("the compare page runs McNemar with the test labels under --data-dir, else says why",
          "[serve]") {
  ScratchDir dir("serve-mcnemar");
  const std::string toml = dir.file("pair.toml"), db = dir.file("pair.db");
  // Two seeds on the whole MNIST test split, so their stored predictions can be paired.
  std::ofstream(toml) << R"toml(
name = "serve-mcnemar"
[dataset]
name = "mnist"
limit_train = 500
[grid]
epochs = 1
seed = [1, 2]
[[model]]
name = "tiny-mlp"
layers = "flatten, dense(16), relu, dense(10)"
)toml";
  const CliResult sweep = RunCli("run --device cpu '" + toml + "' --db '" + db + "' --threads 2");
  INFO(sweep.out << sweep.err);
  REQUIRE(sweep.exit_code == 0);

  ServeProcess server(db, dir.file("serve.log"), "--data-dir '" + DataDir() + "'");
  httplib::Client client("127.0.0.1", server.port());
  const httplib::Result with = client.Get("/compare?a=1&b=2");
  REQUIRE(with);
  CHECK(with->status == 200);
  CHECK(with->body.find("exact p") != std::string::npos);
  CHECK(with->body.find("run 1 (seed 1)") != std::string::npos);
  CHECK(server.Stop() == 0);

  const std::string nowhere = dir.file("no-data");
  ServeProcess blind(db, dir.file("blind.log"), "--data-dir '" + nowhere + "'");
  httplib::Client blind_client("127.0.0.1", blind.port());
  const httplib::Result without = blind_client.Get("/compare?a=1&b=2");
  REQUIRE(without);
  CHECK(without->status == 200);
  CHECK(without->body.find("exact p") == std::string::npos);
  CHECK(without->body.find(HtmlEscape("no test labels of mnist under " + nowhere)) !=
        std::string::npos);
  CHECK(blind.Stop() == 0);
}
