#include "harness/results/varying_keys.h"

#include <map>

namespace mnb {

namespace {

bool SameValue(const VariantSetting& a, const VariantSetting& b) {
  if (a.number && b.number) return *a.number == *b.number;
  return a.number.has_value() == b.number.has_value() && a.text == b.text;
}

}  // namespace

const VariantSetting* FindSetting(const std::vector<VariantSetting>& settings,
                                  const std::string& key) {
  for (const VariantSetting& s : settings) {
    if (s.name == key) return &s;
  }
  return nullptr;
}

std::vector<VaryingKey> FindVaryingKeys(const std::vector<std::vector<VariantSetting>>& settings) {
  std::vector<std::string> order;
  std::map<std::string, const VariantSetting*> first;  // the first value seen per key
  std::map<std::string, size_t> holders;               // how many lists set the key
  std::map<std::string, bool> varies, numeric;
  for (const auto& list : settings) {
    for (const VariantSetting& s : list) {
      auto [it, added] = first.emplace(s.name, &s);
      if (added) {
        order.push_back(s.name);
        numeric[s.name] = true;
      }
      if (!SameValue(*it->second, s)) varies[s.name] = true;
      if (!s.number) numeric[s.name] = false;
      ++holders[s.name];
    }
  }
  std::vector<VaryingKey> out;
  for (const std::string& key : order) {
    // A key some lists leave out (a zoo option at its default, another model's layers) varies.
    if (varies[key] || holders[key] < settings.size()) out.push_back({key, numeric[key]});
  }
  return out;
}

}  // namespace mnb
