#include "harness/config/grid_keys.h"

namespace mnb {


const std::vector<GridKey>& GridKeys() {
  using K = ConfigValue::Kind;
  static const std::vector<GridKey> keys = {
      {"optimizer", K::kString, "adam or sgd",
       [](const ConfigValue& v) { return v.text == "adam" || v.text == "sgd"; },
       [](RunSpec& s, const ConfigValue& v) { s.optimizer = v.text; }},
      {"loss", K::kString, "ce or mse",
       [](const ConfigValue& v) { return v.text == "ce" || v.text == "mse"; },
       [](RunSpec& s, const ConfigValue& v) { s.loss = v.text; }},
      {"lr", K::kFloat, "a number > 0", [](const ConfigValue& v) { return v.number > 0; },
       [](RunSpec& s, const ConfigValue& v) { s.lr = v.number; }},
      {"lr_schedule", K::kString, "constant or cosine",
       [](const ConfigValue& v) { return v.text == "constant" || v.text == "cosine"; },
       [](RunSpec& s, const ConfigValue& v) { s.lr_schedule = v.text; }},
      {"momentum", K::kFloat, "a number in [0, 1)",
       [](const ConfigValue& v) { return v.number >= 0 && v.number < 1; },
       [](RunSpec& s, const ConfigValue& v) { s.momentum = v.number; }},
      {"weight_decay", K::kFloat, "a number >= 0", [](const ConfigValue& v) { return v.number >= 0; },
       [](RunSpec& s, const ConfigValue& v) { s.weight_decay = v.number; }},
      {"batch_size", K::kInteger, "an integer >= 1", [](const ConfigValue& v) { return v.integer >= 1; },
       [](RunSpec& s, const ConfigValue& v) { s.batch_size = v.integer; }},
      {"epochs", K::kInteger, "an integer >= 1", [](const ConfigValue& v) { return v.integer >= 1; },
       [](RunSpec& s, const ConfigValue& v) { s.epochs = v.integer; }},
      {"augment_shift", K::kInteger, "an integer in 0..8",
       [](const ConfigValue& v) { return v.integer >= 0 && v.integer <= 8; },
       [](RunSpec& s, const ConfigValue& v) { s.augment_shift = v.integer; }},
      {"init", K::kString, "torch or keras",
       [](const ConfigValue& v) { return v.text == "torch" || v.text == "keras"; },
       [](RunSpec& s, const ConfigValue& v) { s.init = v.text; }},
      {"adam_eps", K::kFloat, "a number > 0", [](const ConfigValue& v) { return v.number > 0; },
       [](RunSpec& s, const ConfigValue& v) { s.adam_eps = v.number; }},
      {"input_scale", K::kString, "standardize or unit",
       [](const ConfigValue& v) { return v.text == "standardize" || v.text == "unit"; },
       [](RunSpec& s, const ConfigValue& v) { s.input_scale = v.text; }},
      {"seed", K::kInteger, "an integer >= 0", [](const ConfigValue& v) { return v.integer >= 0; },
       [](RunSpec& s, const ConfigValue& v) { s.seed = static_cast<uint64_t>(v.integer); }},
  };
  return keys;
}

const GridKey* FindGridKey(const std::string& name) {
  for (const GridKey& k : GridKeys()) {
    if (name == k.name) return &k;
  }
  return nullptr;
}

void ApplyAxis(RunSpec& spec, const std::string& axis, const ConfigValue& value) {
  if (axis.rfind("option:", 0) == 0) {
    spec.model_options[axis.substr(7)] = value.text;
  } else {
    FindGridKey(axis)->apply(spec, value);
  }
}

}  // namespace mnb
