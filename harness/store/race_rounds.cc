#include "harness/store/race_rounds.h"

#include <set>

#include "harness/base/error.h"
#include "harness/store/store.h"

namespace mnb {

const char* const kRaceRoundsSql = R"sql(
CREATE TABLE IF NOT EXISTS race_rounds (
  run_id     INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
  round      INTEGER NOT NULL CHECK (round >= 1),
  seeds      INTEGER NOT NULL CHECK (seeds >= 1),
  verdict    TEXT NOT NULL,
  p_adjusted REAL,
  mean       REAL,
  best_mean  REAL,
  PRIMARY KEY (run_id, round)
);
CREATE INDEX IF NOT EXISTS runs_by_race
  ON runs(experiment_id, json_extract(config_json, '$.race.max_seeds'));
)sql";

std::vector<RunRow> RaceRuns(Database& db, int64_t experiment_id) {
  std::vector<RunRow> rows;
  // A store from before schema 8 holds no race (a sweep migrates a store before planning into
  // it), and has no index to answer the question below without reading every run's JSON.
  if (!HasTable(db, "race_rounds")) return rows;
  Statement any(db, "SELECT EXISTS (SELECT 1 FROM runs WHERE experiment_id = ?1 AND "
                    "json_extract(config_json, '$.race.max_seeds') IS NOT NULL)");
  any.Bind(1, experiment_id);
  any.Step();
  if (any.Int(0) == 0) return rows;
  return ProposerRuns(db, experiment_id, "1");
}

std::vector<RaceRoundRow> ReadRaceRounds(Database& db, int64_t experiment_id) {
  std::vector<RaceRoundRow> rows;
  if (!HasTable(db, "race_rounds")) return rows;  // a database from before schema 8
  Statement q(db, "SELECT g.run_id, g.round, g.seeds, g.verdict, g.p_adjusted, g.mean, "
                  "g.best_mean "
                  "FROM race_rounds g JOIN runs r ON r.id = g.run_id "
                  "WHERE r.experiment_id = ?1 ORDER BY g.run_id, g.round");
  q.Bind(1, experiment_id);
  while (q.Step()) {
    rows.push_back({q.Int(0), q.Int(1), q.Int(2), q.Text(3), q.OptionalDouble(4),
                    q.OptionalDouble(5), q.OptionalDouble(6)});
  }
  return rows;
}

void WriteRaceRound(Database& db, const RaceRoundRow& row) {
  static const std::set<std::string> kVerdicts = {"continue", "below_best", "best",   "tied",
                                                  "max_seeds", "pruned",    "diverged", "failed"};
  if (kVerdicts.count(row.verdict) == 0) {
    throw Error(ErrorKind::kInternal, "WriteRaceRound: no race verdict '" + row.verdict + "'");
  }
  Statement insert(db, "INSERT INTO race_rounds(run_id, round, seeds, verdict, p_adjusted, mean, "
                       "best_mean) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7) "
                       "ON CONFLICT (run_id, round) DO NOTHING");
  insert.Bind(1, row.run_id)
      .Bind(2, row.round)
      .Bind(3, row.seeds)
      .Bind(4, row.verdict)
      .Bind(5, row.p_adjusted)
      .Bind(6, row.mean)
      .Bind(7, row.best_mean);
  insert.Run();
}

}  // namespace mnb
