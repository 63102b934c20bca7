// Race rounds as the store keeps them (harness/store/race_rounds.h): schema 8, one row per variant
// and round, merge carries them with their run, and a raced run is the same variant as the run a
// seed grid planned.
#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "harness/plan/plan.h"
#include "harness/store/merge.h"
#include "harness/store/race_rounds.h"
#include "harness/store/schema.h"
#include "harness/store/store.h"
#include "tests/scratch_dir.h"

using namespace mnb;
using namespace mnb::testing;

namespace {

// Two runs of one configuration: seed 1 raced, seed 2 planned by a seed grid; both completed.
int64_t WriteTwoSeeds(Store& store, const std::string& experiment = "exp") {
  const int64_t id = store.UpsertExperiment(experiment, experiment + ".toml", "");
  RunSpec raced;
  raced.race = RaceSettings{2, 4, 0.05, 1};
  RunSpec plain;
  plain.seed = 2;
  REQUIRE(store.InsertPlan(id, {{RunKey(raced), raced, RunSpecToJson(raced), 10},
                                {RunKey(plain), plain, RunSpecToJson(plain), 10}}) == 2);
  while (auto run = store.ClaimNextRun(id, WorkerId::Current(), std::chrono::hours(1))) {
    EpochMetrics m;
    m.epoch = 1;
    m.val = SplitMetrics{0.3, 0.9};
    m.test = SplitMetrics{0.3, 0.9};
    REQUIRE(store.RecordEpoch(run->claim, m));
    REQUIRE(store.FinishRun(run->claim, RunOutcome{}));
  }
  return id;
}

int64_t Count(Database& db, const std::string& sql) {
  Statement q(db, sql);
  q.Step();
  return q.Int(0);
}

}  // namespace

TEST_CASE("race rounds: one row per variant and round, read back in order", "[store][race]") {
  ScratchDir dir("race-rounds");
  Store store(dir.file("r.db"));
  const int64_t id = WriteTwoSeeds(store);
  WriteRaceRound(store.db(), {1, 2, 3, "continue", 0.3, 0.9, 0.91});
  WriteRaceRound(store.db(), {1, 1, 2, "continue", 0.5, 0.89, 0.9});
  WriteRaceRound(store.db(), {1, 1, 2, "below_best", 0.01, 0.5, 0.9});  // round 1 again: ignored
  const std::vector<RaceRoundRow> rows = ReadRaceRounds(store.db(), id);
  REQUIRE(rows.size() == 2);
  CHECK(rows[0].round == 1);
  CHECK(rows[0].verdict == "continue");
  CHECK(*rows[0].p_adjusted == 0.5);
  CHECK(rows[1].round == 2);
  CHECK(rows[1].seeds == 3);
  CHECK(ReadRaceRounds(store.db(), id + 1).empty());
  // Only the race's own words are stored.
  CHECK_THROWS(WriteRaceRound(store.db(), {1, 3, 3, "won", {}, {}, {}}));
  // RaceRuns: every run of an experiment with a race, raced or not; none without one.
  CHECK(RaceRuns(store.db(), id).size() == 2);
  const int64_t other = store.UpsertExperiment("plain", "plain.toml", "");
  RunSpec plain;
  plain.seed = 9;
  REQUIRE(store.InsertPlan(other, {{RunKey(plain), plain, RunSpecToJson(plain), 10}}) == 1);
  CHECK(RaceRuns(store.db(), other).empty());
}

TEST_CASE("race rounds: a raced run and a seed grid's run of one configuration are one variant",
          "[store][race]") {
  ScratchDir dir("race-variant");
  Store store(dir.file("r.db"));
  WriteTwoSeeds(store);
  CHECK(Count(store.db(), "SELECT COUNT(DISTINCT variant_config) FROM run_summary") == 1);
  CHECK(Count(store.db(), "SELECT n FROM leaderboard") == 2);
}

TEST_CASE("race rounds: a version-7 database gains the table; merge carries the rows",
          "[store][race][merge]") {
  ScratchDir dir("race-migrate");
  const std::string old_db = dir.file("old.db"), merged = dir.file("merged.db");
  {
    Store store(old_db);
    WriteTwoSeeds(store);
    store.db().Exec("DROP TABLE race_rounds; DROP INDEX runs_by_race; PRAGMA user_version = 7");
  }
  {
    Database db(old_db, Database::Mode::kReadOnly);
    CHECK(ReadRaceRounds(db, 1).empty());  // read-only, before schema 8: no rows, no error
    // Nor race runs: before schema 8 no race was planned (a sweep migrates first), so the
    // reader does not read every run's JSON to find one (status on 100,000 runs: 0.32 s).
    CHECK(RaceRuns(db, 1).empty());
  }
  {
    Store store(old_db);  // migrates
    CHECK(SchemaVersion(store.db()) == kSchemaVersion);
    WriteRaceRound(store.db(), {1, 1, 2, "best", {}, 0.9, 0.9});
    CHECK(RaceRuns(store.db(), 1).size() == 2);  // migrated: the raced run and its grid twin
  }
  {
    Store out(merged);
    WriteTwoSeeds(out, "first");  // the merged runs get new ids
  }
  MergeOptions options;
  options.inputs = {old_db};
  options.output = merged;
  MergeDatabases(options);
  Store out(merged);
  const std::vector<RaceRoundRow> rows =
      ReadRaceRounds(out.db(), *out.FindExperiment("exp"));
  REQUIRE(rows.size() == 1);
  CHECK(rows[0].run_id == 3);
  CHECK(rows[0].verdict == "best");
}
