// Variant identity on a TPE search's store: the SQL views (schema 9) and harness/results'
// VariantConfigJson spell a variant the same, a trial's bookkeeping (`search`) names no variant,
// and a read-only connection to a version-8 file groups as version 9 without changing the file.
#include <catch2/catch.hpp>

#include <chrono>
#include <string>
#include <vector>

#include "harness/plan/plan.h"
#include "harness/results/result_set.h"
#include "harness/results/variants.h"
#include "harness/store/reader.h"
#include "harness/store/schema.h"
#include "harness/store/store.h"
#include "tests/scratch_dir.h"

using namespace mnb;
using namespace mnb::testing;

namespace {

// A TPE search of four trials, two seeds each, all completed; trials 1 and 3 sampled the same
// learning rate, so they are one configuration: three variants. Written to a new store at `path`.
void WriteTpeSearch(const std::string& path) {
  Store store(path);
  const int64_t id = store.UpsertExperiment("tpe", "tpe.toml", "");
  const std::vector<double> lrs = {0.01, 0.002, 0.05, 0.002};
  std::vector<NewRun> plan;
  for (size_t trial = 0; trial < lrs.size(); ++trial) {
    for (uint64_t seed : {1, 2}) {
      RunSpec spec;
      spec.model = "mlp";
      spec.lr = lrs[trial];
      spec.seed = seed;
      spec.search_trial.method = "tpe";
      spec.search_trial.seed = 7;
      spec.search_trial.trials = 4;
      spec.search_trial.trial = static_cast<int64_t>(trial);
      spec.search_trial.space_json =
          R"([{"high":0.1,"kind":"log_uniform","low":0.0001,"name":"lr"}])";
      spec.search_trial.params_json = "[{\"f\":" + std::to_string(lrs[trial]) + "}]";
      plan.push_back({RunKey(spec) + "-" + std::to_string(trial), spec, RunSpecToJson(spec), 10});
    }
  }
  REQUIRE(store.InsertPlan(id, plan) == 8);
  double accuracy = 0.80;
  while (auto run = store.ClaimNextRun(id, WorkerId::Current(), std::chrono::hours(1))) {
    EpochMetrics m;
    m.epoch = 1;
    m.val = SplitMetrics{0.5, accuracy};
    m.test = SplitMetrics{0.5, accuracy};
    accuracy += 0.01;
    REQUIRE(store.RecordEpoch(run->claim, m));
    REQUIRE(store.FinishRun(run->claim, RunOutcome{}));
  }
}

int64_t Count(Database& db, const std::string& sql) {
  Statement q(db, sql);
  q.Step();
  return q.Int(0);
}

// The labels ReadResultSet gives the experiment's variants.
std::vector<std::string> Labels(StoreReader& reader) {
  std::vector<std::string> labels;
  for (const Variant& v : ReadResultSet(reader, {}).variants) labels.push_back(v.label);
  return labels;
}

}  // namespace

TEST_CASE("variant identity: a TPE trial is its settings in SQL and in every report",
          "[results][search]") {
  ScratchDir dir("variant-identity");
  const std::string path = dir.file("tpe.db");
  WriteTpeSearch(path);
  StoreReader reader(path);
  const auto rows = reader.Query(
      "SELECT r.config_json, s.variant_config FROM runs r JOIN run_summary s ON s.run_id = r.id");
  REQUIRE(rows.at(0).rows.size() == 8);
  for (const auto& row : rows[0].rows) {
    INFO(row[0].text);
    CHECK(row[0].text.find("\"search\"") != std::string::npos);
    CHECK(VariantConfigJson(row[0].text) == row[1].text);  // the same text, not only equal JSON
  }
  CHECK(reader.Query("SELECT COUNT(*) FROM leaderboard").at(0).rows.at(0).at(0).integer == 3);
  const std::vector<std::string> labels = Labels(reader);
  CHECK(labels.size() == 3);
  for (const std::string& label : labels) {
    INFO(label);
    CHECK(label.find("search") == std::string::npos);
    CHECK(label.find("lr=") != std::string::npos);
  }
  const ResultSet set = ReadResultSet(reader, {});
  bool merged = false;
  for (const Variant& v : set.variants) merged = merged || v.n == 4;  // trials 1 and 3
  CHECK(merged);
}

TEST_CASE("variant identity: a version-8 file is read as version 9 and migrated by a writer",
          "[results][search][schema]") {
  ScratchDir dir("variant-identity-v8");
  const std::string path = dir.file("tpe.db");
  WriteTpeSearch(path);
  {
    Store store(path);
    // Version 8's run_summary kept a TPE trial's `search`: one variant per trial.
    const std::string v8 = "json_remove(r.config_json, '$.seed', '$.threads', '$.device', '$.race')";
    std::string select;
    {
      Statement q(store.db(), "SELECT sql FROM sqlite_master WHERE name = 'run_summary'");
      REQUIRE(q.Step());
      select = q.Text(0);
    }
    const std::string now = VariantConfigSql();
    REQUIRE(select.find(now) != std::string::npos);
    select.replace(select.find(now), now.size(), v8);
    store.db().Exec("DROP VIEW run_summary; " + select + "; PRAGMA user_version = 8");
    CHECK(Count(store.db(), "SELECT COUNT(*) FROM leaderboard") == 4);
  }
  {
    StoreReader reader(path);  // read-only: TEMP views of version 9 hide the stored ones
    CHECK(reader.Query("SELECT COUNT(*) FROM leaderboard").at(0).rows.at(0).at(0).integer == 3);
    CHECK(reader.Query("SELECT COUNT(*) FROM variant_stats").at(0).rows.at(0).at(0).integer == 3);
    CHECK(Labels(reader).size() == 3);
  }
  {
    Database file(path, Database::Mode::kReadOnly);  // ... and the file is unchanged
    CHECK(SchemaVersion(file) == 8);
    CHECK(Count(file, "SELECT COUNT(*) FROM leaderboard") == 4);
  }
  {
    Store store(path);  // a writer migrates it
    CHECK(SchemaVersion(store.db()) == kSchemaVersion);
    CHECK(Count(store.db(), "SELECT COUNT(*) FROM leaderboard") == 3);
  }
}
