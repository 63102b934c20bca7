// The grid keys: each names what it accepts, rejects what it should and sets its RunSpec field.
#include <catch2/catch.hpp>

#include <set>
#include <string>

#include "harness/config/grid_keys.h"
#include "harness/plan/recipe.h"

using namespace mnb;

namespace {

ConfigValue Text(const std::string& text) { return {ConfigValue::Kind::kString, 0, 0, text}; }
ConfigValue Number(double number) {
  return {ConfigValue::Kind::kFloat, 0, number, std::to_string(number)};
}
ConfigValue Integer(int64_t value) {
  return {ConfigValue::Kind::kInteger, value, static_cast<double>(value), std::to_string(value)};
}

}  // namespace

TEST_CASE("grid keys are unique, and every recipe key but val_size is one", "[config][grid]") {
  std::set<std::string> names;
  for (const GridKey& k : GridKeys()) CHECK(names.insert(k.name).second);
  for (const std::string& key : RecipeKeys()) {
    INFO(key);
    // val_size is a [dataset] key: it splits the data, it does not train differently.
    CHECK((FindGridKey(key) != nullptr) == (key != "val_size"));
  }
  CHECK(FindGridKey("learning_rate") == nullptr);
}

TEST_CASE("grid keys validate before they apply", "[config][grid]") {
  const GridKey& init = *FindGridKey("init");
  CHECK(init.valid(Text("keras")));
  CHECK_FALSE(init.valid(Text("xavier")));
  const GridKey& eps = *FindGridKey("adam_eps");
  CHECK_FALSE(eps.valid(Number(0)));
  CHECK(eps.valid(Number(1e-7)));
  const GridKey& shift = *FindGridKey("augment_shift");
  CHECK_FALSE(shift.valid(Integer(9)));

  RunSpec spec;
  init.apply(spec, Text("keras"));
  eps.apply(spec, Number(1e-7));
  FindGridKey("input_scale")->apply(spec, Text("unit"));
  FindGridKey("batch_size")->apply(spec, Integer(32));
  CHECK(spec.init == "keras");
  CHECK(spec.adam_eps == 1e-7);
  CHECK(spec.input_scale == "unit");
  CHECK(spec.batch_size == 32);
}
