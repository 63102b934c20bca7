// The store's typed rows (harness/store/rows.h): which statuses are still open, that a
// completed run is one by its status alone, and that missing values start empty, never as 0.
#include <catch2/catch.hpp>

#include <string>

#include "harness/store/rows.h"

using namespace mnb;

TEST_CASE("rows: queued, running and interrupted runs are still open", "[store]") {
  CHECK(StatusStillOpen("queued"));
  CHECK(StatusStillOpen("running"));
  CHECK(StatusStillOpen("interrupted"));
  CHECK_FALSE(StatusStillOpen("completed"));
  CHECK_FALSE(StatusStillOpen("failed"));
  CHECK_FALSE(StatusStillOpen("diverged"));
  CHECK_FALSE(StatusStillOpen("pruned"));
  // Exact words only: no case folding, no prefixes, nothing for an empty status.
  CHECK_FALSE(StatusStillOpen(""));
  CHECK_FALSE(StatusStillOpen("Running"));
  CHECK_FALSE(StatusStillOpen("queued "));
  CHECK_FALSE(StatusStillOpen("run"));
  const std::string owned = "interrupted";  // a std::string converts to the view
  CHECK(StatusStillOpen(owned));
}

TEST_CASE("rows: a run row is completed by its status, and its metrics start missing",
          "[store]") {
  RunRow r;
  CHECK_FALSE(r.completed());
  CHECK_FALSE(r.test_accuracy.has_value());
  CHECK_FALSE(r.val_accuracy.has_value());
  CHECK_FALSE(r.best_epoch.has_value());
  CHECK_FALSE(r.best_val_accuracy.has_value());
  CHECK(r.eval_accuracy.empty());
  for (const char* open : {"queued", "running", "interrupted", "failed", "diverged", "pruned"}) {
    r.status = open;
    CHECK_FALSE(r.completed());
  }
  r.status = "completed";
  CHECK(r.completed());

  CHECK_FALSE(r.final_epoch.has_value());
  CHECK(r.epochs_done == 0);
  CHECK(r.seconds == 0);
  const EpochResult epoch;
  CHECK_FALSE(epoch.train_loss.has_value());
  CHECK_FALSE(epoch.test_accuracy.has_value());
  CHECK_FALSE(epoch.seconds.has_value());
  const ClassResult cls;
  CHECK_FALSE(cls.precision.has_value());
  CHECK_FALSE(cls.f1.has_value());
  CHECK(ConfusionResult{}.matrix.empty());
}
