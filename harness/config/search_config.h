// [search] and the distributions a search samples: what an experiment file says about searching.
//
// Contract: ParseSearchTable reads
//   [search]
//   method = "grid"      # grid (default: every combination) | random | sobol
//   trials = 20          # random, sobol: configurations per [[model]] block (each run once per seed)
//   seed = 0             # the search's own seed (not the runs' `seed` list, which stays replicates)
// and ParseGridDistribution one grid value written as a table with exactly one key:
//   lr = { log_uniform = [1e-4, 1e-1] }    # a float key: 0 < low < high
//   dropout = { uniform = [0.0, 0.5] }     # a float key: low < high
//   epochs = { int = [2, 10] }             # an integer key: low <= high, both integers
//   batch_size = { choice = [32, 64] }     # any key: values of its type (a plain list is one too)
// Both endpoints of a range must be values the key accepts (grid_keys.h), so every sample is.
// Every problem is a ConfigError `FILE:LINE: what (expected ...)`: an unknown method or key,
// trials < 1 or trials under grid, a distribution of the wrong kind for its key, an empty or
// inverted range, log_uniform with a bound <= 0. A distribution under method = "grid" is refused
// by the experiment parser, which knows the method. No TOML past this file's interface; no torch.
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
