// `mnistbench reproduce`: does re-training a recorded run give the very numbers it recorded?
//
// Contract: the comparison half, without torch (the training is the torch side's). A reproduced
// epoch is put in the form the store records (AsRecorded: a NaN becomes NULL, as SQLite stores
// it), then CompareEpochs walks the recorded epochs in order and, within an epoch, the metrics in
// the `epochs` table's column order (train_loss, train_accuracy, val_loss, val_accuracy,
// test_loss, test_accuracy, lr) then each eval set's loss and accuracy by name, and stops at the
// first value that is not bit-identical (both absent counts as equal). Wall time and throughput
// are measurements of the machine, not results, and are never compared. Stored predictions
// (predictions.h) of a compared epoch are compared byte by byte too. EnvironmentDifferences
// names what differs between where the run was recorded and here, for the report of a mismatch.
#ifndef MNISTBENCH_HARNESS_CHECK_REPRODUCE_H_
#define MNISTBENCH_HARNESS_CHECK_REPRODUCE_H_

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "harness/plan/run_result.h"
#include "harness/store/predictions.h"
#include "harness/results/result_set.h"

namespace mnb {

struct MetricDifference {
  int64_t epoch = 0;
  std::string metric;  // "test_loss", "dig-mnist accuracy", "test predictions"
  std::string recorded, reproduced;  // the values, printed exactly ("NULL" when absent)
};

struct ReproduceComparison {
  int64_t epochs = 0;       // compared in full
  int64_t values = 0;       // metric values found equal
  int64_t predictions = 0;  // per-example predictions found equal
  std::optional<MetricDifference> first_difference;
};

struct ReproducedEpoch {
  EpochResult metrics;
  std::vector<PredictionSet> predictions;
};

ReproducedEpoch AsRecorded(const EpochMetrics& m);

// `recorded` and `reproduced` by epoch; compares the first min(sizes) epochs (the caller checks
// that the reproduction ran as many epochs as asked).
ReproduceComparison CompareEpochs(const std::vector<EpochResult>& recorded,
                                  const std::vector<StoredPredictions>& recorded_predictions,
                                  const std::vector<ReproducedEpoch>& reproduced);

struct WhereRun {  // where a run ran: RunRow's fields, or this process's
  std::string device, torch_version, git_rev, data_sha256, host;
  int64_t threads = 0;
};

// "torch 1.13.1 here, 2.1.0 recorded", one per field that differs; empty when none does.
std::vector<std::string> EnvironmentDifferences(const WhereRun& recorded,
                                                const WhereRun& here);

// The report's lines: "bit-identical: N epochs, M values" or the first difference and why.
std::string RenderReproduction(const RunRow& run, const ReproduceComparison& comparison,
                               const std::vector<std::string>& environment_differences);

}  // namespace mnb

#endif  // MNISTBENCH_HARNESS_CHECK_REPRODUCE_H_
