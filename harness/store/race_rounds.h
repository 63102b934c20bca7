// Race rounds: a race's decisions as the store keeps them (docs/sweeps.md "Racing").
//
// Contract: schema 8 (kRaceRoundsSql) adds the table
//   race_rounds(run_id, round, seeds, verdict, p_adjusted, mean, best_mean)
// with one row per variant and round: `run_id` is the variant's run with the race's first seed
// (the variant's name in the store: merge copies the rows with their run), `round` the round's
// number in its race (1, 2, ...), `seeds` how many finished seeds the decision saw, `verdict`
// a harness/search/race.h name (another is a bug: mnb::Error kInternal), p_adjusted the
// Holm-corrected one-sided p against the round's best, `mean` and `best_mean` the validation
// accuracies (fractions) it compared. (run_id, round) is the key, so a round written twice is
// written once. These functions only read and write rows, inside the caller's transaction (or
// one statement's snapshot); the decisions are harness/search's, taken by
// harness/run/race_proposer.h. Also the index runs_by_race, so a race's runs are found without
// parsing every run's config_json.
#ifndef MNISTBENCH_HARNESS_STORE_RACE_ROUNDS_H_
#define MNISTBENCH_HARNESS_STORE_RACE_ROUNDS_H_

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "harness/store/rows.h"
#include "harness/store/sqlite.h"

namespace mnb {

extern const char* const kRaceRoundsSql;  // schema 8's CREATE TABLE and CREATE INDEX

struct RaceRoundRow {
  int64_t run_id = 0, round = 0, seeds = 0;
  std::string verdict;
  std::optional<double> p_adjusted, mean, best_mean;
};

// Every run of the experiment as ProposerRuns (store.h) reads it, when one of them holds a race
// (else none): a race's variant counts the runs of its seeds planned before the race too.
std::vector<RunRow> RaceRuns(Database& db, int64_t experiment_id);
// Every round row of the experiment's races, by run_id then round. A database from before
// schema 8 (read-only) has none.
std::vector<RaceRoundRow> ReadRaceRounds(Database& db, int64_t experiment_id);
// Records `row`, unless its (run_id, round) is recorded already.
void WriteRaceRound(Database& db, const RaceRoundRow& row);

}  // namespace mnb

#endif  // MNISTBENCH_HARNESS_STORE_RACE_ROUNDS_H_
