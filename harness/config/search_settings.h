// What an experiment's [search] table and its distribution-valued grid keys say, as plain values.
//
// Contract: types only (PruneSettings is the RunSpec's, so every run carries it to its worker), so that experiment.h can hold them without the parser (search_config.h
// parses them; search_plan.h expands them into runs). SearchSettings::sampled() is true for the
// methods that draw trials instead of taking every grid combination.
#ifndef MNISTBENCH_HARNESS_CONFIG_SEARCH_SETTINGS_H_
#define MNISTBENCH_HARNESS_CONFIG_SEARCH_SETTINGS_H_

#include <cstdint>
#include <map>
#include <string>

#include "harness/plan/run_spec.h"
#include "harness/search/distribution.h"

namespace mnb {

struct SearchSettings {
  std::string method = "grid";  // grid | random | sobol
  int64_t trials = 0;           // random, sobol: >= 1 per [[model]] block
  uint64_t seed = 0;            // the search's own seed
  PruneSettings prune;          // prune = "none" | "asha" | "median", and its parameters
  int line = 0;                 // of [search], for messages

  bool sampled() const { return method != "grid"; }
};

// A grid key's value written as a distribution, with its line for messages.
struct GridDistribution {
  search::Distribution distribution;
  int line = 0;
};
using GridDistributions = std::map<std::string, GridDistribution>;

}  // namespace mnb

#endif  // MNISTBENCH_HARNESS_CONFIG_SEARCH_SETTINGS_H_
