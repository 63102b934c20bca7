#include "harness/store/schema.h"

#include <fmt/format.h>

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

const char* const kMigrations[] = {kVersion1};

}  // namespace

int SchemaVersion(Database& db) {
  Statement version(db, "PRAGMA user_version");
  version.Step();
  return static_cast<int>(version.Int(0));
}

int Migrate(Database& db) {
  Transaction txn(db);
  const int before = SchemaVersion(db);
  if (before > kSchemaVersion) {
    throw StoreError(fmt::format("{}: schema version {} is newer than this mnistbench knows ({}); "
                                 "upgrade mnistbench",
                                 db.path(), before, kSchemaVersion));
  }
  for (int v = before; v < kSchemaVersion; ++v) db.Exec(kMigrations[v]);
  if (before != kSchemaVersion) db.Exec(fmt::format("PRAGMA user_version = {}", kSchemaVersion));
  txn.Commit();
  return before;
}

}  // namespace mnb
