// The model zoo: named layer lists reproducing the seed projects, plus our own.
//
// Contract: every entry is data. A plain entry is a fixed layer list; a family entry (lenet5) is a
// small template whose options (activation, pool1, conv4, fc) pick the layers. Variants such as
// lenet5-conv4-tanh are family entries with preset options. LayersFor() returns the layer-list
// text for a name plus option overrides, or throws ZooError naming the model or option and what
// was expected. No torch here: config validation and `mnistbench models` use it freely.
#ifndef MNISTBENCH_MODELS_ZOO_H_
#define MNISTBENCH_MODELS_ZOO_H_

#include <map>
#include <stdexcept>
#include <string>
#include <vector>

#include "harness/base/error.h"

namespace mnb {

class ZooError : public Error {
 public:
  explicit ZooError(const std::string& message) : Error(ErrorKind::kBadInput, message) {}
};

struct ZooOption {
  std::string name;
  std::string default_value;
  std::vector<std::string> allowed;  // empty: a non-negative integer
  std::string help;
};

struct ZooEntry {
  std::string name;
  std::string description;  // one line
  std::string source;       // which seed project, and its published result
  std::string family;       // "" for a fixed list, else the template (e.g. "lenet5")
  std::string layers;       // fixed list, when family is empty
  std::map<std::string, std::string> preset;  // family options this entry fixes
};

const std::vector<ZooEntry>& ZooEntries();
const ZooEntry* FindZooEntry(const std::string& name);  // nullptr when unknown

// Options an entry accepts (empty for fixed lists).
std::vector<ZooOption> ZooOptionsFor(const std::string& name);

// Layer-list text for `name` with `overrides` applied over its preset and defaults.
std::string LayersFor(const std::string& name,
                      const std::map<std::string, std::string>& overrides = {});

}  // namespace mnb

#endif  // MNISTBENCH_MODELS_ZOO_H_
