// Small plans and epochs for the store's tests (test_store.cc, test_store_concurrency.cc).
#ifndef MNISTBENCH_TESTS_STORE_STORE_FIXTURES_H_
#define MNISTBENCH_TESTS_STORE_STORE_FIXTURES_H_

#include <cstdint>
#include <string>
#include <vector>

#include "harness/plan/plan.h"
#include "harness/store/store.h"

namespace mnb::testing {

// n runs of the default spec, seeds 1..n.
inline std::vector<NewRun> MakeRuns(int n) {
  std::vector<NewRun> runs;
  for (int i = 0; i < n; ++i) {
    RunSpec spec;
    spec.seed = static_cast<uint64_t>(i + 1);
    runs.push_back({RunKey(spec), spec, RunSpecToJson(spec), 61706});
  }
  return runs;
}

// One epoch with train and test metrics, an eval set, lr, seconds and throughput.
inline EpochMetrics Epoch(int64_t epoch, double accuracy) {
  EpochMetrics m;
  m.epoch = epoch;
  m.train = {0.5, accuracy - 0.01};
  m.test = SplitMetrics{0.1, accuracy};
  m.evals = {{"dig-mnist", {1.5, 0.6}}};
  m.lr = 1e-3;
  m.seconds = 2.0;
  m.samples_per_second = 1000;
  return m;
}

// The first column of the first row of `sql`, an integer.
inline int64_t Count(Store& store, const std::string& sql) {
  Statement q(store.db(), sql);
  q.Step();
  return q.Int(0);
}

}  // namespace mnb::testing

#endif  // MNISTBENCH_TESTS_STORE_STORE_FIXTURES_H_
