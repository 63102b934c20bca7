// PruneDecision (harness/search/prune_decision.h): its defaults, prune(), and the one line Why()
// writes for each rule, with English ordinals for ASHA's "the k-th best".
#include <catch2/catch.hpp>

#include <cmath>
#include <string>

#include "harness/search/prune_decision.h"

using mnb::search::PruneDecision;

namespace {

PruneDecision Asha(size_t kept, size_t compared, bool prune) {
  PruneDecision d;
  d.checked = true;
  d.rule = PruneDecision::Rule::kAsha;
  d.action = prune ? PruneDecision::Action::kPrune : PruneDecision::Action::kContinue;
  d.epoch = 3;
  d.rung = 1;
  d.metric = 0.9712;
  d.cutoff = 0.975;
  d.kept = kept;
  d.compared = compared;
  d.reduction_factor = 3;
  return d;
}

}  // namespace

TEST_CASE("prune decision: a default decision is unchecked and lets the run go on", "[search]") {
  PruneDecision d;
  CHECK_FALSE(d.checked);
  CHECK_FALSE(d.prune());
  CHECK(d.rule == PruneDecision::Rule::kNone);
  CHECK(d.rung == -1);
  CHECK(std::isnan(d.metric));
  CHECK(std::isnan(d.cutoff));
  CHECK(d.compared == 0);
  d.epoch = 4;
  CHECK(d.Why() == "epoch 4: not checked");
  // Not checked says so whatever the other fields hold.
  d.rule = PruneDecision::Rule::kAsha;
  d.action = PruneDecision::Action::kPrune;
  CHECK(d.prune());
  CHECK(d.Why() == "epoch 4: not checked");
}

TEST_CASE("prune decision: ASHA's line, as the header's example", "[search]") {
  CHECK(Asha(2, 7, true).Why() ==
        "rung 1 (epoch 3): 0.9712 falls short of the cutoff 0.975, the 2nd best of 7 runs "
        "(top 1/3)");
  const PruneDecision keep = Asha(2, 7, false);
  CHECK_FALSE(keep.prune());
  CHECK(keep.Why() ==
        "rung 1 (epoch 3): 0.9712 reaches the cutoff 0.975, the 2nd best of 7 runs (top 1/3)");
  // One run compared: "run", not "runs".
  CHECK(Asha(1, 1, false).Why() ==
        "rung 1 (epoch 3): 0.9712 reaches the cutoff 0.975, the 1st best of 1 run (top 1/3)");
  // Six significant digits at most.
  PruneDecision long_digits = Asha(3, 9, true);
  long_digits.metric = 0.123456789;
  long_digits.cutoff = 0.5;
  CHECK(long_digits.Why() ==
        "rung 1 (epoch 3): 0.123457 falls short of the cutoff 0.5, the 3rd best of 9 runs "
        "(top 1/3)");
}

TEST_CASE("prune decision: ASHA's ordinals, the teens included", "[search]") {
  const auto ordinal = [](size_t kept) {
    const std::string why = Asha(kept, 200, true).Why();
    const size_t at = why.find("the ", why.find("cutoff")) + 4;
    return why.substr(at, why.find(" best") - at);
  };
  CHECK(ordinal(1) == "1st");
  CHECK(ordinal(2) == "2nd");
  CHECK(ordinal(3) == "3rd");
  CHECK(ordinal(4) == "4th");
  CHECK(ordinal(11) == "11th");
  CHECK(ordinal(12) == "12th");
  CHECK(ordinal(13) == "13th");
  CHECK(ordinal(21) == "21st");
  CHECK(ordinal(22) == "22nd");
  CHECK(ordinal(23) == "23rd");
  CHECK(ordinal(100) == "100th");
  CHECK(ordinal(101) == "101st");
  CHECK(ordinal(111) == "111th");
  CHECK(ordinal(112) == "112th");
  CHECK(ordinal(113) == "113th");
  CHECK(ordinal(122) == "122nd");
}

TEST_CASE("prune decision: the median rule's line", "[search]") {
  PruneDecision d;
  d.checked = true;
  d.rule = PruneDecision::Rule::kMedian;
  d.action = PruneDecision::Action::kPrune;
  d.epoch = 5;
  d.metric = 0.25;
  d.cutoff = 0.3;
  d.compared = 4;
  CHECK(d.Why() == "epoch 5: best so far 0.25 falls short of the median 0.3 of 4 completed runs");
  d.action = PruneDecision::Action::kContinue;
  d.compared = 1;
  d.metric = 0.31;
  CHECK(d.Why() == "epoch 5: best so far 0.31 reaches the median 0.3 of 1 completed run");
  // A loss (minimised) reads the same way: the decision carries the verdict.
  d.metric = 1.5;
  d.cutoff = 0.75;
  d.action = PruneDecision::Action::kPrune;
  d.compared = 6;
  CHECK(d.Why() == "epoch 5: best so far 1.5 falls short of the median 0.75 of 6 completed runs");
}
