#include "harness/store/predictions.h"

namespace mnb {

const char* const kPredictionsTableSql = R"sql(
CREATE TABLE predictions (
  run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
  eval_set TEXT NOT NULL,
  epoch INTEGER NOT NULL,
  classes BLOB NOT NULL,
  PRIMARY KEY (run_id, eval_set, epoch)
);
)sql";

void WritePredictions(Database& db, int64_t run_id, int64_t epoch,
                      const std::vector<PredictionSet>& sets) {
  if (sets.empty()) return;
  Statement insert(db, "INSERT OR REPLACE INTO predictions(run_id, eval_set, epoch, classes) "
                       "VALUES (?1, ?2, ?3, ?4)");
  for (const PredictionSet& set : sets) {
    insert.Reset();
    insert.Bind(1, run_id).Bind(2, set.eval_set).Bind(3, epoch).Bind(4, set.classes).Run();
  }
  // Keep the final epoch (this one) and the best; the best is run_summary's best epoch.
  Statement prune(db,
                  "DELETE FROM predictions WHERE run_id = ?1 AND epoch <> ?2 AND epoch <> "
                  "COALESCE((SELECT epoch FROM epochs WHERE run_id = ?1 "
                  "ORDER BY COALESCE(val_accuracy, test_accuracy) DESC, epoch LIMIT 1), ?2)");
  prune.Bind(1, run_id).Bind(2, epoch).Run();
}

std::vector<StoredPredictions> ReadPredictions(Database& db, int64_t run_id) {
  std::vector<StoredPredictions> out;
  if (!HasTable(db, "predictions")) return out;  // recorded before schema 4
  Statement q(db, "SELECT eval_set, epoch, classes FROM predictions WHERE run_id = ?1 "
                  "ORDER BY eval_set, epoch");
  q.Bind(1, run_id);
  while (q.Step()) out.push_back({q.Text(0), q.Int(1), q.Blob(2)});
  return out;
}

}  // namespace mnb
