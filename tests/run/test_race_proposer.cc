// A race's rounds (harness/run/race_proposer.h) on a real SQLite store with a fake objective:
// claims, epochs and outcomes are written as a worker writes them, without training.
#include <catch2/catch.hpp>

#include <chrono>
#include <cmath>
#include <map>
#include <string>
#include <vector>

#include "harness/config/experiment.h"
#include "harness/run/progress.h"
#include "harness/run/race_proposer.h"
#include "harness/run/tpe_proposer.h"
#include "harness/store/race_rounds.h"
#include "harness/store/store.h"
#include "tests/scratch_dir.h"

using namespace mnb;
using namespace mnb::testing;

namespace {

// lr 1e-3 is best, 2e-3 within noise of it, 3e-3 far below, 0.5 diverges.
const char* kRace = R"toml(name = "race"
[dataset]
name = "mnist"
limit_train = 1000
[grid]
lr = [1e-3, 2e-3, 3e-3, 0.5]
[race]
min_seeds = 2
max_seeds = 4
tie_within = 0
[[model]]
name = "lenet5"
)toml";

// The fake objective: the variant's level plus a seed's deterministic noise of a few tenths.
double Objective(double lr, uint64_t seed) {
  const double noise = 0.002 * static_cast<double>(static_cast<int64_t>((seed * 37) % 11) - 5);
  if (lr < 1.5e-3) return 0.950 + noise;
  if (lr < 2.5e-3) return 0.949 - noise;
  return 0.50 + noise;
}

struct Sweep {
  Store store;
  int64_t id = 0;
  explicit Sweep(const std::string& db, const std::string& text = kRace) : store(db) {
    const Experiment ex = ParseExperiment(text, "race.toml");
    id = store.UpsertExperiment(ex.name, "race.toml", ex.text);
    std::vector<NewRun> rows;
    for (const PlannedRun& run : ExpandPlan(ex).runs) {
      rows.push_back({run.run_key, run.spec, RunSpecToJson(run.spec), run.params});
    }
    REQUIRE(store.InsertPlan(id, rows) == 8);
  }
  std::optional<ClaimedRun> Claim() {
    return store.ClaimNextRun(id, WorkerId::Current(), std::chrono::hours(1), [&](Database& db) {
      return ProposeTpeTrial(db, id) || ProposeRaceRound(db, id);
    });
  }
  // Trains `run` as the fake objective says: one epoch, then its outcome.
  void Finish(const ClaimedRun& run) {
    const RunSpec spec = RunSpecFromJson(run.config_json);
    RunOutcome outcome;
    outcome.epochs_done = 1;
    if (spec.lr > 0.1) {
      outcome.status = RunStatus::kDiverged;
      outcome.diverged_epoch = 1;
      outcome.error = "loss is nan";
    } else {
      EpochMetrics m;
      m.epoch = 1;
      m.val = SplitMetrics{0.2, Objective(spec.lr, spec.seed)};
      m.test = SplitMetrics{0.2, Objective(spec.lr, spec.seed) - 0.01};
      REQUIRE(store.RecordEpoch(run.claim, m));
    }
    REQUIRE(store.FinishRun(run.claim, outcome));
  }
  std::map<double, int64_t> RunsPerLr() {
    std::map<double, int64_t> n;
    for (const RunRow& r : store.Runs(id)) ++n[r.lr];
    return n;
  }
};

}  // namespace

TEST_CASE("race proposer: rounds wait for their runs, then stop the worst and seed the rest",
          "[race][runner]") {
  ScratchDir dir("race-proposer");
  Sweep sweep(dir.file("race.db"));
  CHECK(UnplannedRaceRuns(sweep.store.db(), sweep.id) == 4 * 2);
  // Round 1: claim all eight runs; while one is still running no round is judged.
  std::vector<ClaimedRun> claimed;
  while (auto run = sweep.Claim()) claimed.push_back(*run);
  REQUIRE(claimed.size() == 8);
  for (size_t i = 0; i + 1 < claimed.size(); ++i) sweep.Finish(claimed[i]);
  CHECK_FALSE(sweep.Claim());
  CHECK(ReadRaceRounds(sweep.store.db(), sweep.id).empty());
  sweep.Finish(claimed.back());
  // The next claim judges round 1 and takes one of the new seeds' runs.
  std::optional<ClaimedRun> next = sweep.Claim();
  REQUIRE(next);
  std::map<std::string, int64_t> verdicts;
  for (const RaceRoundRow& r : ReadRaceRounds(sweep.store.db(), sweep.id)) {
    CHECK(r.seeds == 2);
    ++verdicts[r.verdict];
  }
  CHECK(verdicts == std::map<std::string, int64_t>{{"continue", 2}, {"below_best", 1}, {"diverged", 1}});
  CHECK(sweep.RunsPerLr() == std::map<double, int64_t>{{1e-3, 3}, {2e-3, 3}, {3e-3, 2}, {0.5, 2}});
  CHECK(RunSpecFromJson(next->config_json).seed == 3);
  CHECK(UnplannedRaceRuns(sweep.store.db(), sweep.id) == 2);
  // The runs to come (progress totals, ETA) are those two, queued, as RunRows.
  const RunsToCome to_come = RunsToComeOf(sweep.store.db(), sweep.id);
  CHECK(to_come.tpe.empty());
  REQUIRE(to_come.race.size() == 2);
  for (const RunRow& r : to_come.race) CHECK(r.status == "queued");
  // Judging again while round 2 runs changes nothing: a round is taken once.
  CHECK_FALSE(ProposeRaceRound(sweep.store.db(), sweep.id));
  CHECK(ReadRaceRounds(sweep.store.db(), sweep.id).size() == 4);

  // Run the race out: the two close variants reach max_seeds, still open at the top.
  sweep.Finish(*next);
  while (auto run = sweep.Claim()) sweep.Finish(*run);
  CHECK(sweep.RunsPerLr() == std::map<double, int64_t>{{1e-3, 4}, {2e-3, 4}, {3e-3, 2}, {0.5, 2}});
  const std::vector<RaceRoundRow> rounds = ReadRaceRounds(sweep.store.db(), sweep.id);
  REQUIRE(rounds.size() == 4 + 2 + 2);
  int64_t at_max = 0;
  for (const RaceRoundRow& r : rounds) {
    if (r.verdict == "max_seeds") {
      ++at_max;
      CHECK(r.seeds == 4);
      REQUIRE(r.best_mean);
    }
    if (r.verdict == "below_best") {
      REQUIRE(r.p_adjusted);
      CHECK(*r.p_adjusted < 0.05);
      CHECK(*r.mean == Approx(0.5).margin(0.02));
    }
  }
  CHECK(at_max == 2);
  CHECK(UnplannedRaceRuns(sweep.store.db(), sweep.id) == 0);
  CHECK_FALSE(ProposeRaceRound(sweep.store.db(), sweep.id));
  CHECK(ReadRaceRounds(sweep.store.db(), sweep.id).size() == rounds.size());
}

TEST_CASE("race proposer: seeds planned before the race count, and gaps are filled",
          "[race][runner]") {
  ScratchDir dir("race-before");
  Sweep sweep(dir.file("race.db"));
  // Seed 4 of the best variant was run by an earlier seed grid, without the race.
  const Experiment ex = ParseExperiment(kRace, "race.toml");
  RunSpec early = ExpandPlan(ex).runs[0].spec;
  early.race = RaceSettings{};
  early.seed = 4;
  REQUIRE(sweep.store.InsertPlan(sweep.id, {{RunKey(early), early, RunSpecToJson(early), 1}}) == 1);
  CHECK(UnplannedRaceRuns(sweep.store.db(), sweep.id) == 1 + 2 + 2 + 2);
  while (auto run = sweep.Claim()) sweep.Finish(*run);
  // lr 1e-3 had seeds 1, 2, 4: its fourth seed was 3, not a second 4.
  Statement q(sweep.store.db(), "SELECT group_concat(seed) FROM (SELECT seed FROM runs WHERE "
                                "lr = 0.001 ORDER BY seed)");
  REQUIRE(q.Step());
  CHECK(q.Text(0) == "1,2,3,4");
}

TEST_CASE("race proposer: a tie within one point ends the race before max_seeds", "[race][runner]") {
  ScratchDir dir("race-tie");
  std::string text = kRace;
  text.replace(text.find("max_seeds = 4\ntie_within = 0"), 27, "max_seeds = 10");
  Sweep sweep(dir.file("race.db"), text);
  while (auto run = sweep.Claim()) sweep.Finish(*run);
  std::map<std::string, int64_t> final_verdicts;
  int64_t last_round = 0;
  for (const RaceRoundRow& r : ReadRaceRounds(sweep.store.db(), sweep.id)) {
    last_round = std::max(last_round, r.round);
  }
  for (const RaceRoundRow& r : ReadRaceRounds(sweep.store.db(), sweep.id)) {
    if (r.verdict != "continue") ++final_verdicts[r.verdict];
  }
  CHECK(final_verdicts ==
        std::map<std::string, int64_t>{{"below_best", 1}, {"diverged", 1}, {"tied", 2}});
  const std::map<double, int64_t> runs = sweep.RunsPerLr();
  CHECK(runs.at(1e-3) == runs.at(2e-3));
  CHECK(runs.at(1e-3) < 10);  // the tie saved seeds
  CHECK(runs.at(1e-3) == 2 + last_round - 1);
  CHECK(UnplannedRaceRuns(sweep.store.db(), sweep.id) == 0);
}
