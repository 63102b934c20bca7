// Per-example predictions: the predicted class of every test example (and of every eval set's
// example) at a run's final epoch and at its best epoch, for McNemar's test (`compare`).
//
// Contract: table `predictions(run_id, eval_set, epoch, classes)` (schema 4): `classes` is a BLOB
// of one byte per example, the predicted class, in the dataset's order ('test' is the test
// split; other eval_set values are eval sets' dataset names). WritePredictions runs inside the
// caller's epoch transaction: it stores this epoch's sets, then drops every row of the run that
// is neither this (now final) epoch nor the best epoch as run_summary defines it (highest
// validation accuracy, test accuracy without a validation split, earliest on ties). A resumed run
// keeps its rows, so it always ends with its final and best epochs. Runs recorded before schema 4
// have none: ReadPredictions returns nothing for them, and for a database without the table.
#ifndef MNISTBENCH_HARNESS_STORE_PREDICTIONS_H_
#define MNISTBENCH_HARNESS_STORE_PREDICTIONS_H_

#include <cstdint>
#include <string>
#include <vector>

#include "harness/plan/run_result.h"
#include "harness/store/sqlite.h"

namespace mnb {

struct StoredPredictions {
  std::string eval_set;
  int64_t epoch = 0;
  std::vector<uint8_t> classes;
};

extern const char* const kPredictionsTableSql;  // schema 4's CREATE TABLE

void WritePredictions(Database& db, int64_t run_id, int64_t epoch,
                      const std::vector<PredictionSet>& sets);

// A run's stored predictions, by eval set then epoch.
std::vector<StoredPredictions> ReadPredictions(Database& db, int64_t run_id);

}  // namespace mnb

#endif  // MNISTBENCH_HARNESS_STORE_PREDICTIONS_H_
