// Your own data: small datasets in both formats built from the shipped Kannada IDX files train
// through `run` and `train`, their checksums make the run keys, and a defect is one FILE:LINE.
#include <catch2/catch.hpp>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "harness/config/experiment.h"
#include "harness/data/custom_data.h"
#include "harness/data/idx.h"
#include "harness/plan/plan.h"
#include "harness/results/result_set.h"
#include "harness/store/store.h"
#include "tests/cli_runner.h"
#include "tests/scratch_dir.h"
#include "tests/test_support.h"

using namespace mnb;
using namespace mnb::testing;

namespace {

constexpr int64_t kPixels = 28 * 28;

LabeledImages KannadaTest() {
  const std::string dir = DataDir() + "/kannada-mnist/";
  return ReadIdxPair(dir + "X_kannada_MNIST_test-idx3-ubyte.gz",
                     dir + "y_kannada_MNIST_test-idx1-ubyte.gz");
}

void WriteCsv(const std::string& path, const LabeledImages& set, int64_t from, int64_t to,
              bool header) {
  std::ofstream out(path, std::ios::binary);
  if (header) {
    out << "label";
    for (int64_t p = 0; p < kPixels; ++p) out << ",pixel" << p;
    out << "\n";
  }
  for (int64_t i = from; i < to; ++i) {
    out << static_cast<int>(set.labels[i]);
    for (int64_t p = 0; p < kPixels; ++p) out << ',' << static_cast<int>(set.images[i * kPixels + p]);
    out << "\n";
  }
  REQUIRE(out.good());
}

void WriteBigEndian(std::ofstream& out, uint32_t v) {
  const char bytes[4] = {static_cast<char>(v >> 24), static_cast<char>(v >> 16),
                         static_cast<char>(v >> 8), static_cast<char>(v)};
  out.write(bytes, 4);
}

void WriteIdx(const std::string& images, const std::string& labels, const LabeledImages& set,
              int64_t from, int64_t to) {
  std::ofstream x(images, std::ios::binary), y(labels, std::ios::binary);
  WriteBigEndian(x, kIdxImagesMagic);
  for (uint32_t d : {static_cast<uint32_t>(to - from), 28u, 28u}) WriteBigEndian(x, d);
  x.write(reinterpret_cast<const char*>(&set.images[from * kPixels]), (to - from) * kPixels);
  WriteBigEndian(y, kIdxLabelsMagic);
  WriteBigEndian(y, static_cast<uint32_t>(to - from));
  y.write(reinterpret_cast<const char*>(&set.labels[from]), to - from);
  REQUIRE((x.good() && y.good()));
}

// train: 1,500 images as a Kaggle CSV with its header; test: 500 more, headerless and gzipped;
// an eval set of 300 as IDX; and the same splits as an IDX-only dataset.
void MakeDatasets(const ScratchDir& dir) {
  const LabeledImages kannada = KannadaTest();
  std::filesystem::create_directories(dir.file("csv"));
  std::filesystem::create_directories(dir.file("idx"));
  WriteCsv(dir.file("csv/train.csv"), kannada, 0, 1500, true);
  WriteCsv(dir.file("csv/test.csv"), kannada, 1500, 2000, false);
  REQUIRE(std::system(("gzip -f '" + dir.file("csv/test.csv") + "'").c_str()) == 0);
  WriteIdx(dir.file("csv/extra-images"), dir.file("csv/extra-labels"), kannada, 2000, 2300);
  WriteIdx(dir.file("idx/train-images"), dir.file("idx/train-labels"), kannada, 0, 1500);
  WriteIdx(dir.file("idx/test-images"), dir.file("idx/test-labels"), kannada, 1500, 2000);
}

const char* kCsvExperiment = R"toml(name = "own"
[dataset]
name = "kannada-own"
path = "csv"
format = "csv"
train = "train.csv"
test = "test.csv.gz"
eval = { extra = { images = "extra-images", labels = "extra-labels" } }
val_size = 200
[grid]
epochs = 1
seed = 1
[[model]]
name = "tiny"
layers = "flatten, dense(32), relu, dense(10)"
)toml";

std::string Write(const ScratchDir& dir, const std::string& name, const std::string& text) {
  std::ofstream(dir.file(name)) << text;
  return dir.file(name);
}

}  // namespace

TEST_CASE("your own CSV and IDX files train through run, named and checksummed",
          "[custom-data][runner][torch]") {
  ScratchDir dir("custom-data");
  MakeDatasets(dir);
  const std::string file = Write(dir, "own.toml", kCsvExperiment), db = dir.file("own.db");
  const CliResult r = RunCli("run --device cpu '" + file + "' --db '" + db + "' --threads 2");
  INFO(r.out << r.err);
  REQUIRE(r.exit_code == 0);
  StoreReader results(db);
  const ResultSet set = ReadResultSet(results, {});
  REQUIRE(set.runs.size() == 1);
  const RunRow& run = set.runs[0];
  CHECK(run.dataset == "kannada-own");
  REQUIRE(run.test_accuracy);
  CHECK(*run.test_accuracy > 0.5);  // 1,300 training images of 10 digits, one epoch
  CHECK(run.eval_accuracy.count("extra") == 1);
  const std::optional<RunRow> record = results.Record(run.run_id);
  REQUIRE(record);
  CHECK(record->data_sha256.size() == 64);
  CHECK_THAT(record->config_json, Catch::Contains("\"data_source\"") &&
                                      Catch::Contains("test.csv.gz"));
  const CliResult report = RunCli("report --db '" + db + "'");
  CHECK_THAT(report.out, Catch::Contains("| kannada-own |"));
  // The recorded run reproduces from the files, wherever the data directory flag points.
  const CliResult again = RunCli("reproduce 1 --db '" + db + "' --data-dir /nonexistent");
  INFO(again.out << again.err);
  CHECK(again.exit_code == 0);

  // The same splits as IDX files, through `train` from the command line.
  const CliResult idx = RunCli(
      "train --data-path '" + dir.file("idx") + "' --format idx --train train-images,train-labels"
      " --test test-images,test-labels --layers 'flatten, dense(32), relu, dense(10)' "
      "--val-size 200 --threads 2 --json");
  INFO(idx.out << idx.err);
  CHECK(idx.exit_code == 0);
  CHECK_THAT(idx.out, Catch::Contains("\"dataset\":\"custom\""));
}

TEST_CASE("the run key follows the files' content, not their names or place", "[custom-data]") {
  ScratchDir dir("custom-keys");
  MakeDatasets(dir);
  auto key = [&](const std::string& text) {
    return ExpandPlan(ParseExperiment(text, dir.file("own.toml"))).runs.at(0).run_key;
  };
  const std::string first = key(kCsvExperiment);
  CHECK(key(kCsvExperiment) == first);
  // Moved and renamed, same bytes: the same run.
  std::filesystem::rename(dir.file("csv"), dir.file("moved"));
  std::filesystem::rename(dir.file("moved/train.csv"), dir.file("moved/renamed.csv"));
  std::string moved = kCsvExperiment;
  moved.replace(moved.find("path = \"csv\""), 12, "path = \"moved\"");
  moved.replace(moved.find("\"train.csv\""), 11, "\"renamed.csv\"");
  CHECK(key(moved) == first);
  // One image fewer: other data, another run.
  const LabeledImages kannada = KannadaTest();
  WriteCsv(dir.file("moved/renamed.csv"), kannada, 0, 1499, true);
  CHECK(key(moved) != first);
}

TEST_CASE("runs planned before the data moved train from its new place",
          "[custom-data][runner][torch]") {
  ScratchDir dir("custom-moved");
  MakeDatasets(dir);
  const std::string db = dir.file("own.db");
  {
    // Planned (queued) where the data was: what an interrupted sweep leaves behind.
    const Experiment experiment = ParseExperiment(kCsvExperiment, dir.file("own.toml"));
    const Plan plan = ExpandPlan(experiment);
    Store store(db);
    const int64_t id = store.UpsertExperiment(experiment.name, dir.file("own.toml"), experiment.text);
    std::vector<NewRun> rows;
    for (const PlannedRun& run : plan.runs) {
      rows.push_back({run.run_key, run.spec, RunSpecToJson(run.spec), run.params});
    }
    REQUIRE(store.InsertPlan(id, rows) == 1);
  }
  std::filesystem::rename(dir.file("csv"), dir.file("moved"));
  std::string moved = kCsvExperiment;
  moved.replace(moved.find("path = \"csv\""), 12, "path = \"moved\"");
  const std::string file = Write(dir, "own.toml", moved);
  // Workers read each run's stored configuration, so it must now name the new folder.
  const CliResult r = RunCli("run --device cpu '" + file + "' --db '" + db + "' --workers 2 --threads 2");
  INFO(r.out << r.err);
  CHECK(r.exit_code == 0);
  StoreReader reader(db);
  const ResultSet set = ReadResultSet(reader, {});
  REQUIRE(set.runs.size() == 1);
  CHECK(set.runs[0].status == "completed");
  CHECK_THAT(StoreReader(db).Record(set.runs[0].run_id)->config_json,
             Catch::Contains(dir.file("moved")));
}

TEST_CASE("defects in your own data are one line naming FILE:LINE, exit 2",
          "[custom-data][torch]") {
  ScratchDir dir("custom-bad");
  MakeDatasets(dir);
  const std::string db = dir.file("bad.db");
  auto run = [&](const std::string& text) {
    const std::string file = Write(dir, "bad.toml", text);
    return RunCli("run --device cpu '" + file + "' --db '" + db + "' --threads 2");
  };
  auto with = [&](const std::string& from, const std::string& to) {
    std::string text = kCsvExperiment;
    text.replace(text.find(from), from.size(), to);
    return text;
  };
  std::ofstream(dir.file("csv/empty.csv")).flush();
  std::ofstream(dir.file("csv/short.csv")) << "label,pixel0,pixel1\n3,0,0\n";
  std::string zeros;
  for (int i = 0; i < kPixels; ++i) zeros += ",0";
  std::ofstream(dir.file("csv/letters.csv")) << "3,x" << zeros.substr(2) << "\n";
  std::ofstream(dir.file("csv/label.csv")) << "12" << zeros << "\n";
  const std::vector<std::pair<std::string, std::string>> cases = {
      {with("\"train.csv\"", "\"absent.csv\""), "bad.toml:6: [dataset] " + dir.file("csv/absent.csv") + ": no such file"},
      {with("\"train.csv\"", "\"empty.csv\""), dir.file("csv/empty.csv") + ":1: empty file"},
      {with("\"train.csv\"", "\"short.csv\""), dir.file("csv/short.csv") + ":1: header has 3 columns"},
      {with("\"train.csv\"", "\"letters.csv\""), dir.file("csv/letters.csv") + ":1: column 2 is 'x'"},
      {with("\"train.csv\"", "\"label.csv\""), dir.file("csv/label.csv") + ":1: label 12 (expected 0..9)"},
      {with("name = \"kannada-own\"", "name = \"mnist\""), "bad.toml:3: [dataset] name 'mnist' is a built-in"},
      {with("format = \"csv\"", "format = \"json\""), "bad.toml:5: [dataset] format 'json'"},
      {with("path = \"csv\"", "path = \"nowhere\""), "bad.toml:4: [dataset] path"},
  };
  for (const auto& [text, expected] : cases) {
    const CliResult r = run(text);
    INFO(text << "\n" << r.err);
    CHECK(r.exit_code == 2);
    CHECK_THAT(r.err, Catch::Contains(expected));
    CHECK(std::count(r.err.begin(), r.err.end(), '\n') == 1);
  }
}
