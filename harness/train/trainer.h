// Trainer: one RunSpec in, epochs of metrics out.
//
// Contract: Train() trains one run epoch by epoch, handing each finished epoch to hooks.on_epoch
// (the trainer knows nothing of SQLite), and returns how it ended: completed, diverged or
// interrupted. Errors in the data or spec throw mnb::Error kBadInput (DataError, ...). On CPU the
// same spec and thread count give bit-identical metrics. No torch in this header: the CLI and the
// runner include it freely. Details (determinism, checkpoints): docs/train.md "The trainer".
#ifndef MNISTBENCH_HARNESS_TRAIN_TRAINER_H_
#define MNISTBENCH_HARNESS_TRAIN_TRAINER_H_

#include <cstdint>
#include <functional>
#include <string>

#include "harness/plan/run_result.h"
#include "harness/plan/run_spec.h"

namespace mnb {

struct TrainHooks {
  // Every finished epoch; the runner commits it to the store here.
  std::function<void(const EpochMetrics&)> on_epoch;
  // Progress inside an epoch; called after every batch when set.
  std::function<void(int64_t epoch, int64_t batch, int64_t batches)> on_batch;
  // Also polled right after on_epoch; true ends the run as interrupted.
  std::function<bool()> should_stop;  // polled after every batch
  // When set: epoch-N.pt after every epoch, the final weights in model.pt.
  std::string checkpoint_dir;         // empty: no checkpoints
  int64_t resume_after_epoch = 0;     // > 0: continue from checkpoint epoch-N.pt
};

// What the trainer resolved before the first epoch, for the record.
struct TrainSetup {
  std::string device;
  int threads = 0;
  int64_t params = 0;
  int64_t train_size = 0, val_size = 0, test_size = 0;
  int64_t resumed_from_epoch = 0;  // 0 when started fresh
  std::string torch_version;
  std::string openmp_wait;  // how libgomp's threads wait: see harness/train/cpu_runtime.h
};

// Loads the run's data splits, builds its model and trains it: completed, diverged (a NaN or
// infinite loss, with its epoch) or interrupted (the partial epoch dropped).
RunOutcome Train(const RunSpec& spec, const std::string& data_dir, const TrainHooks& hooks,
                 TrainSetup* setup = nullptr);

}  // namespace mnb

#endif  // MNISTBENCH_HARNESS_TRAIN_TRAINER_H_
