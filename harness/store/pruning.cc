#include "harness/store/pruning.h"

#include <fmt/format.h>

#include <cmath>
#include <limits>
#include <vector>

#include "harness/search/asha.h"
#include "harness/search/median_pruner.h"

namespace mnb {

namespace {

using search::PruneDecision;

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

double OrNaN(std::optional<double> v) {
  return v ? *v : std::numeric_limits<double>::quiet_NaN();
}

std::optional<PruneDecision> Recorded(Database& db, int64_t run_id, int64_t epoch) {
  Statement q(db, "SELECT rule, metric, decision, cutoff, compared, kept FROM rungs "
                  "WHERE run_id = ?1 AND epoch = ?2");
  q.Bind(1, run_id).Bind(2, epoch);
  if (!q.Step()) return std::nullopt;
  PruneDecision d;
  d.checked = true;
  d.epoch = epoch;
  d.rule = q.Text(0) == "asha" ? PruneDecision::Rule::kAsha : PruneDecision::Rule::kMedian;
  d.metric = OrNaN(q.OptionalDouble(1));
  d.action = q.Text(2) == "prune" ? PruneDecision::Action::kPrune : PruneDecision::Action::kContinue;
  d.cutoff = OrNaN(q.OptionalDouble(3));
  d.compared = static_cast<size_t>(q.Int(4));
  d.kept = q.IsNull(5) ? 0 : static_cast<size_t>(q.Int(5));
  return d;
}

// Every rung row at `epoch` of the runs of `run_id`'s experiment.
std::vector<search::RungResult> RungRows(Database& db, int64_t run_id, int64_t epoch) {
  Statement q(db, "SELECT g.run_id, g.metric FROM rungs g JOIN runs r ON r.id = g.run_id "
                  "WHERE g.epoch = ?2 AND g.rule = 'asha' AND g.metric IS NOT NULL "
                  "AND r.experiment_id = (SELECT experiment_id FROM runs WHERE id = ?1)");
  q.Bind(1, run_id).Bind(2, epoch);
  std::vector<search::RungResult> rows;
  while (q.Step()) rows.push_back({q.Int(0), epoch, q.Double(1)});
  return rows;
}

// The metric column of `epochs` a rule reads.
const char* MetricColumn(const PruneSettings& settings) {
  return settings.metric == "val_loss" ? "val_loss" : "val_accuracy";
}

std::vector<search::RunCurve> CompletedCurves(Database& db, int64_t run_id,
                                              const PruneSettings& settings) {
  Statement q(db, fmt::format(
                      "SELECT e.run_id, e.epoch, e.{} FROM epochs e JOIN runs r ON r.id = e.run_id "
                      "WHERE r.status = 'completed' AND r.id != ?1 AND r.experiment_id = "
                      "(SELECT experiment_id FROM runs WHERE id = ?1) ORDER BY e.run_id, e.epoch",
                      MetricColumn(settings)));
  q.Bind(1, run_id);
  std::vector<search::RunCurve> curves;
  while (q.Step()) {
    if (curves.empty() || curves.back().run_id != q.Int(0)) curves.push_back({q.Int(0), {}});
    curves.back().epochs.push_back({q.Int(1), OrNaN(q.OptionalDouble(2))});
  }
  return curves;
}

std::vector<search::EpochMetric> OwnCurve(Database& db, int64_t run_id, const PruneSettings& settings) {
  Statement q(db, fmt::format("SELECT epoch, {} FROM epochs WHERE run_id = ?1 ORDER BY epoch",
                              MetricColumn(settings)));
  q.Bind(1, run_id);
  std::vector<search::EpochMetric> curve;
  while (q.Step()) curve.push_back({q.Int(0), OrNaN(q.OptionalDouble(1))});
  return curve;
}

void Record(Database& db, int64_t run_id, const PruneDecision& d) {
  auto finite = [](double v) { return std::isfinite(v) ? std::optional<double>(v) : std::nullopt; };
  Statement insert(db, "INSERT INTO rungs(run_id, epoch, rule, metric, decision, cutoff, compared, "
                       "kept, why) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)");
  insert.Bind(1, run_id)
      .Bind(2, d.epoch)
      .Bind(3, d.rule == PruneDecision::Rule::kAsha ? "asha" : "median")
      .Bind(4, finite(d.metric))
      .Bind(5, d.prune() ? "prune" : "continue")
      .Bind(6, finite(d.cutoff))
      .Bind(7, static_cast<int64_t>(d.compared))
      .Bind(8, d.rule == PruneDecision::Rule::kAsha ? std::optional<int64_t>(d.kept) : std::nullopt)
      .Bind(9, d.Why())
      .Run();
  if (!d.prune()) return;
  Statement prune(db, "UPDATE runs SET status = 'pruned', pruned_epoch = ?2, "
                      "finished_at = strftime('%Y-%m-%dT%H:%M:%fZ','now') WHERE id = ?1");
  prune.Bind(1, run_id).Bind(2, d.epoch).Run();
}

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
  // alone (tests/test_query.cc) migrates again over the objects it kept.
  bool has_column = false;
  {
    Statement column(db, "SELECT COUNT(*) FROM pragma_table_info('runs') WHERE name = 'pruned_epoch'");
    column.Step();
    has_column = column.Int(0) > 0;
  }
  if (!has_column) db.Exec("ALTER TABLE runs ADD COLUMN pruned_epoch INTEGER");
}

PruneDecision JudgeEpoch(Database& db, int64_t run_id, const PruneSettings& settings,
                         int64_t max_epochs, int64_t epoch, std::optional<double> metric) {
  if (std::optional<PruneDecision> recorded = Recorded(db, run_id, epoch)) return *recorded;
  PruneDecision decision;
  if (settings.rule == "asha") {
    search::AshaSpec spec;
    spec.min_epochs = settings.min_epochs;
    spec.reduction_factor = static_cast<int>(settings.reduction_factor);
    spec.maximize = settings.maximize();
    decision = search::DecideAsha(spec, RungRows(db, run_id, epoch), run_id, epoch, OrNaN(metric),
                                  max_epochs);
  } else if (settings.rule == "median") {
    search::MedianSpec spec;
    spec.startup_trials = settings.startup_trials;
    spec.min_epochs = settings.min_epochs;
    spec.maximize = settings.maximize();
    decision = search::DecideMedian(spec, CompletedCurves(db, run_id, settings), run_id,
                                    OwnCurve(db, run_id, settings), max_epochs);
  }
  if (decision.checked) Record(db, run_id, decision);
  return decision;
}

}  // namespace mnb
