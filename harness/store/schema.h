// The results schema and its migrations.
//
// Contract: Migrate brings a database to kSchemaVersion inside one BEGIN IMMEDIATE transaction,
// so two processes opening a fresh file together never race. A database from a newer mnistbench,
// or a file that is not a mnistbench results database, is refused rather than misread by
// CheckSchemaVersion, which every reader calls too: StoreError (kind kBadInput) naming the file.
// What each version adds: docs/sweeps.md "Schema versions and migrations".
#ifndef MNISTBENCH_HARNESS_STORE_SCHEMA_H_
#define MNISTBENCH_HARNESS_STORE_SCHEMA_H_

#include <string>

#include "harness/store/sqlite.h"

namespace mnb {

constexpr int kSchemaVersion = 9;
// The last version that changed a view: a read-only connection to an older database reads the
// current views as TEMP views of its own (StoreReader).
constexpr int kViewsVersion = 9;

// The SELECT statements behind the views `run_summary` and `leaderboard` as of kViewsVersion, for
// read-only connections to an older database, which create them as TEMP views.
std::string RunSummaryViewSelect();
const char* LeaderboardViewSelect();
// run_summary's variant_config, an expression over `runs r`: the run's config without its seed,
// threads, device, race or search settings (what makes runs one variant; the same keys as
// harness/results' VariantConfigJson drops).
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
