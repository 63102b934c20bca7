// The race's decision rule (harness/search/race.h) on synthetic scores: who stops, who goes on.
#include <catch2/catch.hpp>

#include <vector>

#include "harness/base/error.h"
#include "harness/search/race.h"
#include "harness/stats/welch.h"

using namespace mnb;
using namespace mnb::search;

namespace {

RaceEntrant Scores(std::vector<double> scores) {
  RaceEntrant e;
  e.scores = std::move(scores);
  return e;
}

}  // namespace

TEST_CASE("race: a clearly worse variant stops; the close ones get a seed more", "[search][race]") {
  const std::vector<RaceEntrant> entrants = {
      Scores({0.980, 0.982, 0.979}),  // best
      Scores({0.978, 0.983, 0.977}),  // close: the seeds cannot tell
      Scores({0.100, 0.098, 0.101}),  // far below
  };
  const RaceRound round = JudgeRaceRound(entrants, 10, 0.05);
  REQUIRE(round.best == 0);
  CHECK(round.decisions[0].verdict == RaceVerdict::kContinue);
  CHECK(round.decisions[1].verdict == RaceVerdict::kContinue);
  CHECK(round.decisions[2].verdict == RaceVerdict::kBelowBest);
  CHECK(round.decisions[0].p_adjusted == 1);  // the best is not tested
  // Holm over two tests: the smaller p doubles; the larger is at least that.
  const double p_far = stats::WelchTest(entrants[2].scores, entrants[0].scores)->p_a_less;
  const double p_close = stats::WelchTest(entrants[1].scores, entrants[0].scores)->p_a_less;
  CHECK(round.decisions[2].p_adjusted == Approx(2 * p_far));
  CHECK(round.decisions[1].p_adjusted == Approx(std::max(2 * p_far, p_close)));
  CHECK(round.decisions[2].mean == Approx(0.099666666).epsilon(1e-6));
}

TEST_CASE("race: a lone survivor is the best; at max_seeds the rest stop open", "[search][race]") {
  const RaceRound decided =
      JudgeRaceRound({Scores({0.95, 0.96}), Scores({0.10, 0.11}), Scores({0.20, 0.21})}, 5, 0.05);
  CHECK(decided.decisions[0].verdict == RaceVerdict::kBest);
  CHECK(decided.decisions[1].verdict == RaceVerdict::kBelowBest);
  CHECK(decided.decisions[2].verdict == RaceVerdict::kBelowBest);

  const RaceRound full = JudgeRaceRound(
      {Scores({0.95, 0.96, 0.94, 0.95, 0.96}), Scores({0.96, 0.95, 0.94, 0.95, 0.95})}, 5, 0.05);
  CHECK(full.decisions[0].verdict == RaceVerdict::kMaxSeeds);
  CHECK(full.decisions[1].verdict == RaceVerdict::kMaxSeeds);
  // Below max_seeds the same scores go on.
  const RaceRound open = JudgeRaceRound(
      {Scores({0.95, 0.96, 0.94, 0.95, 0.96}), Scores({0.96, 0.95, 0.94, 0.95, 0.95})}, 6, 0.05);
  CHECK(open.decisions[0].verdict == RaceVerdict::kContinue);
  CHECK(open.decisions[1].verdict == RaceVerdict::kContinue);
  // One at max_seeds, one below: both stay (the first waits, still the yardstick).
  const RaceRound uneven = JudgeRaceRound(
      {Scores({0.95, 0.96, 0.94, 0.95, 0.96}), Scores({0.96, 0.95, 0.94})}, 5, 0.05);
  CHECK(uneven.decisions[0].verdict == RaceVerdict::kContinue);
  CHECK(uneven.decisions[1].verdict == RaceVerdict::kContinue);
}

TEST_CASE("race: ended runs take their variant out; one seed cannot be tested", "[search][race]") {
  RaceEntrant pruned = Scores({0.97});
  pruned.ended = RaceEntrant::Ended::kPruned;
  RaceEntrant diverged = Scores({});
  diverged.ended = RaceEntrant::Ended::kDiverged;
  const RaceRound round =
      JudgeRaceRound({Scores({0.90}), pruned, diverged, Scores({0.50}), Scores({})}, 4, 0.05);
  CHECK(round.decisions[1].verdict == RaceVerdict::kPruned);
  CHECK(round.decisions[2].verdict == RaceVerdict::kDiverged);
  CHECK(round.decisions[4].verdict == RaceVerdict::kFailed);  // no score at all
  // One seed each: no variance, no test, nobody stops for being below.
  CHECK(round.best == 0);
  CHECK(round.decisions[0].verdict == RaceVerdict::kContinue);
  CHECK(round.decisions[3].verdict == RaceVerdict::kContinue);
  CHECK(round.decisions[3].p_adjusted == 1);
  // Only ended entrants: no best, nothing races.
  const RaceRound none = JudgeRaceRound({pruned, diverged}, 4, 0.05);
  CHECK(none.best == -1);
}

TEST_CASE("race: those left all within the tie margin of the best end the race tied",
          "[search][race]") {
  // 0.1 points apart with a spread of ~0.3: the test cannot separate them, and the 90% interval
  // of the difference lies inside one point, but not inside 0.1.
  const std::vector<RaceEntrant> close = {Scores({0.962, 0.958, 0.966, 0.962}),
                                          Scores({0.961, 0.957, 0.965, 0.961}),
                                          Scores({0.50, 0.51, 0.49, 0.50})};
  const RaceRound tie = JudgeRaceRound(close, 10, 0.05, 0.01);
  CHECK(tie.decisions[0].verdict == RaceVerdict::kTied);
  CHECK(tie.decisions[1].verdict == RaceVerdict::kTied);
  CHECK(tie.decisions[2].verdict == RaceVerdict::kBelowBest);
  const RaceRound narrow = JudgeRaceRound(close, 10, 0.05, 0.001);
  CHECK(narrow.decisions[0].verdict == RaceVerdict::kContinue);
  CHECK(narrow.decisions[1].verdict == RaceVerdict::kContinue);
  CHECK(JudgeRaceRound(close, 10, 0.05, 0).decisions[0].verdict == RaceVerdict::kContinue);
  // One survivor still apart from the best (a wide spread): nobody is tied yet.
  const std::vector<RaceEntrant> open = {Scores({0.962, 0.961, 0.963}),
                                         Scores({0.960, 0.959, 0.961}),
                                         Scores({0.97, 0.93, 0.95})};
  const RaceRound wide = JudgeRaceRound(open, 10, 0.05, 0.01);
  CHECK(wide.decisions[0].verdict == RaceVerdict::kContinue);
  CHECK(wide.decisions[2].verdict == RaceVerdict::kContinue);
  CHECK(RaceVerdictName(RaceVerdict::kTied) == "tied");
}

TEST_CASE("race: ties keep the first as best; a stricter alpha keeps more racing", "[search][race]") {
  const std::vector<RaceEntrant> tied = {Scores({0.9, 0.92}), Scores({0.92, 0.9})};
  CHECK(JudgeRaceRound(tied, 5, 0.05).best == 0);
  const std::vector<RaceEntrant> apart = {Scores({0.90, 0.91, 0.92}), Scores({0.85, 0.87, 0.86})};
  const RaceRound loose = JudgeRaceRound(apart, 5, 0.05);
  const RaceRound strict = JudgeRaceRound(apart, 5, 0.001);
  CHECK(loose.decisions[1].verdict == RaceVerdict::kBelowBest);
  CHECK(strict.decisions[1].verdict == RaceVerdict::kContinue);
  CHECK(loose.decisions[1].p_adjusted == strict.decisions[1].p_adjusted);
  CHECK_THROWS_AS(JudgeRaceRound(apart, 1, 0.05), Error);
  CHECK_THROWS_AS(JudgeRaceRound(apart, 5, 0), Error);
  CHECK(RaceVerdictName(RaceVerdict::kBelowBest) == "below_best");
  CHECK_FALSE(RaceVerdictIsFinal(RaceVerdict::kContinue));
  CHECK(RaceVerdictIsFinal(RaceVerdict::kMaxSeeds));
}
