// A run's results as plain values: status names as the store writes them, per-class metrics.
#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "harness/plan/run_result.h"

using namespace mnb;

TEST_CASE("RunStatusName spells each status as the store's status column does", "[plan][result]") {
  CHECK(std::string(RunStatusName(RunStatus::kQueued)) == "queued");
  CHECK(std::string(RunStatusName(RunStatus::kRunning)) == "running");
  CHECK(std::string(RunStatusName(RunStatus::kCompleted)) == "completed");
  CHECK(std::string(RunStatusName(RunStatus::kFailed)) == "failed");
  CHECK(std::string(RunStatusName(RunStatus::kInterrupted)) == "interrupted");
  CHECK(std::string(RunStatusName(RunStatus::kDiverged)) == "diverged");
}

TEST_CASE("ClassMetricsFromConfusion gives precision, recall and F1 per class", "[plan][result]") {
  // [true][predicted]: class 0 is mostly right, class 1 is half taken for 0, class 2 is never
  // predicted (precision undefined: 0, as sklearn does).
  const std::vector<std::vector<int64_t>> confusion = {{8, 2, 0}, {5, 5, 0}, {1, 3, 0}};
  const std::vector<ClassMetrics> m = ClassMetricsFromConfusion(confusion);
  REQUIRE(m.size() == 3);
  CHECK(m[0].label == 0);
  CHECK(m[0].precision == Approx(8.0 / 14));
  CHECK(m[0].recall == Approx(8.0 / 10));
  CHECK(m[0].f1 == Approx(2 * (8.0 / 14) * 0.8 / (8.0 / 14 + 0.8)));
  CHECK(m[1].precision == Approx(0.5));
  CHECK(m[1].recall == Approx(0.5));
  CHECK(m[1].f1 == Approx(0.5));
  CHECK(m[2].label == 2);
  CHECK(m[2].precision == 0.0);
  CHECK(m[2].recall == 0.0);
  CHECK(m[2].f1 == 0.0);
  CHECK(ClassMetricsFromConfusion({}).empty());
}
