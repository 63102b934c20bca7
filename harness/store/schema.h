// The results schema and its migrations.
//
// Contract: Migrate brings a database to kSchemaVersion inside one BEGIN IMMEDIATE transaction,
// so two processes opening a fresh file together never race: the second waits for the write
// lock, then sees PRAGMA user_version already current and does nothing. A database from a newer
// mnistbench (user_version > kSchemaVersion) is refused rather than misread, by
// CheckSchemaVersion, which every reader of a database file calls too. Each migration is
// append-only SQL: version N's script turns version N-1 into N. Version 2 adds the views
// run_summary and leaderboard, version 3 the view variant_stats (the leaderboard's mean with its
// 95% Student-t interval) and the t-quantile table it reads (see schema.cc), version 4 the table
// predictions (predictions.h), version 5 the status 'pruned', runs.pruned_epoch and the table
// rungs (rungs.h), version 6 variant_stats with its interval clamped to [0, 1], version 7 the
// indexes runs_progress and runs_by_search_method for the progress reads, version 8 the table
// race_rounds and the index runs_by_race (race_rounds.h).
#ifndef MNISTBENCH_HARNESS_STORE_SCHEMA_H_
#define MNISTBENCH_HARNESS_STORE_SCHEMA_H_

#include <string>

#include "harness/store/sqlite.h"

namespace mnb {

constexpr int kSchemaVersion = 8;

// The SELECT statements behind the views `run_summary` (as of schema version 8) and `leaderboard`
// (version 2), for read-only connections to a version-1 database, which create them as TEMP views.
std::string RunSummaryViewSelect();
const char* LeaderboardViewSelect();
// run_summary's variant_config, an expression over `runs r`: the run's config without its seed,
// threads, device or race settings (what makes runs one variant).
const char* VariantConfigSql();
// Version 3's t-quantile table and the view variant_stats; `temporary`: as TEMP objects, for a
// read-only connection to an older database. Idempotent (IF NOT EXISTS).
std::string VariantStatsSql(bool temporary);

int SchemaVersion(Database& db);

// What a database without a schema (user_version 0) is to the caller: a new file Migrate
// creates the schema in, or a file that is not a mnistbench results database.
enum class NoSchema { kRefuse, kAccept };

// Returns SchemaVersion(db) once this mnistbench can read it; throws StoreError naming db.path()
// for a version newer than kSchemaVersion ("...; upgrade mnistbench") and, unless kAccept, for
// version 0. kAccept still refuses a version-0 file that has tables: another application's
// database, which mnistbench must not add its tables to.
int CheckSchemaVersion(Database& db, NoSchema no_schema = NoSchema::kRefuse);

// Returns the version the database had before.
int Migrate(Database& db);

}  // namespace mnb

#endif  // MNISTBENCH_HARNESS_STORE_SCHEMA_H_
