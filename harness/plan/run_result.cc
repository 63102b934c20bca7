#include "harness/plan/run_result.h"

namespace mnb {

const char* RunStatusName(RunStatus status) {
  switch (status) {
    case RunStatus::kQueued: return "queued";
    case RunStatus::kRunning: return "running";
    case RunStatus::kCompleted: return "completed";
    case RunStatus::kFailed: return "failed";
    case RunStatus::kInterrupted: return "interrupted";
    case RunStatus::kDiverged: return "diverged";
    case RunStatus::kPruned: return "pruned";
  }
  return "unknown";
}

std::vector<ClassMetrics> ClassMetricsFromConfusion(
    const std::vector<std::vector<int64_t>>& confusion) {
  const size_t n = confusion.size();
  std::vector<ClassMetrics> out(n);
  for (size_t c = 0; c < n; ++c) {
    int64_t tp = confusion[c][c], actual = 0, predicted = 0;
    for (size_t k = 0; k < n; ++k) {
      actual += confusion[c][k];
      predicted += confusion[k][c];
    }
    ClassMetrics& m = out[c];
    m.label = static_cast<int64_t>(c);
    m.precision = predicted > 0 ? static_cast<double>(tp) / predicted : 0.0;
    m.recall = actual > 0 ? static_cast<double>(tp) / actual : 0.0;
    const double sum = m.precision + m.recall;
    m.f1 = sum > 0 ? 2 * m.precision * m.recall / sum : 0.0;
  }
  return out;
}

}  // namespace mnb
