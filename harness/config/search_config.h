// [search] and the distributions a search samples: what an experiment file says about searching.
//
// Contract: every problem is a ConfigError `FILE:LINE: what (expected ...)`. A distribution under
// method = "grid" is refused by the experiment parser, pruning without a validation split by
// ExpandPlan, which know the method and each run's val_size. No TOML past this file's interface;
// no torch. Keys, ranges and messages: docs/search.md "[search] and distributions: what is
// checked".
#ifndef MNISTBENCH_HARNESS_CONFIG_SEARCH_CONFIG_H_
#define MNISTBENCH_HARNESS_CONFIG_SEARCH_CONFIG_H_

#include <toml++/toml.h>

#include <string>

#include "harness/config/grid_keys.h"
#include "harness/config/search_settings.h"

namespace mnb {

// The [search] table: method, trials, seed and the pruner's keys; ConfigError naming `path`.
SearchSettings ParseSearchTable(const toml::table& t, const std::string& path);

// One grid value written as a table with exactly one key (uniform, log_uniform, int or choice);
// both ends of a range must be values `key` accepts (grid_keys.h), so every sample is.
// `t` is the value of grid key `key` (a table). Throws ConfigError naming `path` and t's line.
search::Distribution ParseGridDistribution(const toml::table& t, const GridKey& key,
                                           const std::string& path);

// The ConfigValue a sampled value stands for: what the grid's apply functions take.
ConfigValue ConfigValueOf(const search::Value& value);
// The inverse: a grid value as the search's Value.
search::Value SearchValueOf(const ConfigValue& value);

}  // namespace mnb

#endif  // MNISTBENCH_HARNESS_CONFIG_SEARCH_CONFIG_H_
