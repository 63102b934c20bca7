// [search] and the distributions a search samples: what an experiment file says about searching.
//
// Contract: ParseSearchTable reads
//   [search]
//   method = "grid"      # grid (default: every combination) | random | sobol | tpe
//   trials = 20          # random, sobol, tpe: configurations per [[model]] block (each run once per seed)
//   seed = 0             # the search's own seed (not the runs' `seed` list, which stays replicates)
//   prune = "asha"       # none (default) | asha | median: stop runs early (any method, grid too)
//   metric = "val_accuracy"   # or "val_loss"; needs a validation split (checked by ExpandPlan)
//   min_epochs = 1       # asha: the first rung; median: the first epoch judged
//   reduction_factor = 3 # asha only, >= 2
//   startup_trials = 5   # median only: completed runs before any pruning
// and ParseGridDistribution one grid value written as a table with exactly one key:
//   lr = { log_uniform = [1e-4, 1e-1] }    # a float key: 0 < low < high
//   weight_decay = { uniform = [0, 1e-3] } # a float key: low < high
//   epochs = { int = [2, 10] }             # an integer key: low <= high, both integers
//   batch_size = { choice = [32, 64] }     # any key: values of its type (a plain list is one too)
// Both endpoints of a range must be values the key accepts (grid_keys.h), so every sample is.
// Every problem is a ConfigError `FILE:LINE: what (expected ...)`: an unknown method or key,
// trials < 1 or trials under grid, an unknown prune rule or metric, a pruner's key without that
// pruner, a distribution of the wrong kind for its key, an empty or inverted range, log_uniform
// with a bound <= 0. A distribution under method = "grid" is refused by the experiment parser,
// which knows the method; pruning without a validation split by ExpandPlan, which knows each
// run's val_size. No TOML past this file's interface; no torch.
#ifndef MNISTBENCH_HARNESS_CONFIG_SEARCH_CONFIG_H_
#define MNISTBENCH_HARNESS_CONFIG_SEARCH_CONFIG_H_

#include <toml++/toml.h>

#include <string>

#include "harness/config/grid_keys.h"
#include "harness/config/search_settings.h"

namespace mnb {

SearchSettings ParseSearchTable(const toml::table& t, const std::string& path);

// `t` is the value of grid key `key` (a table). Throws ConfigError naming `path` and t's line.
search::Distribution ParseGridDistribution(const toml::table& t, const GridKey& key,
                                           const std::string& path);

// The ConfigValue a sampled value stands for: what the grid's apply functions take.
ConfigValue ConfigValueOf(const search::Value& value);
search::Value SearchValueOf(const ConfigValue& value);

}  // namespace mnb

#endif  // MNISTBENCH_HARNESS_CONFIG_SEARCH_CONFIG_H_
