// The synthetic epoch rows bench_reports.cc and store_scale/grow_store.cc write straight into a
// store (no training): one statement, and one row per (run, epoch) from its accuracy.
//
// Contract: SyntheticEpochs(db) prepares the insert; Add(run, epoch, acc) writes the row whose
// test accuracy is `acc`, the other metrics derived from it, 12.5 s and 4,400 samples/s.
// Torch-free.
#ifndef MNISTBENCH_BENCH_SYNTHETIC_EPOCHS_H_
#define MNISTBENCH_BENCH_SYNTHETIC_EPOCHS_H_

#include <cstdint>

#include "harness/store/sqlite.h"

namespace mnb::bench {

class SyntheticEpochs {
 public:
  explicit SyntheticEpochs(Database& db)
      : insert_(db, "INSERT INTO epochs(run_id, epoch, train_loss, train_accuracy, val_loss, "
                    "val_accuracy, test_loss, test_accuracy, lr, seconds, samples_per_second) "
                    "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)") {}

  void Add(int64_t run, int64_t epoch, double acc) {
    insert_.Reset();
    insert_.Bind(1, run).Bind(2, epoch).Bind(3, 1 - acc).Bind(4, acc + 0.01).Bind(5, 1.05 - acc)
        .Bind(6, acc - 0.002).Bind(7, 1.1 - acc).Bind(8, acc).Bind(9, 1e-3).Bind(10, 12.5)
        .Bind(11, 4400.0).Run();
  }

 private:
  Statement insert_;
};

}  // namespace mnb::bench

#endif  // MNISTBENCH_BENCH_SYNTHETIC_EPOCHS_H_
