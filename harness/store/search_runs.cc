// The run-row writes and reads that run inside a caller's transaction (store.h): InsertRunRows,
// shared by Store::InsertPlan and a TPE proposer, and the proposers' reads.
#include "harness/store/store.h"

namespace mnb {

int InsertRunRows(Database& db, int64_t experiment_id, const std::vector<NewRun>& runs) {
  Statement insert(db,
                   "INSERT OR IGNORE INTO runs(experiment_id, run_key, model, dataset, "
                   "optimizer, loss, lr, batch_size, epochs, seed, config_json, params) "
                   "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)");
  int added = 0;
  for (const NewRun& run : runs) {
    insert.Reset();
    insert.Bind(1, experiment_id)
        .Bind(2, run.run_key)
        .Bind(3, run.spec.model)
        .Bind(4, run.spec.dataset)
        .Bind(5, run.spec.optimizer)
        .Bind(6, run.spec.loss)
        .Bind(7, run.spec.lr)
        .Bind(8, run.spec.batch_size)
        .Bind(9, run.spec.epochs)
        .Bind(10, static_cast<int64_t>(run.spec.seed))
        .Bind(11, run.config_json)
        .Bind(12, run.params);
    insert.Run();
    added += db.Changes();
  }
  return added;
}

std::vector<RunRow> ProposerRuns(Database& db, int64_t experiment_id, const std::string& where) {
  Statement q(db, "SELECT r.id, r.config_json, r.status, r.seed, e.epoch, e.val_accuracy, "
                  "e.val_loss FROM runs r LEFT JOIN epochs e ON e.run_id = r.id AND e.epoch = "
                  "(SELECT MAX(epoch) FROM epochs WHERE run_id = r.id) "
                  "WHERE r.experiment_id = ?1 AND (" + where + ") ORDER BY r.id");
  q.Bind(1, experiment_id);
  std::vector<RunRow> rows;
  while (q.Step()) {
    RunRow& r = rows.emplace_back();
    r.run_id = q.Int(0);
    r.experiment_id = experiment_id;
    r.config_json = q.Text(1);
    r.status = q.Text(2);
    r.seed = q.Int(3);
    if (!q.IsNull(4)) r.final_epoch = q.Int(4);
    r.val_accuracy = q.OptionalDouble(5);
    r.val_loss = q.OptionalDouble(6);
  }
  return rows;
}

std::vector<RunRow> TpeSearchRuns(Database& db, int64_t experiment_id) {
  return ProposerRuns(db, experiment_id, "json_extract(r.config_json, '$.search.method') = 'tpe'");
}

}  // namespace mnb
