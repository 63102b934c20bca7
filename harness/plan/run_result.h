// What a training run produces, as plain values: its epochs' metrics and how it ended.
//
// Contract: the trainer fills these; the runner hands them to the store; reports read them back.
// They live in the plan room beside RunSpec (the value a run starts from), so the trainer and the
// store both include them while the store stays free of training headers. No torch here. A
// metric that was not measured (no validation split, say) is an empty optional, never a made-up
// number.
#ifndef MNISTBENCH_HARNESS_PLAN_RUN_RESULT_H_
#define MNISTBENCH_HARNESS_PLAN_RUN_RESULT_H_

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace mnb {

struct SplitMetrics {
  double loss = 0.0;
  double accuracy = 0.0;  // fraction in [0, 1]
};

struct EvalSetMetrics {
  std::string name;  // dataset name, e.g. "dig-mnist"
  SplitMetrics metrics;
};

// The predicted class of every example of one evaluated split, in dataset order.
struct PredictionSet {
  std::string eval_set;          // "test", or an eval set's dataset name ("dig-mnist")
  std::vector<uint8_t> classes;  // one byte per example
};

struct EpochMetrics {
  int64_t epoch = 0;  // 1-based
  SplitMetrics train;
  std::optional<SplitMetrics> val;
  std::optional<SplitMetrics> test;
  std::vector<EvalSetMetrics> evals;
  double lr = 0.0;
  double seconds = 0.0;             // wall time of the epoch, training and evaluation
  double samples_per_second = 0.0;  // training samples only
  std::vector<PredictionSet> predictions;  // test and each eval set; the store keeps final + best
};

struct ClassMetrics {
  int64_t label = 0;
  double precision = 0.0;
  double recall = 0.0;
  double f1 = 0.0;
};

enum class RunStatus { kQueued, kRunning, kCompleted, kFailed, kInterrupted, kDiverged, kPruned };

const char* RunStatusName(RunStatus status);

// What a finished (or stopped) run leaves behind besides its epochs.
struct RunOutcome {
  RunStatus status = RunStatus::kCompleted;
  int64_t epochs_done = 0;
  int64_t diverged_epoch = 0;                 // set when status == kDiverged
  std::string error;                          // set when status == kFailed / kDiverged
  std::vector<std::vector<int64_t>> confusion;  // [true][predicted] on test, when measured
  std::vector<ClassMetrics> per_class;          // from `confusion`
};

// Per-class precision/recall/F1 from a square confusion matrix ([true][predicted]).
// A class with no predictions (or no examples) gets 0 for the undefined ratio, as sklearn does.
std::vector<ClassMetrics> ClassMetricsFromConfusion(
    const std::vector<std::vector<int64_t>>& confusion);

}  // namespace mnb

#endif  // MNISTBENCH_HARNESS_PLAN_RUN_RESULT_H_
