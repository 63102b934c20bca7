// Helpers for the report and query tests: a results DB from a real small sweep, a DB with runs
// in every status and hostile names written through the real Store, and small parsers (RFC 4180
// CSV, Markdown table cells, XML well-formedness) to check rendered output without goldens.
#ifndef MNISTBENCH_TESTS_REPORT_TEST_SUPPORT_H_
#define MNISTBENCH_TESTS_REPORT_TEST_SUPPORT_H_

#include <catch2/catch.hpp>

#include <cctype>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "harness/plan/plan.h"
#include "harness/store/store.h"
#include "tests/cli_runner.h"
#include "tests/test_support.h"

namespace mnb::testing {

// Two tiny MLP variants (lr) and a tiny CNN, three seeds each, two epochs on Kannada-MNIST
// subsets with Dig-MNIST as an extra evaluation set: nine runs in a few seconds.
inline const char* kReportSweep = R"toml(
name = "reports-tiny"
[dataset]
name = "kannada-mnist"
val_size = 200
limit_train = 600
limit_test = 300
eval_sets = ["dig-mnist"]
[grid]
epochs = 2
batch_size = 64
seed = [1, 2, 3]
[[model]]
name = "tiny-mlp"
layers = "flatten, dense(16), relu, dense(10)"
grid = { lr = [1e-3, 3e-3] }
[[model]]
name = "tiny-cnn"
layers = "conv(4, k=3), relu, maxpool(2), flatten, dense(10)"
)toml";

// The sweep runs once per test process; its DB lives as long as the process.
inline const std::string& SweepDb() {
  static ScratchDir dir("report-sweep");
  static const std::string db = [] {
    const std::string file = dir.file("tiny.toml"), path = dir.file("sweep.db");
    std::ofstream(file) << kReportSweep;
    const CliResult r = RunCli("run --device cpu '" + file + "' --db '" + path + "' --threads 2 --data-dir '" +
                               DataDir() + "'");
    INFO(r.err);
    REQUIRE(r.exit_code == 0);
    return path;
  }();
  return db;
}

inline const char* kHostileExperiment = "evil | <script>alert(\"x\")</script> & co";
inline const char* kHostileError = "boom | <img src=x onerror=alert(1)>\nsecond, \"quoted\" line";

// Through the real Store API, no training: one completed run with two epochs and a confusion
// matrix, one running (one epoch), one failed with a hostile error, one queued.
inline void BuildStatusDb(const std::string& path) {
  Store store(path);
  const int64_t experiment = store.UpsertExperiment(kHostileExperiment, "x.toml", "");
  std::vector<NewRun> runs;
  for (int seed = 1; seed <= 4; ++seed) {
    RunSpec spec;
    spec.model = "mlp|pipe<b>";
    spec.layers = "flatten, dense(8), relu, dense(10)";
    spec.dataset = "mnist";
    spec.seed = static_cast<uint64_t>(seed);
    runs.push_back({RunKey(spec), spec, RunSpecToJson(spec), 6370});
  }
  REQUIRE(store.InsertPlan(experiment, runs) == 4);
  const WorkerId me = WorkerId::Current();
  auto epoch = [](int64_t n, double accuracy) {
    EpochMetrics m;
    m.epoch = n;
    m.train = {1.0 - accuracy, accuracy};
    m.val = SplitMetrics{1.1 - accuracy, accuracy - 0.01};
    m.test = SplitMetrics{1.2 - accuracy, accuracy - 0.02};
    m.evals = {{"dig-mnist", {2.0, accuracy / 2}}};
    m.lr = 1e-3;
    m.seconds = 1.5;
    m.samples_per_second = 4000;
    return m;
  };
  const auto done = store.ClaimNextRun(experiment, me, std::chrono::seconds(600));
  REQUIRE(done);
  const RunEnvironment env{"cpu", 2, "1.13.1", "abc1234", ""};
  REQUIRE(store.SetRunEnvironment(done->claim, env));
  REQUIRE(store.RecordEpoch(done->claim, epoch(1, 0.80)));
  REQUIRE(store.RecordEpoch(done->claim, epoch(2, 0.90)));
  RunOutcome outcome;
  outcome.epochs_done = 2;
  outcome.confusion.assign(10, std::vector<int64_t>(10, 1));
  for (int c = 0; c < 10; ++c) outcome.confusion[c][c] = 90 + c;
  outcome.per_class = ClassMetricsFromConfusion(outcome.confusion);
  REQUIRE(store.FinishRun(done->claim, outcome));
  const auto running = store.ClaimNextRun(experiment, me, std::chrono::seconds(600));
  REQUIRE(running);
  REQUIRE(store.RecordEpoch(running->claim, epoch(1, 0.70)));
  const auto failed = store.ClaimNextRun(experiment, me, std::chrono::seconds(600));
  REQUIRE(failed);
  REQUIRE(store.MarkFailed(failed->claim, kHostileError));
}

// RFC 4180 records (quoted fields may hold commas, quotes and line breaks).
inline std::vector<std::vector<std::string>> ParseCsv(const std::string& text) {
  std::vector<std::vector<std::string>> records;
  std::vector<std::string> record;
  std::string field;
  bool quoted = false, any = false;
  for (size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (quoted) {
      if (c == '"' && i + 1 < text.size() && text[i + 1] == '"') {
        field += '"';
        ++i;
      } else if (c == '"') {
        quoted = false;
      } else {
        field += c;
      }
      continue;
    }
    if (c == '"') {
      quoted = true;
      any = true;
    } else if (c == ',') {
      record.push_back(field);
      field.clear();
      any = true;
    } else if (c == '\r' && i + 1 < text.size() && text[i + 1] == '\n') {
      continue;
    } else if (c == '\n') {
      record.push_back(field);
      records.push_back(record);
      record.clear();
      field.clear();
      any = false;
    } else {
      field += c;
      any = true;
    }
  }
  if (any) {
    record.push_back(field);
    records.push_back(record);
  }
  return records;
}

inline size_t Column(const std::vector<std::string>& header, const std::string& name) {
  for (size_t i = 0; i < header.size(); ++i) {
    if (header[i] == name) return i;
  }
  FAIL("no column " << name);
  return 0;
}

// Cells of a Markdown table line: split on '|' not escaped by a backslash.
inline int MarkdownCells(const std::string& line) {
  int pipes = 0;
  for (size_t i = 0; i < line.size(); ++i) {
    if (line[i] == '\\') {
      ++i;
    } else if (line[i] == '|') {
      ++pipes;
    }
  }
  return pipes - 1;
}

// Every Markdown table (consecutive lines starting with '|') has as many cells per row as in its
// header, each line starts and ends with an unescaped '|', and row two is the delimiter row.
// Returns how many tables there were.
inline int CheckMarkdownTables(const std::string& md) {
  std::istringstream in(md);
  std::vector<std::string> table;
  int tables = 0;
  auto check = [&] {
    if (table.empty()) return;
    ++tables;
    const int cells = MarkdownCells(table[0]);
    REQUIRE(table.size() >= 2);
    CHECK(table[1].find_first_not_of("|-: ") == std::string::npos);
    for (const std::string& row : table) {
      INFO(row);
      CHECK(MarkdownCells(row) == cells);
      CHECK(row.back() == '|');
      CHECK((row.size() < 2 || row[row.size() - 2] != '\\'));
    }
    table.clear();
  };
  for (std::string line; std::getline(in, line);) {
    if (!line.empty() && line[0] == '|') {
      table.push_back(line);
    } else {
      check();
    }
  }
  check();
  return tables;
}

// Every <svg>...</svg> in a page, in order.
inline std::vector<std::string> Svgs(const std::string& html) {
  std::vector<std::string> out;
  for (size_t at = html.find("<svg"); at != std::string::npos; at = html.find("<svg", at + 1)) {
    const size_t end = html.find("</svg>", at);
    REQUIRE(end != std::string::npos);
    out.push_back(html.substr(at, end + 6 - at));
  }
  return out;
}

// XML well-formedness of an XHTML-style page: tags nest and close, attributes are quoted, every
// '&' starts an entity, and no raw '<' or '>' sits in text. <style> content is raw text.
inline void CheckWellFormed(const std::string& html) {
  std::vector<std::string> stack;
  size_t i = 0;
  auto entity_ok = [&](size_t at) {
    size_t j = at + 1;
    if (j < html.size() && html[j] == '#') ++j;
    const size_t start = j;
    while (j < html.size() && std::isalnum(static_cast<unsigned char>(html[j]))) ++j;
    return j > start && j < html.size() && html[j] == ';';
  };
  while (i < html.size()) {
    const char c = html[i];
    if (c == '&') {
      INFO("at " << html.substr(i, 40));
      CHECK(entity_ok(i));
      ++i;
      continue;
    }
    if (c == '>') {
      INFO("stray '>' at " << html.substr(i > 40 ? i - 40 : 0, 80));
      CHECK(false);
      ++i;
      continue;
    }
    if (c != '<') {
      ++i;
      continue;
    }
    if (html.compare(i, 2, "<!") == 0) {
      i = html.find('>', i) + 1;
      continue;
    }
    const size_t close = html.find('>', i);
    REQUIRE(close != std::string::npos);
    std::string tag = html.substr(i + 1, close - i - 1);
    i = close + 1;
    if (tag[0] == '/') {
      const std::string name = tag.substr(1);
      INFO("closing </" << name << "> with open " << (stack.empty() ? "nothing" : stack.back()));
      REQUIRE(!stack.empty());
      REQUIRE(stack.back() == name);
      stack.pop_back();
      continue;
    }
    const bool self_closing = tag.back() == '/';
    const std::string name = tag.substr(0, tag.find_first_of(" \n/"));
    // Attributes: name="value" pairs, values without '<' or a raw '"'.
    size_t quotes = 0;
    for (char q : tag) quotes += q == '"';
    INFO("tag <" << tag.substr(0, 80) << ">");
    CHECK(quotes % 2 == 0);
    CHECK(tag.find('<') == std::string::npos);
    if (self_closing) continue;
    if (name == "style") {
      const size_t end = html.find("</style>", i);
      REQUIRE(end != std::string::npos);
      i = end + 8;
      continue;
    }
    stack.push_back(name);
  }
  INFO("unclosed: " << (stack.empty() ? "" : stack.back()));
  CHECK(stack.empty());
}

inline std::vector<std::string> Lines(const std::string& text) {
  std::vector<std::string> lines;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  return lines;
}

}  // namespace mnb::testing

#endif  // MNISTBENCH_TESTS_REPORT_TEST_SUPPORT_H_
