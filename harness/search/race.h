// Racing (F-Race in spirit; docs/sweeps.md "Racing"): one round's decision over the variants
// still in a race, from their finished seeds alone.
//
// Contract: pure (no store, no torch): the decision depends on nothing but the scores, so every
// worker and every resume takes the same one. Arguments out of range (alpha outside (0, 0.5),
// max_seeds < 2, tie_within < 0) throw mnb::Error kInternal. The rule, verdict by verdict:
// docs/sweeps.md "One round's decision".
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

// Decides, in the order given, every entrant: out (below_best, ended, no score), best, tied,
// max_seeds or continue. Scores are accuracies (any finite values); tie_within in their units.
RaceRound JudgeRaceRound(const std::vector<RaceEntrant>& entrants, int64_t max_seeds,
                         double alpha, double tie_within = 0);

}  // namespace mnb::search

#endif  // MNISTBENCH_HARNESS_SEARCH_RACE_H_
