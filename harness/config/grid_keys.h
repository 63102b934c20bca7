// The grid keys: every training setting an experiment file may vary in [grid], in a model's own
// grid and as a `train` flag, with what it accepts and how it sets a RunSpec.
//
// Contract: GridKeys() lists each key once, in the order error messages name them; a key's
// `valid` is checked before its `apply`, which then cannot fail. kFloat keys accept integers
// too. FindGridKey returns nullptr for a name that is not a grid key. No torch, no TOML: the
// parser (experiment.cc) turns the file's values into ConfigValues first.
#ifndef MNISTBENCH_HARNESS_CONFIG_GRID_KEYS_H_
#define MNISTBENCH_HARNESS_CONFIG_GRID_KEYS_H_

#include <functional>
#include <string>
#include <vector>

#include "harness/config/experiment.h"
#include "harness/plan/run_spec.h"

namespace mnb {

// How one grid key is checked and applied to a RunSpec.
struct GridKey {
  const char* name;
  ConfigValue::Kind kind;  // kFloat accepts integers too
  const char* expected;
  std::function<bool(const ConfigValue&)> valid;
  std::function<void(RunSpec&, const ConfigValue&)> apply;
};

const std::vector<GridKey>& GridKeys();
const GridKey* FindGridKey(const std::string& name);

// Sets one plan axis on a spec: a grid key by name, or "option:NAME" for a zoo option. The
// value must be one the key accepts (checked when the experiment was parsed).
void ApplyAxis(RunSpec& spec, const std::string& axis, const ConfigValue& value);

}  // namespace mnb

#endif  // MNISTBENCH_HARNESS_CONFIG_GRID_KEYS_H_
