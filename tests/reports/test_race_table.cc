// The race's tables (reports/tables/race_table.h) on hand-made standings: which experiments get a
// race section, the table's rows and verdict words, the legend's alpha, and race.csv's records.
#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "reports/format/text_format.h"
#include "reports/tables/race_table.h"

using namespace mnb;

namespace {

RaceStanding Standing(const std::string& experiment, const std::string& label,
                      const std::string& verdict, int64_t seeds) {
  RaceStanding s;
  s.experiment = experiment;
  s.label = label;
  s.verdict = verdict;
  s.seeds = seeds;
  return s;
}

// Three experiments in report order; "plain" has no race, "raced" two standings, "late" one,
// listed first so the standings' order differs from the report's.
ReportData Races() {
  ReportData data;
  data.experiments = {"plain", "raced", "late"};
  RaceStanding late = Standing("late", "cnn lr=0.1", kRacing, 2);
  RaceStanding best = Standing("raced", "mlp lr=0.01", "best", 5);
  best.rounds = 3;
  best.round_seeds = 5;
  best.mean = 0.9731;
  best.best_mean = 0.9731;
  RaceStanding below = Standing("raced", "mlp, \"wide\" <b>", "below_best", 3);
  below.unfinished = 1;
  below.rounds = 2;
  below.round_seeds = 2;
  below.p_adjusted = 0.0034;
  below.mean = 0.95;
  below.best_mean = 0.9731;
  data.race = {late, best, below};
  data.race_alpha = {{"raced", 0.1}};
  return data;
}

}  // namespace

TEST_CASE("race table: experiments with standings, in the report's order", "[reports][race]") {
  ReportData data = Races();
  CHECK(RaceExperiments(data) == std::vector<std::string>{"raced", "late"});
  data.race.clear();
  CHECK(RaceExperiments(data).empty());  // no race: no section
}

TEST_CASE("race table: one row per raced variant of the experiment", "[reports][race]") {
  const ReportData data = Races();
  const TextTable t = RaceTable(data, "raced");
  CHECK(t.header == std::vector<std::string>{"variant", "seeds", "verdict", "mean val acc %",
                                             "best's mean val acc %"});
  CHECK(t.right == std::vector<bool>{false, true, false, true, true});
  REQUIRE(t.rows.size() == 2);
  CHECK(t.rows[0] == std::vector<std::string>{"mlp lr=0.01", "5", "best: the race is decided",
                                              "97.31", "97.31"});
  CHECK(t.rows[1] == std::vector<std::string>{"mlp, \"wide\" <b>", "3",
                                              "below the best (p=0.003, Holm, one-sided)",
                                              "95.00", "97.31"});
  const TextTable late = RaceTable(data, "late");
  REQUIRE(late.rows.size() == 1);
  CHECK(late.rows[0] == std::vector<std::string>{"cnn lr=0.1", "2", "racing", kMissing, kMissing});
  CHECK(RaceTable(data, "plain").rows.empty());
}

TEST_CASE("race table: each verdict in words", "[reports][race]") {
  const auto text = [](const std::string& verdict) {
    return RaceVerdictText(Standing("e", "v", verdict, 2));
  };
  CHECK(text("best") == "best: the race is decided");
  CHECK(text("below_best") == "below the best (Holm, one-sided)");  // no p recorded
  RaceStanding tiny = Standing("e", "v", "below_best", 4);
  tiny.p_adjusted = 0.0002;
  CHECK(RaceVerdictText(tiny) == "below the best (p<0.001, Holm, one-sided)");
  CHECK(text("tied") == "tied with the best: within the race's tie margin");
  CHECK(text("max_seeds") == "max seeds reached: still open at the top");
  CHECK(text("pruned") == "pruned: out of the race");
  CHECK(text("diverged") == "diverged: out of the race");
  CHECK(text("failed") == "failed: out of the race");
  CHECK(text(kRacing) == "racing");
}

TEST_CASE("race table: the legend names the race's alpha", "[reports][race]") {
  const ReportData data = Races();
  const std::string note = RaceNote(data, "raced");
  CHECK_THAT(note, Catch::StartsWith("The race judges validation accuracy, never test"));
  CHECK_THAT(note, Catch::Contains("Holm-corrected at \xCE\xB1 = 0.1;"));
  CHECK_THAT(note, Catch::Contains("one-sided Welch test"));
  CHECK(note.find('\n') == std::string::npos);  // one line
  CHECK_THAT(RaceNote(data, "late"), Catch::Contains("at \xCE\xB1 = \xE2\x80\x94;"));  // unknown
}

TEST_CASE("race table: race.csv holds raw values, one record per standing", "[reports][race]") {
  const std::string csv = RaceCsv(Races());
  const std::vector<std::string> expected = {
      "experiment,variant,seeds,unfinished,rounds,verdict,round_seeds,p_adjusted,"
      "mean_val_accuracy,best_mean_val_accuracy,alpha",
      "late,cnn lr=0.1,2,0,0,racing,0,,,,",
      "raced,mlp lr=0.01,5,0,3,best,5,,0.9731,0.9731,0.1",
      "raced,\"mlp, \"\"wide\"\" <b>\",3,1,2,below_best,2,0.0034,0.95,0.9731,0.1"};
  std::string joined;
  for (const std::string& line : expected) joined += line + "\r\n";
  CHECK(csv == joined);
  // Without standings, the header alone.
  CHECK(RaceCsv(ReportData{}) == expected[0] + "\r\n");
}
