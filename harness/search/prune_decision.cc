#include "harness/search/prune_decision.h"

#include <fmt/format.h>

namespace mnb::search {

namespace {

std::string Ordinal(size_t k) {
  const char* suffix = "th";
  if (k % 100 < 11 || k % 100 > 13) {
    if (k % 10 == 1) suffix = "st";
    if (k % 10 == 2) suffix = "nd";
    if (k % 10 == 3) suffix = "rd";
  }
  return fmt::format("{}{}", k, suffix);
}

}  // namespace

std::string PruneDecision::Why() const {
  if (!checked) return fmt::format("epoch {}: not checked", epoch);
  const std::string verdict = prune() ? "falls short of" : "reaches";
  if (rule == Rule::kAsha)
    return fmt::format("rung {} (epoch {}): {:.6g} {} the cutoff {:.6g}, the {} best of {} run{} "
                       "(top 1/{})",
                       rung, epoch, metric, verdict, cutoff, Ordinal(kept), compared,
                       compared == 1 ? "" : "s", reduction_factor);
  return fmt::format("epoch {}: best so far {:.6g} {} the median {:.6g} of {} completed run{}",
                     epoch, metric, verdict, cutoff, compared, compared == 1 ? "" : "s");
}

}  // namespace mnb::search
