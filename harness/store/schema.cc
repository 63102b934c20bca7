#include "harness/store/schema.h"

#include <fmt/format.h>

#include <boost/math/distributions/students_t.hpp>

#include "harness/store/predictions.h"
#include "harness/store/race_rounds.h"
#include "harness/store/rungs.h"

namespace mnb {

namespace {

// Version 1: experiments, runs, per-epoch metrics, extra evaluation sets, confusion matrices and
// per-class metrics. Timestamps are ISO-8601 UTC text, readable as-is in any SQL shell.
const char* kVersion1 = R"sql(
CREATE TABLE experiments (
  id            INTEGER PRIMARY KEY,
  name          TEXT NOT NULL UNIQUE,
  file_path     TEXT NOT NULL,
  file_content  TEXT NOT NULL,
  created_at    TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now'))
);
CREATE TABLE runs (
  id              INTEGER PRIMARY KEY,
  experiment_id   INTEGER NOT NULL REFERENCES experiments(id) ON DELETE CASCADE,
  run_key         TEXT NOT NULL,
  model           TEXT NOT NULL,
  dataset         TEXT NOT NULL,
  optimizer       TEXT NOT NULL,
  loss            TEXT NOT NULL,
  lr              REAL NOT NULL,
  batch_size      INTEGER NOT NULL,
  epochs          INTEGER NOT NULL,
  seed            INTEGER NOT NULL,
  config_json     TEXT NOT NULL,
  params          INTEGER NOT NULL,
  status          TEXT NOT NULL DEFAULT 'queued'
                  CHECK (status IN ('queued','running','completed','failed','interrupted','diverged')),
  device          TEXT,
  threads         INTEGER,
  host            TEXT,
  pid             INTEGER,
  heartbeat_at    TEXT,
  torch_version   TEXT,
  git_rev         TEXT,
  data_sha256     TEXT,
  created_at      TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')),
  started_at      TEXT,
  finished_at     TEXT,
  error           TEXT,
  diverged_epoch  INTEGER,
  attempts        INTEGER NOT NULL DEFAULT 0,
  UNIQUE (experiment_id, run_key)
);
CREATE INDEX runs_by_status ON runs(experiment_id, status, id);
CREATE TABLE epochs (
  run_id              INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
  epoch               INTEGER NOT NULL,
  train_loss          REAL,
  train_accuracy      REAL,
  val_loss            REAL,
  val_accuracy        REAL,
  test_loss           REAL,
  test_accuracy       REAL,
  lr                  REAL,
  seconds             REAL,
  samples_per_second  REAL,
  recorded_at         TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')),
  PRIMARY KEY (run_id, epoch)
);
CREATE TABLE evals (
  run_id    INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
  epoch     INTEGER NOT NULL,
  eval_set  TEXT NOT NULL,
  loss      REAL,
  accuracy  REAL,
  PRIMARY KEY (run_id, epoch, eval_set)
);
CREATE TABLE confusion (
  run_id           INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
  true_label       INTEGER NOT NULL,
  predicted_label  INTEGER NOT NULL,
  count            INTEGER NOT NULL,
  PRIMARY KEY (run_id, true_label, predicted_label)
);
CREATE TABLE class_metrics (
  run_id     INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
  label      INTEGER NOT NULL,
  precision  REAL,
  recall     REAL,
  f1         REAL,
  PRIMARY KEY (run_id, label)
);
)sql";

// Version 2: read-only views for reports and for users' own SQL (docs/reports.md).
// run_summary: one row per run, its configuration with the final epoch's and the best epoch's
// metrics (best = highest validation accuracy, test accuracy without a validation split, earliest
// on ties). variant_config is config_json without seed and execution fields: runs that share it
// are one variant. leaderboard: one row per (experiment, variant); accuracy statistics over its
// completed runs, std the sample std (n - 1; NULL for n < 2, computed in two passes, so equal
// seeds give exactly 0; variants are numbered once so the per-epoch curve groups by integer), best_epoch where the seeds' mean validation curve peaks; status counts
// over all its runs so unfinished work stays visible. Views only, nothing stored: they cost
// nothing until queried. A later change to a view is a new migration (DROP VIEW + CREATE VIEW),
// never an edit of these texts, which old databases already hold.
const char* kRunSummarySelect = R"sql(
SELECT r.id AS run_id, x.name AS experiment, r.run_key,
       json_remove(r.config_json, '$.seed', '$.threads', '$.device') AS variant_config,
       r.model, r.dataset, r.optimizer, r.loss, r.lr,
       json_extract(r.config_json, '$.lr_schedule') AS lr_schedule,
       json_extract(r.config_json, '$.weight_decay') AS weight_decay,
       r.batch_size, r.epochs, r.seed,
       json_extract(r.config_json, '$.model_options') AS model_options,
       json_extract(r.config_json, '$.layers') AS layers,
       r.params, r.status, r.error, r.diverged_epoch, r.device, r.threads, r.torch_version,
       r.git_rev, r.host, r.started_at, r.finished_at,
       COALESCE(p.epochs_done, 0) AS epochs_done, p.final_epoch,
       f.train_loss, f.train_accuracy, f.val_loss, f.val_accuracy, f.test_loss, f.test_accuracy,
       b.epoch AS best_epoch, b.val_accuracy AS best_val_accuracy,
       b.test_accuracy AS best_test_accuracy,
       p.seconds, p.seconds / p.epochs_done AS seconds_per_epoch, p.samples_per_second,
       (SELECT json_group_object(v.eval_set, v.accuracy) FROM evals v
        WHERE v.run_id = r.id AND v.epoch = p.final_epoch) AS eval_accuracy
FROM runs r
JOIN experiments x ON x.id = r.experiment_id
LEFT JOIN (SELECT run_id, COUNT(*) AS epochs_done, MAX(epoch) AS final_epoch,
                  SUM(seconds) AS seconds, AVG(samples_per_second) AS samples_per_second
           FROM epochs GROUP BY run_id) p ON p.run_id = r.id
LEFT JOIN epochs f ON f.run_id = r.id AND f.epoch = p.final_epoch
LEFT JOIN epochs b ON b.run_id = r.id AND b.epoch =
  (SELECT epoch FROM epochs e WHERE e.run_id = r.id
   ORDER BY COALESCE(e.val_accuracy, e.test_accuracy) DESC, e.epoch LIMIT 1)
)sql";

const char* kLeaderboardSelect = R"sql(
WITH summary AS (
  SELECT run_id, experiment, variant_config, model, dataset, optimizer, loss, lr, batch_size,
         epochs, params, status, test_accuracy, test_loss, val_accuracy, seconds_per_epoch,
         samples_per_second
  FROM run_summary
),
variants AS (
  SELECT ROW_NUMBER() OVER (ORDER BY experiment, variant_config) AS variant_no,
         experiment, variant_config, MIN(run_id) AS first_run_id, model, dataset, optimizer,
         loss, lr, batch_size, epochs, MAX(params) AS params, COUNT(*) AS runs,
         SUM(status = 'queued') AS queued, SUM(status = 'running') AS running,
         SUM(status = 'completed') AS completed, SUM(status = 'failed') AS failed,
         SUM(status = 'interrupted') AS interrupted, SUM(status = 'diverged') AS diverged
  FROM summary GROUP BY experiment, variant_config
),
finished AS (
  SELECT v.variant_no, s.run_id, s.test_accuracy, s.test_loss, s.val_accuracy,
         s.seconds_per_epoch, s.samples_per_second
  FROM summary s JOIN variants v
    ON v.experiment = s.experiment AND v.variant_config = s.variant_config
  WHERE s.status = 'completed'
),
means AS (
  SELECT variant_no, COUNT(test_accuracy) AS n, AVG(test_accuracy) AS test_accuracy_mean,
         MIN(test_accuracy) AS test_accuracy_min, MAX(test_accuracy) AS test_accuracy_max,
         AVG(test_loss) AS test_loss_mean, AVG(val_accuracy) AS val_accuracy_mean,
         AVG(seconds_per_epoch) AS seconds_per_epoch, AVG(samples_per_second) AS samples_per_second
  FROM finished GROUP BY variant_no
),
spread AS (
  SELECT f.variant_no,
         SUM((f.test_accuracy - m.test_accuracy_mean) * (f.test_accuracy - m.test_accuracy_mean))
           / NULLIF(m.n - 1, 0) AS test_accuracy_var
  FROM finished f JOIN means m ON m.variant_no = f.variant_no GROUP BY f.variant_no
),
curve AS (
  SELECT f.variant_no, e.epoch, AVG(COALESCE(e.val_accuracy, e.test_accuracy)) AS accuracy
  FROM finished f JOIN epochs e ON e.run_id = f.run_id
  GROUP BY f.variant_no, e.epoch
),
peak AS (
  SELECT * FROM (
    SELECT variant_no, epoch, accuracy,
           ROW_NUMBER() OVER (PARTITION BY variant_no ORDER BY accuracy DESC, epoch) AS place
    FROM curve)
  WHERE place = 1
)
SELECT CASE WHEN m.test_accuracy_mean IS NOT NULL THEN
         RANK() OVER (PARTITION BY v.experiment
                      ORDER BY m.test_accuracy_mean IS NULL, m.test_accuracy_mean DESC) END AS rank,
       v.experiment, v.model, v.dataset, v.optimizer, v.loss, v.lr,
       json_extract(v.variant_config, '$.lr_schedule') AS lr_schedule,
       json_extract(v.variant_config, '$.weight_decay') AS weight_decay,
       v.batch_size, v.epochs,
       json_extract(v.variant_config, '$.model_options') AS model_options,
       json_extract(v.variant_config, '$.layers') AS layers, v.params,
       COALESCE(m.n, 0) AS n, m.test_accuracy_mean, sqrt(s.test_accuracy_var) AS test_accuracy_std,
       s.test_accuracy_var, m.test_accuracy_min, m.test_accuracy_max, m.test_loss_mean,
       m.val_accuracy_mean, p.epoch AS best_epoch, p.accuracy AS best_val_accuracy,
       m.seconds_per_epoch, m.samples_per_second,
       v.runs, v.queued, v.running, v.completed, v.failed, v.interrupted, v.diverged,
       v.first_run_id, v.variant_config
FROM variants v
LEFT JOIN means m ON m.variant_no = v.variant_no
LEFT JOIN spread s ON s.variant_no = v.variant_no
LEFT JOIN peak p ON p.variant_no = v.variant_no
)sql";

std::string Version2() {
  return fmt::format("CREATE VIEW run_summary AS {};\nCREATE VIEW leaderboard AS {};\n",
                     kRunSummarySelect, kLeaderboardSelect);
}

// Version 3: `variant_stats`, the leaderboard's accuracy with its 95% Student-t interval, for SQL
// users. SQLite has no t quantiles, so t(0.975; df) for df = 1..1000 is a table written from
// Boost.Math, the call stats::StudentTQuantile makes (the store includes nothing from stats/;
// test_schema.cc holds the two equal); above 1000 df the view takes df 1000's value, which
// differs from the normal quantile by under 0.001.
const char* kVariantStatsSelect = R"sql(
SELECT l.experiment, l.rank, l.model, l.dataset, l.variant_config, l.n,
       l.test_accuracy_mean, l.test_accuracy_std,
       MIN(1.0, MAX(0.0, l.test_accuracy_mean - q.t * l.test_accuracy_std / sqrt(l.n))) AS ci_low,
       MIN(1.0, MAX(0.0, l.test_accuracy_mean + q.t * l.test_accuracy_std / sqrt(l.n))) AS ci_high
FROM leaderboard l
LEFT JOIN t_quantile_975 q ON q.df = MIN(l.n - 1, 1000)
)sql";

std::string Version3() { return VariantStatsSql(false); }

// Version 6: variant_stats's interval clamped to [0, 1], as every report prints it
// (harness/stats ClampToUnit); a view changes by DROP and CREATE.
std::string Version6() {
  return fmt::format("DROP VIEW IF EXISTS variant_stats;\nCREATE VIEW variant_stats AS {};\n",
                     kVariantStatsSelect);
}

// Version 7: indexes for the progress reads (`status` on 100,000 runs): one that covers what the
// ETA reads of every run, and one on a run's search method, so finding an experiment's TPE runs
// does not parse every run's config_json.
const char* kVersion7 = R"sql(
CREATE INDEX IF NOT EXISTS runs_progress ON runs(experiment_id, id, status, model, epochs);
CREATE INDEX IF NOT EXISTS runs_by_search_method
  ON runs(experiment_id, json_extract(config_json, '$.search.method'));
)sql";

// run_summary with `variant_config` for its variant_config column.
std::string RunSummarySelect(const std::string& variant_config) {
  std::string select = kRunSummarySelect;
  const std::string from = "json_remove(r.config_json, '$.seed', '$.threads', '$.device')";
  select.replace(select.find(from), from.size(), variant_config);
  return select;
}

std::string RecreateRunSummary(const std::string& variant_config) {
  return fmt::format("DROP VIEW IF EXISTS run_summary;\nCREATE VIEW run_summary AS {};\n",
                     RunSummarySelect(variant_config));
}

// Version 8: the table race_rounds and the index runs_by_race (race_rounds.h), and run_summary's
// variant_config without a race's settings: a run a race seeded and the same run planned by a
// seed grid are one variant.
std::string Version8() {
  return fmt::format("{}\n{}", kRaceRoundsSql,
                     RecreateRunSummary("json_remove(r.config_json, '$.seed', '$.threads', "
                                        "'$.device', '$.race')"));
}

// Version 9: variant_config without a TPE trial's bookkeeping (`search`) either, so a trial's
// variant is its settings, as harness/results' VariantConfigJson has it.
std::string Version9() { return RecreateRunSummary(VariantConfigSql()); }

std::string Migration(int to_version) {
  switch (to_version) {
    case 1: return kVersion1;
    case 2: return Version2();
    case 3: return Version3();
    case 6: return Version6();
    case 7: return kVersion7;
    case 8: return Version8();
    case 9: return Version9();
    default: return kPredictionsTableSql;  // version 4: per-example predictions (predictions.h)
  }
}

}  // namespace

std::string VariantStatsSql(bool temporary) {
  const char* temp = temporary ? "TEMP " : "";
  std::string sql = fmt::format(
      "CREATE {}TABLE IF NOT EXISTS t_quantile_975 (df INTEGER PRIMARY KEY, t REAL NOT NULL);\n"
      "INSERT OR IGNORE INTO t_quantile_975 (df, t) VALUES ",
      temp);
  for (int df = 1; df <= 1000; ++df) {
    sql += fmt::format("{}({}, {})", df == 1 ? "" : ",", df,
                       boost::math::quantile(boost::math::students_t_distribution<double>(df), 0.975));
  }
  sql += fmt::format(";\nCREATE {}VIEW IF NOT EXISTS variant_stats AS {};\n", temp,
                     kVariantStatsSelect);
  return sql;
}

std::string RunSummaryViewSelect() { return RunSummarySelect(VariantConfigSql()); }
const char* VariantConfigSql() {
  return "json_remove(r.config_json, '$.seed', '$.threads', '$.device', '$.race', '$.search')";
}
const char* LeaderboardViewSelect() { return kLeaderboardSelect; }

int SchemaVersion(Database& db) {
  Statement version(db, "PRAGMA user_version");
  version.Step();
  return static_cast<int>(version.Int(0));
}

int CheckSchemaVersion(Database& db, NoSchema no_schema) {
  const int version = SchemaVersion(db);
  if (version == 0 && no_schema == NoSchema::kRefuse) {
    throw StoreError(fmt::format("{}: not a mnistbench results database (no schema)", db.path()));
  }
  if (version > kSchemaVersion) {
    throw StoreError(fmt::format("{}: schema version {} is newer than this mnistbench knows ({}); "
                                 "upgrade mnistbench",
                                 db.path(), version, kSchemaVersion));
  }
  Statement ours(db, "SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' "
                    "AND name IN ('experiments', 'runs', 'epochs')");
  ours.Step();
  if (ours.Int(0) < 3) {
    // No schema of ours, but tables (or a user_version another application set): another
    // application's database. Creating ours beside them would change a file that is not ours.
    Statement tables(db, "SELECT group_concat(name, ', '), COUNT(*) FROM (SELECT name FROM "
                         "sqlite_master WHERE type = 'table' ORDER BY name LIMIT 5)");
    tables.Step();
    if (tables.Int(1) > 0 || version > 0) {
      throw StoreError(fmt::format(
          "{}: an SQLite database of another application (tables: {}; user_version {}), not a "
          "mnistbench results database; left unchanged (pass --db with a new file or a "
          "mnistbench store)",
          db.path(), tables.Int(1) > 0 ? tables.Text(0) : "none", version));
    }
  }
  return version;
}

int Migrate(Database& db) {
  Transaction txn(db);
  const int before = CheckSchemaVersion(db, NoSchema::kAccept);
  for (int v = before; v < kSchemaVersion; ++v) {
    if (v + 1 == 5) {
      PruningSchemaMigration(db);  // not plain SQL: it edits the runs table's CHECK
    } else {
      db.Exec(Migration(v + 1));
    }
  }
  if (before != kSchemaVersion) db.Exec(fmt::format("PRAGMA user_version = {}", kSchemaVersion));
  txn.Commit();
  return before;
}

}  // namespace mnb
