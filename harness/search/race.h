// Racing (F-Race in spirit; docs/sweeps.md "Racing"): one round's decision over the variants
// still in a race, from their finished seeds alone.
//
// Contract: JudgeRaceRound(entrants, max_seeds, alpha, tie_within) decides, in the order given, for each
// entrant still in the race: an entrant that `ended` (a run pruned, diverged or failed) is out
// with that verdict. Among the others, the best is the highest mean score (the first on ties).
// Each other one is tested against it with a one-sided Welch test (harness/stats/welch.h, H1:
// its mean is below the best's); the p-values are Holm-corrected over the variants tested at
// family-wise level `alpha`, and a rejected one is kBelowBest. An entrant with fewer than two
// scores (or a best with fewer than two) cannot be tested: p = 1, it stays. Of those that stay,
// a lone survivor is kBest (the race is decided). Several are kTied (decided as a tie) when
// tie_within > 0 and each one's difference to the best passes an equivalence test (TOST, two
// one-sided Welch tests at alpha: the 1 - 2·alpha Welch interval of its mean minus the best's
// lies inside (-tie_within, tie_within); all must pass, so no correction is needed). Otherwise all are kMaxSeeds once every one
// holds max_seeds scores or more (the race ends open at the top), else all are kContinue: they
// stay, and those below max_seeds get one seed more (a variant at max_seeds waits, still
// compared, for the others to catch up). Scores are accuracies (any finite
// values); the decision depends on nothing but them, so every worker and every resume takes the
// same one. Pure: no store, no torch; alpha in (0, 1), max_seeds >= 2.
#ifndef MNISTBENCH_HARNESS_SEARCH_RACE_H_
#define MNISTBENCH_HARNESS_SEARCH_RACE_H_

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace mnb::search {

enum class RaceVerdict {
  kContinue, kBelowBest, kBest, kTied, kMaxSeeds, kPruned, kDiverged, kFailed
};

// The word the store and the reports use: continue, below_best, best, max_seeds, pruned, ...
std::string RaceVerdictName(RaceVerdict verdict);
// Whether a variant with this verdict gets no seed after it.
bool RaceVerdictIsFinal(RaceVerdict verdict);

struct RaceEntrant {
  std::vector<double> scores;  // its finished seeds' scores, by seed
  enum class Ended { kNo, kPruned, kDiverged, kFailed } ended = Ended::kNo;
};

struct RaceDecision {
  RaceVerdict verdict = RaceVerdict::kContinue;
  double p_adjusted = 1;  // Holm-corrected one-sided p against the best; 1 where not tested
  double mean = 0;        // of its scores; 0 without any
};

struct RaceRound {
  std::vector<RaceDecision> decisions;  // parallel to the entrants
  std::ptrdiff_t best = -1;             // the best entrant still racing; -1 when none is
};

RaceRound JudgeRaceRound(const std::vector<RaceEntrant>& entrants, int64_t max_seeds,
                         double alpha, double tie_within = 0);

}  // namespace mnb::search

#endif  // MNISTBENCH_HARNESS_SEARCH_RACE_H_
