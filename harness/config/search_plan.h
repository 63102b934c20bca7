// The trials of a random or Sobol search over one [[model]] block's axes.
//
// Contract: a block's configuration is a list of PlanAxis in plan order (zoo options by name,
// then the grid keys in GridKeys() order): each a list of values or a distribution. SearchSpaceOf
// takes as dimensions, in that order, every axis with a distribution or more than one listed
// value (a list is a choice), except `seed`, whose values stay replicates. SampleTrials returns
// settings.trials trials, trial i holding one value per dimension: RandomTrial or SobolTrial
// (harness/search) of (space, settings.seed, i) — for tpe, only its first kTpeStartupTrials,
// which are random trials (tpe.h) — a pure function of the file, so the same file
// gives the same trials, run keys and shards on every machine, and resume finds them again. Axes
// with one value are not dimensions: they stay as written. No torch, no TOML, no store.
#ifndef MNISTBENCH_HARNESS_CONFIG_SEARCH_PLAN_H_
#define MNISTBENCH_HARNESS_CONFIG_SEARCH_PLAN_H_

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "harness/config/experiment.h"
#include "harness/config/search_settings.h"
#include "harness/search/search_space.h"

namespace mnb {

struct PlanAxis {
  std::string name;  // a grid key, or "option:NAME" for a zoo option
  std::vector<ConfigValue> values;
  std::optional<search::Distribution> distribution;
};

struct SampledTrial {
  int64_t trial = 0;
  std::vector<std::pair<std::string, ConfigValue>> values;  // one per dimension, axis names
  search::Params params;  // the same values, in the space's order
};

// TPE's start-up trials, known when planned: the rest are proposed while the search runs.
constexpr int64_t kTpeStartupTrials = 10;

search::SearchSpace SearchSpaceOf(const std::vector<PlanAxis>& axes);
std::vector<SampledTrial> SampleTrials(const SearchSettings& settings,
                                       const std::vector<PlanAxis>& axes);

}  // namespace mnb

#endif  // MNISTBENCH_HARNESS_CONFIG_SEARCH_PLAN_H_
