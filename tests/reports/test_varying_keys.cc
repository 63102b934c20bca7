// Which settings vary (harness/results/varying_keys.h), read from real variant configurations through
// VariantSettings (harness/results/variants.h): numbers compared as numbers, keys some runs leave
// out, text keys, and the labels' order.
#include <catch2/catch.hpp>

#include "harness/results/varying_keys.h"

using namespace mnb;

namespace {

std::vector<std::string> Names(const std::vector<VaryingKey>& keys) {
  std::vector<std::string> names;
  for (const VaryingKey& k : keys) names.push_back(k.name + (k.numeric ? "#" : "$"));
  return names;
}

}  // namespace

TEST_CASE("varying keys follow the labels' order; numbers compare as numbers",
          "[plots][reports]") {
  const std::vector<std::vector<VariantSetting>> settings = {
      VariantSettings(R"({"model":"cnn","batch_size":32,"lr":0.001,"epochs":3,"optimizer":"adam"})"),
      VariantSettings(R"({"model":"cnn","batch_size":128,"lr":1e-3,"epochs":3,"optimizer":"adam"})"),
      VariantSettings(R"({"model":"cnn","batch_size":32,"lr":0.01,"epochs":3,"optimizer":"sgd"})")};
  // lr before batch_size (the label's order, not the JSON's); epochs never varies; 1e-3 is 0.001.
  CHECK(Names(FindVaryingKeys(settings)) ==
        std::vector<std::string>{"optimizer$", "lr#", "batch_size#"});
  REQUIRE(FindSetting(settings[1], "lr") != nullptr);
  CHECK(*FindSetting(settings[1], "lr")->number == 0.001);
  CHECK(FindSetting(settings[1], "lr")->text == "0.001");
  CHECK(FindSetting(settings[1], "nosuch") == nullptr);
}

TEST_CASE("a key some runs leave out varies; one mixing text and numbers is text",
          "[plots][reports]") {
  const std::vector<std::vector<VariantSetting>> settings = {
      VariantSettings(R"({"model":"m","model_options":{"width":16},"lr":0.1})"),
      VariantSettings(R"({"model":"m","model_options":{},"lr":0.1})"),
      VariantSettings(R"({"model":"m","model_options":{"act":"tanh"},"lr":0.1})"),
      VariantSettings(R"({"model":"m","model_options":{"act":2},"lr":0.1})")};
  CHECK(Names(FindVaryingKeys(settings)) == std::vector<std::string>{"width#", "act$"});
  CHECK(FindVaryingKeys({}).empty());
  CHECK(FindVaryingKeys({settings[0], settings[0]}).empty());  // the same twice: nothing varies
}
