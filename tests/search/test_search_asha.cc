// ASHA on a hand-written table of learning curves: exactly the runs its rule says are pruned.
#include <catch2/catch.hpp>

#include <map>
#include <string>

#include "harness/search/asha.h"

using namespace mnb::search;

TEST_CASE("ASHA: rungs at min_epochs * rf^k strictly below the budget", "[search][asha]") {
  CHECK(AshaRungs({1, 3, true}, 9) == std::vector<int64_t>{1, 3});
  CHECK(AshaRungs({1, 3, true}, 10) == std::vector<int64_t>{1, 3, 9});
  CHECK(AshaRungs({2, 2, true}, 8) == std::vector<int64_t>{2, 4});
  CHECK(AshaRungs({1, 4, true}, 1).empty());  // a one-epoch run has no rung
  CHECK(AshaRungs({1, 1, true}, 9).empty());  // rf < 2 is no rule
}

TEST_CASE("ASHA: a synthetic sweep prunes exactly the runs the rule says", "[search][asha]") {
  // rf = 3, grace 1 epoch, 9 epochs each: rungs at epochs 1 and 3. Results arrive in this
  // order; each is decided against what was recorded before it, then recorded. keep =
  // max(1, floor(n / 3)) of the n runs at the rung (itself included) go on.
  struct Event {
    int64_t run;
    int64_t epoch;
    double metric;
    bool pruned;  // the decision written by hand
  };
  const std::vector<Event> events = {
      {1, 1, 0.50, false},  // rung 0: alone, keep 1 — best so far
      {2, 1, 0.60, false},  // n=2, keep 1: 0.60 is the best
      {3, 1, 0.55, true},   // n=3, keep 1: cutoff 0.60
      {4, 1, 0.70, false},  // n=4, keep 1: new best
      {1, 3, 0.65, false},  // rung 1: alone
      {5, 1, 0.58, true},   // n=5, keep 1: cutoff 0.70
      {6, 1, 0.62, false},  // n=6, keep 2: cutoff 0.62 (its own value)
      {2, 3, 0.64, true},   // rung 1, n=2, keep 1: cutoff 0.65
      {7, 1, 0.61, true},   // n=7, keep 2: cutoff 0.62
      {4, 3, 0.80, false},  // rung 1, n=3, keep 1: new best
      {6, 3, 0.66, true},   // rung 1, n=4, keep 1: cutoff 0.80
      {8, 1, 0.60, true},   // n=8, keep 2: cutoff 0.62
      {9, 1, 0.62, false},  // n=9, keep 3: 0.70 0.62 0.62 — a tie at the cutoff goes on
      {1, 9, 0.90, false},  // the budget: not a rung, the run completes
      {4, 5, 0.81, false},  // between rungs: not checked
  };
  const AshaSpec spec{1, 3, true};
  std::vector<RungResult> recorded;
  for (const Event& e : events) {
    const PruneDecision d = DecideAsha(spec, recorded, e.run, e.epoch, e.metric, 9);
    INFO("run " << e.run << " at epoch " << e.epoch << ": " << d.Why());
    CHECK(d.prune() == e.pruned);
    CHECK(d.checked == (e.epoch == 1 || e.epoch == 3));
    if (d.checked) recorded.push_back({e.run, e.epoch, e.metric});
  }

  // The explanation of one decision, with its numbers.
  const PruneDecision seven = DecideAsha(spec, recorded, 10, 1, 0.61, 9);
  CHECK(seven.rung == 0);
  CHECK(seven.compared == 10);
  CHECK(seven.kept == 3);
  CHECK(seven.cutoff == 0.62);
  CHECK(seven.Why() ==
        "rung 0 (epoch 1): 0.61 falls short of the cutoff 0.62, the 3rd best of 10 runs (top 1/3)");
}

TEST_CASE("ASHA: a resumed run is judged on its own value once; losses minimise; NaN prunes",
          "[search][asha]") {
  const AshaSpec spec{1, 2, true};
  const std::vector<RungResult> recorded = {{1, 1, 0.9}, {2, 1, 0.5}, {3, 1, 0.7}};
  // Run 2 re-decided at its rung (after a crash): its old row does not count twice.
  const PruneDecision again = DecideAsha(spec, recorded, 2, 1, 0.5, 4);
  CHECK(again.compared == 3);
  CHECK(again.prune());
  // n = 4, keep 2: 0.9, 0.8 — so 0.8 goes on.
  CHECK_FALSE(DecideAsha(spec, recorded, 4, 1, 0.8, 4).prune());

  const AshaSpec loss{1, 2, false};
  const std::vector<RungResult> losses = {{1, 1, 0.30}, {2, 1, 0.10}, {3, 1, 0.20}};
  const PruneDecision low = DecideAsha(loss, losses, 4, 1, 0.15, 4);  // 0.10 0.15 | 0.20 0.30
  CHECK_FALSE(low.prune());
  CHECK(low.cutoff == 0.15);
  CHECK(DecideAsha(loss, losses, 4, 1, 0.25, 4).prune());

  CHECK(DecideAsha(spec, recorded, 4, 1, std::nan(""), 4).prune());
}
