// Race standings: where each raced variant stands in its experiment's race ([race],
// docs/sweeps.md "Racing"), as the reports and `status` show it.
//
// Contract: a variant races when one of its runs carries a race's settings (config_json's
// `race`) or names race_rounds rows (its run with the race's first seed;
// harness/store/race_rounds.h). Its standing holds its runs (the seeds it got, in any status),
// how many rounds it took part in, and its latest round (the highest round number): that
// round's verdict, Holm-corrected one-sided p against the round's best, and the two mean
// validation accuracies it compared (fractions, as stored). Its verdict is the round's verdict
// name (harness/search/race.h: best, below_best, max_seeds, pruned, diverged, failed), or
// kRacing while the variant is still in the race: no round yet, or its latest round said
// `continue` (its next seed runs, or waits for the round after to be judged). Standings go by
// experiment (in the order given), then by the variant's first run. Everything here is pure but
// ReadRaces, which reads through the store's one reader (harness/store/reader.h). No torch.
#ifndef MNISTBENCH_HARNESS_RESULTS_RACE_STANDINGS_H_
#define MNISTBENCH_HARNESS_RESULTS_RACE_STANDINGS_H_

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "harness/results/result_set.h"
#include "harness/store/race_rounds.h"
#include "harness/store/reader.h"

namespace mnb {

extern const char* const kRacing;  // "racing": the verdict of a variant still in its race

// One raced variant's place in its race.
struct RaceStanding {
  std::string experiment, label;  // label empty from RaceStandingsOfRuns
  std::optional<size_t> variant;  // index into ResultSet::variants (RaceStandings only)
  int64_t seeds = 0;              // its runs, in any status
  int64_t unfinished = 0;         // of them queued, running or interrupted
  int64_t rounds = 0;             // the rounds it took part in
  std::string verdict;            // kRacing, or its latest round's final verdict
  int64_t round_seeds = 0;        // the finished seeds its latest round saw; 0 before its first
  // Of its latest round: its p against the best (none for the best and for a variant that
  // ended), its mean and the best's mean validation accuracy (fractions).
  std::optional<double> p_adjusted, mean, best_mean;

  bool racing() const { return verdict == kRacing; }
};

// One experiment's race as the store holds it.
struct ExperimentRace {
  std::string experiment;
  double alpha = 0.05;                // the family-wise level of its rounds' tests
  std::vector<int64_t> race_run_ids;  // its runs that carry the race's settings, by id
  std::vector<RaceRoundRow> rounds;   // by run_id, then round
};

// The races of `experiments` (names, in the order given) that have at least one round row;
// experiments without one are left out. Reads through `reader`, in the caller's snapshot if any.
std::vector<ExperimentRace> ReadRaces(StoreReader& reader,
                                      const std::vector<std::string>& experiments);

// One standing per raced variant of `set`, for each race in `races` (the contract's order). A
// round row or race run that is not among set's runs is ignored.
std::vector<RaceStanding> RaceStandings(const ResultSet& set,
                                        const std::vector<ExperimentRace>& races);

// The same for one experiment from its race's runs (RaceRuns, by id) and round rows alone, for
// `status`: variants grouped by VariantConfigJson (variants.h), without labels or indices.
std::vector<RaceStanding> RaceStandingsOfRuns(const std::vector<RunRow>& runs,
                                              const std::vector<RaceRoundRow>& rounds);

// The race's alpha a run's config_json holds (race.alpha); none outside a race or unparsable.
std::optional<double> RaceAlphaOf(const std::string& config_json);

// One race's standings counted: how many variants race and at how many seeds, and how many
// ended with each final verdict.
struct RaceCounts {
  int64_t variants = 0, racing = 0;
  int64_t racing_seeds_low = 0, racing_seeds_high = 0;  // fewest and most runs of those racing
  int64_t best = 0, below_best = 0, tied = 0, max_seeds = 0, pruned = 0, diverged = 0,
          failed = 0;
};

RaceCounts CountRace(const std::vector<RaceStanding>& standings);

// `status`'s line for one race, e.g. "race: 2 of 5 variant(s) still racing at 4 seeds; 2 below
// the best, 1 diverged; at most 6 more run(s)": the seeds as a range "3-4" where the racing
// variants differ, the ended variants only where there are some (best, below the best, at max
// seeds, pruned, diverged, failed), and the runs the race may still add (UnplannedRaceRuns,
// harness/run/race_proposer.h) only where it may add some.
std::string RaceStatusLine(const RaceCounts& counts, int64_t unplanned_runs);

}  // namespace mnb

#endif  // MNISTBENCH_HARNESS_RESULTS_RACE_STANDINGS_H_
