// Race standings (harness/results/race_standings.h): the golden race database
// (tests/golden_race_db.h) read back as standings through both paths (a ResultSet's variants and
// `status`'s race runs), the counts and status line, and the pure rules on hand-made rows.
#include <catch2/catch.hpp>

#include <algorithm>
#include <map>
#include <string>
#include <tuple>
#include <vector>

#include "harness/results/race_standings.h"
#include "harness/run/race_proposer.h"
#include "harness/store/reader.h"
#include "tests/golden_race_db.h"
#include "tests/scratch_dir.h"

using namespace mnb;
using namespace mnb::testing;

namespace {

// The golden race database, built once per test process.
const std::string& RaceDb() {
  static ScratchDir dir("race-standings");
  static const std::string path = [] {
    const std::string file = dir.file("race.db");
    BuildGoldenRaceDb(file);
    return file;
  }();
  return path;
}

int64_t ExperimentId(StoreReader& reader, const std::string& name) {
  for (const ExperimentRow& e : reader.ExperimentRows()) {
    if (e.name == name) return e.id;
  }
  FAIL("no experiment " << name);
  return 0;
}

std::map<std::string, RaceStanding> ByLabel(const std::vector<RaceStanding>& standings,
                                            const std::string& experiment) {
  std::map<std::string, RaceStanding> out;
  for (const RaceStanding& s : standings) {
    if (s.experiment == experiment) out[s.label] = s;
  }
  return out;
}

RunRow RaceRunOf(int64_t id, double lr, int64_t seed, const std::string& status, bool race) {
  const std::string settings = race ? R"(,"race":{"alpha":0.05,"max_seeds":6})" : "";
  const std::string config =
      R"({"lr":)" + std::to_string(lr) + R"(,"seed":)" + std::to_string(seed) + settings + "}";
  RunRow run;
  std::tie(run.run_id, run.config_json, run.status, run.seed) = std::tie(id, config, status, seed);
  return run;
}

}  // namespace

TEST_CASE("race standings map each round row to its variant through the run id",
          "[results][race]") {
  StoreReader reader(RaceDb());
  const ResultSet set = ReadResultSet(reader, {});
  const std::vector<ExperimentRace> races = ReadRaces(reader, set.experiments);
  // Only the raced experiments, in creation order, each with its own alpha.
  REQUIRE(races.size() == 2);
  CHECK(races[0].experiment == kGoldenRaceRunning);
  CHECK(races[0].alpha == 0.05);
  CHECK(races[0].race_run_ids.size() == 15);
  CHECK(races[1].experiment == kGoldenRaceDecided);
  CHECK(races[1].alpha == 0.1);

  const std::vector<RaceStanding> standings = RaceStandings(set, races);
  REQUIRE(standings.size() == 11);
  for (const RaceStanding& s : standings) {
    REQUIRE(s.variant);
    CHECK(set.variants[*s.variant].label == s.label);
    CHECK(set.variants[*s.variant].experiment == s.experiment);
  }
  // By first run: the plan's order, not the leaderboard's rank.
  CHECK(standings[0].label == "race-mlp lr=0.01");
  CHECK(standings[4].label == "race-mlp lr=0.03");

  auto running = ByLabel(standings, kGoldenRaceRunning);
  REQUIRE(running.size() == 5);
  const RaceStanding& lead = running.at("race-mlp lr=0.01");
  CHECK((lead.verdict == "racing" && lead.seeds == 4 && lead.unfinished == 1 && lead.rounds == 2));
  CHECK(lead.round_seeds == 3);
  CHECK_FALSE(lead.p_adjusted);  // the round's best
  CHECK(lead.mean == lead.best_mean);
  CHECK(running.at("race-mlp lr=0.003").verdict == "racing");
  CHECK(running.at("race-mlp lr=0.003").p_adjusted == 0.41);  // round 2's, not round 1's
  const RaceStanding& slow = running.at("race-mlp lr=0.001");
  CHECK((slow.verdict == "below_best" && slow.p_adjusted == 0.003 && slow.seeds == 3));
  CHECK(slow.best_mean == lead.best_mean);
  const RaceStanding& diverged = running.at("race-mlp lr=0.1");
  CHECK((diverged.verdict == "diverged" && diverged.rounds == 1 && !diverged.p_adjusted));
  CHECK(running.at("race-mlp lr=0.03").p_adjusted == 0.012);

  std::vector<std::string> decided;
  for (const auto& [label, s] : ByLabel(standings, kGoldenRaceDecided)) {
    decided.push_back(s.verdict);
  }
  std::sort(decided.begin(), decided.end());
  CHECK(decided == std::vector<std::string>{"below_best", "best", "failed", "max_seeds",
                                            "max_seeds", "pruned"});
}

TEST_CASE("status's race standings from the race runs agree with the variants'",
          "[results][race]") {
  StoreReader reader(RaceDb());
  const ResultSet set = ReadResultSet(reader, {});
  const std::vector<RaceStanding> full = RaceStandings(set, ReadRaces(reader, set.experiments));
  size_t at = 0;
  for (const char* experiment : {kGoldenRaceRunning, kGoldenRaceDecided}) {
    const int64_t id = ExperimentId(reader, experiment);
    const std::vector<RaceStanding> quick =
        RaceStandingsOfRuns(reader.RaceRuns(id), reader.RaceRounds(id));
    for (const RaceStanding& s : quick) {
      INFO(experiment << " standing " << at);
      REQUIRE(at < full.size());
      const RaceStanding& f = full[at++];
      CHECK(s.label.empty());
      CHECK((s.seeds == f.seeds && s.unfinished == f.unfinished && s.rounds == f.rounds));
      CHECK((s.verdict == f.verdict && s.round_seeds == f.round_seeds));
      CHECK((s.p_adjusted == f.p_adjusted && s.mean == f.mean && s.best_mean == f.best_mean));
    }
  }
  CHECK(at == full.size());
  // An experiment without a race has no race runs, and no standings.
  const int64_t sweep = ExperimentId(reader, kGoldenSweep);
  CHECK(reader.RaceRuns(sweep).empty());
  CHECK(reader.RaceRounds(sweep).empty());
}

TEST_CASE("a race counted: still racing, at how many seeds, how the others ended",
          "[results][race]") {
  StoreReader reader(RaceDb());
  const int64_t running = ExperimentId(reader, kGoldenRaceRunning);
  const RaceCounts c =
      CountRace(RaceStandingsOfRuns(reader.RaceRuns(running), reader.RaceRounds(running)));
  CHECK((c.variants == 5 && c.racing == 2 && c.racing_seeds_low == 4 && c.racing_seeds_high == 4));
  CHECK((c.below_best == 2 && c.diverged == 1 && c.best == 0));
  CHECK(UnplannedRaceRuns(reader.db(), running) == 4);
  CHECK(RaceStatusLine(c, UnplannedRaceRuns(reader.db(), running)) ==
        "race: 2 of 5 variant(s) still racing at 4 seeds; 2 below the best, 1 diverged; at most "
        "4 more run(s)");

  const int64_t decided = ExperimentId(reader, kGoldenRaceDecided);
  const RaceCounts d =
      CountRace(RaceStandingsOfRuns(reader.RaceRuns(decided), reader.RaceRounds(decided)));
  CHECK(UnplannedRaceRuns(reader.db(), decided) == 0);
  CHECK(RaceStatusLine(d, 0) ==
        "race: 0 of 6 variant(s) still racing; 1 best, 1 below the best, 2 at max seeds, 1 "
        "pruned, 1 failed");

  RaceCounts uneven;
  uneven.variants = 3;
  uneven.racing = 3;
  uneven.racing_seeds_low = 3;
  uneven.racing_seeds_high = 4;
  CHECK(RaceStatusLine(uneven, 7) == "race: 3 of 3 variant(s) still racing at 3-4 seeds; at most 7 "
                                     "more run(s)");
}

TEST_CASE("a race's verdict: the latest round's, racing before the first and after continue",
          "[results][race]") {
  // Variant A (runs 1, 2): two rounds, the rows out of order; B (3, 4): none yet; C (5): a plain
  // run outside the race; D (6, 7): a row naming its second run.
  const std::vector<RunRow> runs = {
      RaceRunOf(1, 0.1, 1, "completed", true), RaceRunOf(2, 0.1, 2, "completed", true),
      RaceRunOf(3, 0.2, 1, "completed", true), RaceRunOf(4, 0.2, 2, "running", true),
      RaceRunOf(5, 0.3, 1, "completed", false), RaceRunOf(6, 0.4, 1, "completed", false),
      RaceRunOf(7, 0.4, 2, "queued", false)};
  const std::vector<RaceRoundRow> rounds = {
      {1, 2, 3, "below_best", 0.02, 0.9, 0.95}, {1, 1, 2, "continue", 0.3, 0.91, 0.94},
      {7, 1, 2, "continue", std::nullopt, 0.95, 0.95}, {99, 1, 2, "best", std::nullopt, 0.9, 0.9}};
  const std::vector<RaceStanding> s = RaceStandingsOfRuns(runs, rounds);
  REQUIRE(s.size() == 3);  // the plain variant is no racer; the row of an unknown run is ignored
  CHECK((s[0].verdict == "below_best" && s[0].round_seeds == 3 && s[0].rounds == 2));
  CHECK((s[0].p_adjusted == 0.02 && s[0].mean == 0.9 && s[0].best_mean == 0.95));
  CHECK((s[1].verdict == kRacing && s[1].rounds == 0 && s[1].round_seeds == 0));
  CHECK((s[1].seeds == 2 && s[1].unfinished == 1 && !s[1].mean));
  CHECK((s[2].verdict == kRacing && s[2].rounds == 1 && s[2].mean == 0.95 && s[2].unfinished == 1));

  CHECK(RaceAlphaOf(R"({"race":{"alpha":0.2}})") == 0.2);
  CHECK_FALSE(RaceAlphaOf(R"({"lr":0.1})"));
  CHECK_FALSE(RaceAlphaOf("not json"));
}
