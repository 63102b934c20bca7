// `reproduce`: the comparison on hand-made epochs (every metric, bit for bit, predictions byte by
// byte, NaN as the NULL SQLite stores), and a real run re-trained through the CLI: bit-identical,
// then a stored metric altered by one ulp is found, and the database is never written.
#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "harness/base/sha256.h"
#include "harness/check/reproduce.h"
#include "harness/store/sqlite.h"
#include "tests/cli_runner.h"
#include "tests/scratch_dir.h"
#include "tests/test_support.h"

using namespace mnb;
using namespace mnb::testing;

namespace {

EpochMetrics Metrics(int64_t epoch) {
  EpochMetrics m;
  m.epoch = epoch;
  m.train = {0.5 / static_cast<double>(epoch), 0.9};
  m.val = SplitMetrics{0.4, 0.91};
  m.test = SplitMetrics{0.3, 0.92};
  m.evals = {{"dig-mnist", {0.8, 0.7}}};
  m.lr = 1e-3;
  m.seconds = 10;
  m.predictions = {{"test", {1, 2, 3}}, {"dig-mnist", {4, 5}}};
  return m;
}

std::vector<StoredPredictions> Stored(int64_t epoch) {
  return {{"test", epoch, {1, 2, 3}}, {"dig-mnist", epoch, {4, 5}}};
}

std::string FileSha256(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream bytes;
  bytes << in.rdbuf();
  return Sha256Hex(bytes.str());
}

}  // namespace

TEST_CASE("reproduce compares every recorded metric bit for bit, in column order", "[reproduce]") {
  std::vector<EpochResult> recorded = {AsRecorded(Metrics(1)).metrics,
                                       AsRecorded(Metrics(2)).metrics};
  std::vector<ReproducedEpoch> again = {AsRecorded(Metrics(1)), AsRecorded(Metrics(2))};
  // Timings are the machine's, never compared.
  again[1].metrics.seconds = 99;
  ReproduceComparison same = CompareEpochs(recorded, Stored(2), again);
  CHECK_FALSE(same.first_difference);
  CHECK(same.epochs == 2);
  CHECK(same.values == 2 * 9);  // 7 columns + the eval set's loss and accuracy
  CHECK(same.predictions == 5);

  SECTION("one ulp of test_loss in epoch 2 is a difference, named with both exact values") {
    again[1].metrics.test_loss = std::nextafter(0.3, 1.0);
    const ReproduceComparison c = CompareEpochs(recorded, {}, again);
    REQUIRE(c.first_difference);
    CHECK(c.first_difference->epoch == 2);
    CHECK(c.first_difference->metric == "test_loss");
    CHECK(c.first_difference->recorded == "0.3");
    CHECK(c.first_difference->reproduced == "0.30000000000000004");
    CHECK(c.epochs == 1);
    CHECK(c.values == 9 + 4);  // epoch 1, then train and val of epoch 2
  }
  SECTION("an eval set's metric and an absent value count too") {
    again[0].metrics.eval_accuracy["dig-mnist"] = 0.71;
    auto c = CompareEpochs(recorded, {}, again);
    REQUIRE(c.first_difference);
    CHECK(c.first_difference->metric == "dig-mnist accuracy");
    again[0].metrics.eval_accuracy["dig-mnist"] = 0.7;
    again[0].metrics.val_loss.reset();
    c = CompareEpochs(recorded, {}, again);
    REQUIRE(c.first_difference);
    CHECK(c.first_difference->metric == "val_loss");
    CHECK(c.first_difference->reproduced == "NULL");
  }
  SECTION("-0.0 is not 0.0, and a NaN matches the NULL SQLite stored for it") {
    EpochMetrics zero = Metrics(1);
    zero.lr = 0.0;
    EpochMetrics negative = zero;
    negative.lr = -0.0;
    CHECK(CompareEpochs({AsRecorded(zero).metrics}, {}, {AsRecorded(negative)}).first_difference);
    EpochMetrics diverged = Metrics(1);
    diverged.train.loss = std::nan("");
    EpochResult stored = AsRecorded(diverged).metrics;
    CHECK_FALSE(stored.train_loss);
    CHECK_FALSE(CompareEpochs({stored}, {}, {AsRecorded(diverged)}).first_difference);
  }
  SECTION("predictions are compared byte by byte, naming the example") {
    again[1].predictions[0].classes[2] = 7;
    const ReproduceComparison c = CompareEpochs(recorded, Stored(2), again);
    REQUIRE(c.first_difference);
    CHECK(c.first_difference->metric == "test predictions (example 2)");
    CHECK(c.first_difference->recorded == "class 3");
    CHECK(c.first_difference->reproduced == "class 7");
  }
}

TEST_CASE("reproduce names only the environment fields that differ", "[reproduce]") {
  const WhereRun then{"cpu", "1.13.1", "abc1234", "d00d", "box", 2};
  CHECK(EnvironmentDifferences(then, then).empty());
  WhereRun now = then;
  now.threads = 8;
  now.torch_version = "2.1.0";
  const auto lines = EnvironmentDifferences(then, now);
  REQUIRE(lines.size() == 2);
  CHECK(lines[0] == "torch: 1.13.1 recorded, 2.1.0 here");
  CHECK(lines[1] == "threads: 2 recorded, 8 here");
  RunRow run;
  run.run_id = 3;
  run.experiment = "x";
  ReproduceComparison c;
  c.epochs = 1;
  c.first_difference = MetricDifference{2, "lr", "0.001", "0.002"};
  const std::string text = RenderReproduction(run, c, lines);
  CHECK_THAT(text, Catch::StartsWith("run 3 (x): differs at epoch 2, lr: recorded 0.001, "
                                     "reproduced 0.002") &&
                       Catch::Contains("threads: 2 recorded, 8 here"));
}

TEST_CASE("a real run reproduces bit-identically; an altered metric is found; the db is untouched",
          "[reproduce][runner][torch]") {
  ScratchDir dir("reproduce-run");
  const std::string file = dir.file("r.toml"), db = dir.file("r.db");
  std::ofstream(file) << "name = \"r\"\n[dataset]\nname = \"mnist\"\nval_size = 200\n"
                         "limit_train = 600\nlimit_test = 500\n[grid]\nepochs = 2\nseed = 3\n"
                         "[[model]]\nname = \"tiny\"\n"
                         "layers = \"flatten, dense(16), relu, dropout(0.1), dense(10)\"\n";
  const std::string data = " --data-dir '" + DataDir() + "'";
  const CliResult r = RunCli("run --device cpu '" + file + "' --db '" + db + "' --threads 2" + data);
  INFO(r.err);
  REQUIRE(r.exit_code == 0);
  const std::string before = FileSha256(db);

  CliResult again = RunCli("reproduce 1 --db '" + db + "'" + data);
  INFO(again.out << again.err);
  CHECK(again.exit_code == 0);
  CHECK_THAT(again.out, Catch::Contains("run 1 (r): bit-identical: 2 epochs, 14 values, ") &&
                            Catch::Contains("per-example predictions"));
  CHECK(FileSha256(db) == before);

  {  // One ulp off a stored metric, as a silent change of a kernel would make it.
    Database edit(db, Database::Mode::kReadWrite);
    edit.Exec("UPDATE epochs SET val_loss = val_loss * (1 + 1e-15) WHERE run_id = 1 AND epoch = 2");
  }
  again = RunCli("reproduce 'run 1' --db '" + db + "'" + data);
  CHECK(again.exit_code == 1);
  CHECK_THAT(again.out, Catch::Contains("differs at epoch 2, val_loss: recorded "));
  CHECK_THAT(again.out, Catch::Contains("same torch, threads, device, build, data and host"));
  // The first epoch alone is still identical.
  again = RunCli("reproduce 1 --epochs 1 --db '" + db + "'" + data);
  CHECK(again.exit_code == 0);
  CHECK_THAT(again.out, Catch::Contains("bit-identical: 1 epoch, 7 values"));

  {  // Recorded on other data: refused unless allowed.
    Database edit(db, Database::Mode::kReadWrite);
    edit.Exec("UPDATE runs SET data_sha256 = 'feedface' WHERE id = 1");
  }
  again = RunCli("reproduce 1 --epochs 1 --db '" + db + "'" + data);
  CHECK(again.exit_code == 2);
  CHECK_THAT(again.err, Catch::Contains("feedface") && Catch::Contains("--allow-data-change"));
  again = RunCli("reproduce 1 --epochs 1 --allow-data-change --db '" + db + "'" + data);
  CHECK(again.exit_code == 0);

  // Bad input: one line, exit 2.
  for (const std::string& args : {"reproduce 9 --db '" + db + "'",
                                  "reproduce x1 --db '" + db + "'",
                                  "reproduce 1 --epochs 3 --db '" + db + "'",
                                  "reproduce 1 --db '" + dir.file("none.db") + "'"}) {
    const CliResult bad = RunCli(args + data);
    INFO(args << "\n" << bad.err);
    CHECK(bad.exit_code == 2);
    CHECK(std::count(bad.err.begin(), bad.err.end(), '\n') == 1);
  }
}
