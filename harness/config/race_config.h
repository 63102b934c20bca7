// [race]: what an experiment file says about racing its variants' seeds (docs/sweeps.md "Racing").
//
// Contract: ParseRaceTable reads
//   [race]
//   min_seeds = 3        # seeds every variant starts with, >= 2 (a test needs two)
//   max_seeds = 10       # the most any variant gets, >= min_seeds, <= kMaxRaceSeeds
//   alpha = 0.05         # optional: family-wise level of each round's tests, in (0, 0.5)
//   tie_within = 1.0     # optional: accuracy points, in [0, 10]; those left all within it of the
//                        # best (an equivalence test) end the race as a tie; 0: never
// into RaceSettings (harness/plan/run_spec.h) and the table's line. Every problem is a
// ConfigError `FILE:LINE: what (expected ...)`: an unknown key, a missing min_seeds or max_seeds,
// a value of the wrong type or out of range. What a race needs of the rest of the file (one
// seed in the grid, a validation split) ExpandPlan checks, which sees each run. No torch.
#ifndef MNISTBENCH_HARNESS_CONFIG_RACE_CONFIG_H_
#define MNISTBENCH_HARNESS_CONFIG_RACE_CONFIG_H_

#include <toml++/toml.h>

#include <cstdint>
#include <string>

#include "harness/plan/run_spec.h"

namespace mnb {

// The most seeds a race gives one variant: beyond this a fixed seed grid is the honest design.
constexpr int64_t kMaxRaceSeeds = 100;

struct RaceConfig {
  RaceSettings settings;  // first_seed is the plan's to set
  int line = 0;           // of [race], for messages; 0 without one
};

RaceConfig ParseRaceTable(const toml::table& t, const std::string& path);

}  // namespace mnb

#endif  // MNISTBENCH_HARNESS_CONFIG_RACE_CONFIG_H_
