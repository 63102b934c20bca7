// Trainer: one RunSpec in, epochs of metrics out.
//
// Contract: Train() loads the run's data splits, builds its model, and trains it epoch by epoch,
// handing every finished epoch to hooks.on_epoch (the runner commits it to the store there; the
// trainer knows nothing of SQLite). It returns how the run ended: completed, diverged (a NaN or
// infinite loss, with its epoch), or interrupted (hooks.should_stop() turned true; the partial
// epoch is dropped). Errors in the data or spec throw mnb::Error kBadInput (DataError, ...).
//
// Determinism: on CPU the same spec and thread count give bit-identical metrics. Every epoch's
// randomness (shuffle, dropout, augmentation) is seeded from (seed, epoch), so a run resumed
// from the checkpoint of epoch k repeats exactly what an uninterrupted run does from k+1.
//
// Checkpoints (when hooks.checkpoint_dir is set): after epoch e the model and optimizer go to
// epoch-e.pt via a per-process temp file and rename, *before* on_epoch commits the epoch; the
// previous one is removed only after that commit. The final weights stay in model.pt
// (torch::load-able into the Sequential that models/torch/builder.h builds from the same layers).
// should_stop() is also polled right after on_epoch: true there (e.g. the commit was refused)
// ends the run as interrupted before the previous checkpoint is removed or model.pt written.
//
// No torch in this header: the CLI and the runner include it freely.
#ifndef MNISTBENCH_HARNESS_TRAIN_TRAINER_H_
#define MNISTBENCH_HARNESS_TRAIN_TRAINER_H_

#include <cstdint>
#include <functional>
#include <string>

#include "harness/plan/run_result.h"
#include "harness/plan/run_spec.h"

namespace mnb {

struct TrainHooks {
  std::function<void(const EpochMetrics&)> on_epoch;
  // Progress inside an epoch; called after every batch when set.
  std::function<void(int64_t epoch, int64_t batch, int64_t batches)> on_batch;
  std::function<bool()> should_stop;  // polled after every batch
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

RunOutcome Train(const RunSpec& spec, const std::string& data_dir, const TrainHooks& hooks,
                 TrainSetup* setup = nullptr);

}  // namespace mnb

#endif  // MNISTBENCH_HARNESS_TRAIN_TRAINER_H_
