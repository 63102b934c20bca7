#include "harness/store/rungs.h"

#include <fmt/format.h>

namespace mnb {

namespace {

const char* kRungsTableSql = R"sql(
CREATE TABLE IF NOT EXISTS rungs (
  run_id    INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
  epoch     INTEGER NOT NULL,
  rule      TEXT NOT NULL CHECK (rule IN ('asha', 'median')),
  metric    REAL,
  decision  TEXT NOT NULL CHECK (decision IN ('continue', 'prune')),
  cutoff    REAL,
  compared  INTEGER NOT NULL,
  kept      INTEGER,
  why       TEXT NOT NULL,
  PRIMARY KEY (run_id, epoch)
);
)sql";

const char* Column(RungMetric metric) {
  return metric == RungMetric::kValLoss ? "val_loss" : "val_accuracy";
}

RungRow RungFromRow(const Statement& q) {
  RungRow r;
  r.run_id = q.Int(0);
  r.epoch = q.Int(1);
  r.rule = q.Text(2);
  r.metric = q.OptionalDouble(3);
  r.decision = q.Text(4);
  r.cutoff = q.OptionalDouble(5);
  r.compared = q.Int(6);
  if (!q.IsNull(7)) r.kept = q.Int(7);
  r.why = q.Text(8);
  return r;
}

constexpr const char* kRungColumns =
    "g.run_id, g.epoch, g.rule, g.metric, g.decision, g.cutoff, g.compared, g.kept, g.why";

}  // namespace

void PruningSchemaMigration(Database& db) {
  // SQLite cannot ALTER a CHECK constraint. Widening it changes no stored row, so the schema text
  // is edited in place, the procedure SQLite documents for such changes ("Making Other Kinds Of
  // Table Schema Changes"): rebuilding `runs` would need foreign keys off, which a transaction
  // cannot switch.
  int64_t schema_version = 0;
  {
    Statement version(db, "PRAGMA schema_version");  // finalized before the schema changes
    version.Step();
    schema_version = version.Int(0);
  }
  db.Exec("PRAGMA writable_schema = ON");
  db.Exec("UPDATE sqlite_master SET sql = replace(sql, '''interrupted'',''diverged'')', "
          "'''interrupted'',''diverged'',''pruned'')') WHERE type = 'table' AND name = 'runs'");
  db.Exec(fmt::format("PRAGMA schema_version = {}", schema_version + 1));
  db.Exec("PRAGMA writable_schema = OFF");
  db.Exec(kRungsTableSql);
  // IF NOT EXISTS, and the column only when missing: a test fixture downgraded by user_version
  // alone (tests/store/test_query.cc) migrates again over the objects it kept.
  bool has_column = false;
  {
    Statement column(db, "SELECT COUNT(*) FROM pragma_table_info('runs') WHERE name = 'pruned_epoch'");
    column.Step();
    has_column = column.Int(0) > 0;
  }
  if (!has_column) db.Exec("ALTER TABLE runs ADD COLUMN pruned_epoch INTEGER");
}

std::optional<RungRow> ReadRung(Database& db, int64_t run_id, int64_t epoch) {
  Statement q(db, fmt::format("SELECT {} FROM rungs g WHERE g.run_id = ?1 AND g.epoch = ?2",
                              kRungColumns));
  q.Bind(1, run_id).Bind(2, epoch);
  if (!q.Step()) return std::nullopt;
  return RungFromRow(q);
}

std::vector<RungRow> RungsAt(Database& db, int64_t run_id, int64_t epoch, const std::string& rule) {
  Statement q(db, fmt::format("SELECT {} FROM rungs g JOIN runs r ON r.id = g.run_id "
                              "WHERE g.epoch = ?2 AND g.rule = ?3 AND g.metric IS NOT NULL "
                              "AND r.experiment_id = (SELECT experiment_id FROM runs WHERE id = ?1)",
                              kRungColumns));
  q.Bind(1, run_id).Bind(2, epoch).Bind(3, rule);
  std::vector<RungRow> rows;
  while (q.Step()) rows.push_back(RungFromRow(q));
  return rows;
}

void WriteRung(Database& db, const RungRow& rung) {
  Statement insert(db, "INSERT INTO rungs(run_id, epoch, rule, metric, decision, cutoff, compared, "
                       "kept, why) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)");
  insert.Bind(1, rung.run_id)
      .Bind(2, rung.epoch)
      .Bind(3, rung.rule)
      .Bind(4, rung.metric)
      .Bind(5, rung.decision)
      .Bind(6, rung.cutoff)
      .Bind(7, rung.compared)
      .Bind(8, rung.kept)
      .Bind(9, rung.why)
      .Run();
  if (rung.decision != "prune") return;
  Statement prune(db, "UPDATE runs SET status = 'pruned', pruned_epoch = ?2, "
                      "finished_at = strftime('%Y-%m-%dT%H:%M:%fZ','now') WHERE id = ?1");
  prune.Bind(1, rung.run_id).Bind(2, rung.epoch).Run();
}

std::vector<EpochValue> CompletedCurves(Database& db, int64_t run_id, RungMetric metric) {
  Statement q(db, fmt::format(
                      "SELECT e.run_id, e.epoch, e.{} FROM epochs e JOIN runs r ON r.id = e.run_id "
                      "WHERE r.status = 'completed' AND r.id != ?1 AND r.experiment_id = "
                      "(SELECT experiment_id FROM runs WHERE id = ?1) ORDER BY e.run_id, e.epoch",
                      Column(metric)));
  q.Bind(1, run_id);
  std::vector<EpochValue> rows;
  while (q.Step()) rows.push_back({q.Int(0), q.Int(1), q.OptionalDouble(2)});
  return rows;
}

std::vector<EpochValue> RunCurve(Database& db, int64_t run_id, RungMetric metric) {
  Statement q(db, fmt::format("SELECT run_id, epoch, {} FROM epochs WHERE run_id = ?1 ORDER BY epoch",
                              Column(metric)));
  q.Bind(1, run_id);
  std::vector<EpochValue> rows;
  while (q.Step()) rows.push_back({q.Int(0), q.Int(1), q.OptionalDouble(2)});
  return rows;
}

}  // namespace mnb
