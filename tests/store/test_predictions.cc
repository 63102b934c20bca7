// Per-example predictions: the store keeps exactly the final and the best epoch's, and a real
// short run's BLOB decodes to exactly its stored test accuracy.
#include <catch2/catch.hpp>

#include <fstream>
#include <set>
#include <string>
#include <vector>

#include "harness/data/idx.h"
#include "harness/data/registry.h"
#include "harness/plan/plan.h"
#include "harness/store/predictions.h"
#include "harness/results/result_set.h"
#include "harness/store/store.h"
#include "tests/cli_runner.h"
#include "tests/golden_db.h"
#include "tests/scratch_dir.h"
#include "tests/test_support.h"

using namespace mnb;
using namespace mnb::testing;

namespace {

std::set<int64_t> StoredEpochs(Database& db, int64_t run_id) {
  std::set<int64_t> epochs;
  for (const StoredPredictions& p : ReadPredictions(db, run_id)) epochs.insert(p.epoch);
  return epochs;
}

}  // namespace

TEST_CASE("predictions are kept for the final and the best epoch only", "[predictions][store]") {
  ScratchDir dir("predictions");
  Store store(dir.file("p.db"));
  const int64_t id = store.UpsertExperiment("p", "p.toml", "");
  RunSpec spec;
  spec.epochs = 4;
  REQUIRE(store.InsertPlan(id, {{RunKey(spec), spec, RunSpecToJson(spec), 10}}) == 1);
  const auto claim = golden::ClaimAll(store, id, 1, 0, {"cpu", 1, "1.13.1", "abc", ""})[0];
  const double val[] = {0.5, 0.9, 0.7, 0.95};
  const std::set<int64_t> expected[] = {{1}, {2}, {2, 3}, {4}};
  for (int64_t e = 1; e <= 4; ++e) {
    EpochMetrics m = golden::Epoch(e, 0.8, 0.0, true, 1.0);
    m.val = SplitMetrics{0.1, val[e - 1]};
    m.predictions = {{"test", std::vector<uint8_t>(5, static_cast<uint8_t>(e))},
                     {"dig-mnist", {1, 2, 3}}};
    REQUIRE(store.RecordEpoch(claim, m));
    INFO("after epoch " << e);
    CHECK(StoredEpochs(store.db(), claim.run_id) == expected[e - 1]);
  }
  const auto rows = ReadPredictions(store.db(), claim.run_id);
  REQUIRE(rows.size() == 2);  // dig-mnist and test at epoch 4
  CHECK(rows[0].eval_set == "dig-mnist");
  CHECK(rows[0].classes == std::vector<uint8_t>{1, 2, 3});
  CHECK(rows[1].classes == std::vector<uint8_t>(5, 4));
}

TEST_CASE("a real run's predictions decode to exactly its stored test accuracy",
          "[predictions][runner][torch]") {
  ScratchDir dir("predictions-run");
  const std::string file = dir.file("p.toml"), db = dir.file("p.db");
  std::ofstream(file) << "name = \"p\"\n[dataset]\nname = \"mnist\"\nval_size = 200\n"
                         "limit_train = 800\n[grid]\nepochs = 2\nseed = [1, 2]\n[[model]]\n"
                         "name = \"tiny\"\nlayers = \"flatten, dense(16), relu, dense(10)\"\n";
  const CliResult r = RunCli("run --device cpu '" + file + "' --db '" + db + "' --threads 2 --data-dir '" +
                             DataDir() + "'");
  INFO(r.err);
  REQUIRE(r.exit_code == 0);

  const DatasetInfo& mnist = *FindDataset("mnist");
  std::vector<uint8_t> labels;
  for (const SplitFiles& split : mnist.files) {
    if (split.split == "test") labels = ReadIdx(*FindFile(DataDir(), mnist, split.labels)).data;
  }
  REQUIRE(labels.size() == 10000);

  StoreReader results(db);
  const ResultSet set = ReadResultSet(results, {});
  REQUIRE(set.runs.size() == 2);
  for (const RunRow& run : set.runs) {
    const auto stored = results.Predictions(run.run_id);
    std::set<int64_t> epochs;
    for (const StoredPredictions& p : stored) {
      REQUIRE(p.eval_set == "test");
      REQUIRE(p.classes.size() == labels.size());  // one byte per test example
      epochs.insert(p.epoch);
      if (p.epoch == *run.final_epoch) {
        int64_t correct = 0;
        for (size_t i = 0; i < labels.size(); ++i) correct += p.classes[i] == labels[i];
        CHECK(static_cast<double>(correct) / static_cast<double>(labels.size()) ==
              *run.test_accuracy);
      }
    }
    CHECK(epochs == std::set<int64_t>{*run.best_epoch, *run.final_epoch});
  }

  // compare runs McNemar on them: one seed each, the one test that works with a single seed.
  const CliResult c = RunCli("compare 'run 1' 'run 2' --db '" + db + "' --data-dir '" +
                             DataDir() + "' --format json");
  INFO(c.err);
  REQUIRE(c.exit_code == 0);
  CHECK_THAT(c.out, Catch::Contains("\"run_a\": 1") && Catch::Contains("\"run_b\": 2") &&
                        !Catch::Contains("mcnemar_note"));
}
