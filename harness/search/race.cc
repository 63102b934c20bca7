#include "harness/search/race.h"

#include <numeric>

#include "harness/base/error.h"
#include "harness/stats/holm.h"
#include "harness/stats/welch.h"

namespace mnb::search {

std::string RaceVerdictName(RaceVerdict verdict) {
  switch (verdict) {
    case RaceVerdict::kContinue: return "continue";
    case RaceVerdict::kBelowBest: return "below_best";
    case RaceVerdict::kBest: return "best";
    case RaceVerdict::kTied: return "tied";
    case RaceVerdict::kMaxSeeds: return "max_seeds";
    case RaceVerdict::kPruned: return "pruned";
    case RaceVerdict::kDiverged: return "diverged";
    case RaceVerdict::kFailed: return "failed";
  }
  return "failed";
}

bool RaceVerdictIsFinal(RaceVerdict verdict) { return verdict != RaceVerdict::kContinue; }

RaceRound JudgeRaceRound(const std::vector<RaceEntrant>& entrants, int64_t max_seeds,
                         double alpha, double tie_within) {
  if (!(alpha > 0 && alpha < 0.5) || max_seeds < 2 || !(tie_within >= 0)) {
    throw Error(ErrorKind::kInternal,
                "JudgeRaceRound: alpha in (0, 0.5), max_seeds >= 2, tie_within >= 0");
  }
  RaceRound round;
  round.decisions.resize(entrants.size());
  std::vector<size_t> racing;
  for (size_t i = 0; i < entrants.size(); ++i) {
    const RaceEntrant& e = entrants[i];
    RaceDecision& d = round.decisions[i];
    if (!e.scores.empty()) {
      d.mean = std::accumulate(e.scores.begin(), e.scores.end(), 0.0) /
               static_cast<double>(e.scores.size());
    }
    switch (e.ended) {
      case RaceEntrant::Ended::kPruned: d.verdict = RaceVerdict::kPruned; continue;
      case RaceEntrant::Ended::kDiverged: d.verdict = RaceVerdict::kDiverged; continue;
      case RaceEntrant::Ended::kFailed: d.verdict = RaceVerdict::kFailed; continue;
      case RaceEntrant::Ended::kNo: break;
    }
    if (e.scores.empty()) {  // nothing to judge it by: it cannot stay in a race of scores
      d.verdict = RaceVerdict::kFailed;
      continue;
    }
    racing.push_back(i);
  }
  if (racing.empty()) return round;
  size_t best = racing.front();
  for (size_t i : racing) {
    if (round.decisions[i].mean > round.decisions[best].mean) best = i;
  }
  round.best = static_cast<std::ptrdiff_t>(best);
  std::vector<size_t> tested;
  std::vector<double> p_values;
  for (size_t i : racing) {
    if (i == best) continue;
    const std::optional<stats::WelchResult> welch =
        stats::WelchTest(entrants[i].scores, entrants[best].scores);
    tested.push_back(i);
    p_values.push_back(welch ? welch->p_a_less : 1.0);
  }
  const stats::HolmResult holm = stats::Holm(p_values, alpha);
  size_t staying = 1;  // the best
  for (size_t k = 0; k < tested.size(); ++k) {
    RaceDecision& d = round.decisions[tested[k]];
    d.p_adjusted = holm.adjusted[k];
    if (holm.reject[k]) {
      d.verdict = RaceVerdict::kBelowBest;
    } else {
      ++staying;
    }
  }
  bool all_at_max = true;
  bool tied = staying > 1 && tie_within > 0;
  for (size_t i : racing) {
    if (round.decisions[i].verdict == RaceVerdict::kBelowBest) continue;
    all_at_max = all_at_max && static_cast<int64_t>(entrants[i].scores.size()) >= max_seeds;
    if (i == best || !tied) continue;
    const std::optional<stats::WelchResult> welch =
        stats::WelchTest(entrants[i].scores, entrants[best].scores, 1 - 2 * alpha);
    tied = welch && welch->ci.low > -tie_within && welch->ci.high < tie_within;
  }
  for (size_t i : racing) {
    RaceDecision& d = round.decisions[i];
    if (d.verdict == RaceVerdict::kBelowBest) continue;
    d.verdict = staying == 1 ? RaceVerdict::kBest
                : tied       ? RaceVerdict::kTied
                : all_at_max ? RaceVerdict::kMaxSeeds
                             : RaceVerdict::kContinue;
  }
  return round;
}

}  // namespace mnb::search
