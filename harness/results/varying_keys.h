// Which settings vary between some runs of an experiment: the axes of its heat maps and
// parallel coordinates. A setting that is the same everywhere says nothing on a plot.
//
// Contract: `settings` holds one list per run (or variant), each as VariantSettings returns it
// (harness/results/variants.h). A key varies when two lists give it different values, or some
// list leaves it out; numbers compare as numbers (1e-3 equals 0.001), anything else as its
// text. A varying key is numeric when every list that sets it sets a number. Keys come in the
// order of the first list that names them, lists taken in the order given, so they follow the
// variants' labels (zoo options first, lr before batch_size). Pure.
#ifndef MNISTBENCH_HARNESS_RESULTS_VARYING_KEYS_H_
#define MNISTBENCH_HARNESS_RESULTS_VARYING_KEYS_H_

#include <string>
#include <vector>

#include "harness/results/variants.h"

namespace mnb {

struct VaryingKey {
  std::string name;
  bool numeric = true;
};

std::vector<VaryingKey> FindVaryingKeys(const std::vector<std::vector<VariantSetting>>& settings);

// The setting named `key` in `settings`; nullptr when the list leaves it out.
const VariantSetting* FindSetting(const std::vector<VariantSetting>& settings,
                                  const std::string& key);

}  // namespace mnb

#endif  // MNISTBENCH_HARNESS_RESULTS_VARYING_KEYS_H_
