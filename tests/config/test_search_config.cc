// [search] and distribution-valued grid keys (harness/config/search_config.h): what good tables
// parse to, and that each bad one is a bad-input ConfigError `FILE:LINE: ...` naming its key.
#include <catch2/catch.hpp>

#include <string>
#include <string_view>

#include "harness/config/search_config.h"
#include "harness/plan/plan.h"
#include "tests/error_matchers.h"

using namespace mnb;
using mnb::testing::IsKind;
using search::Distribution;

namespace {

SearchSettings Search(const std::string& body) {
  const std::string text = "[search]\n" + body + "\n";
  const toml::table root = toml::parse(std::string_view(text), std::string_view("s.toml"));
  return ParseSearchTable(*root["search"].as_table(), "s.toml");
}

// `key = value` under [grid] (line 2), parsed as that grid key's distribution.
Distribution Dist(const std::string& key, const std::string& value) {
  const std::string text = "[grid]\n" + key + " = " + value + "\n";
  const toml::table root = toml::parse(std::string_view(text), std::string_view("d.toml"));
  const GridKey* grid_key = FindGridKey(key);
  REQUIRE(grid_key != nullptr);
  return ParseGridDistribution(*root["grid"][key].as_table(), *grid_key, "d.toml");
}

// The message of the bad-input error `parse` throws; "no error" when it throws none.
template <typename Parse>
std::string ErrorOf(const Parse& parse) {
  try {
    parse();
  } catch (const Error& e) {
    CHECK(e.kind() == ErrorKind::kBadInput);
    return e.what();
  }
  return "no error";
}

std::string SearchError(const std::string& body) {
  return ErrorOf([&] { Search(body); });
}
std::string DistError(const std::string& key, const std::string& value) {
  return ErrorOf([&] { Dist(key, value); });
}

}  // namespace

TEST_CASE("search config: every key read, and the defaults", "[config][search]") {
  const SearchSettings none = Search("");
  CHECK(none.method == "grid");
  CHECK_FALSE(none.sampled());
  CHECK(none.trials == 0);
  CHECK(none.seed == 0);
  CHECK(none.prune.rule == "none");
  CHECK(none.line == 1);

  const SearchSettings s = Search("method = \"random\"\ntrials = 20\nseed = 7\nprune = \"asha\"\n"
                                  "metric = \"val_loss\"\nmin_epochs = 2\nreduction_factor = 4");
  CHECK(s.method == "random");
  CHECK(s.sampled());
  CHECK(s.trials == 20);
  CHECK(s.seed == 7);
  CHECK(s.prune.rule == "asha");
  CHECK(s.prune.metric == "val_loss");
  CHECK_FALSE(s.prune.maximize());
  CHECK(s.prune.min_epochs == 2);
  CHECK(s.prune.reduction_factor == 4);
  CHECK(s.prune.startup_trials == 5);  // median's, left at its default

  const SearchSettings median = Search("prune = \"median\"\nstartup_trials = 0\nmin_epochs = 3");
  CHECK(median.method == "grid");  // pruning a grid is allowed
  CHECK(median.prune.rule == "median");
  CHECK(median.prune.startup_trials == 0);
  CHECK(median.prune.min_epochs == 3);
  CHECK(Search("method = \"sobol\"\ntrials = 1").trials == 1);
  CHECK(Search("method = \"tpe\"\ntrials = 8").method == "tpe");
}

TEST_CASE("search config: a bad value is one bad-input line naming its key and line",
          "[config][search]") {
  CHECK_THROWS_MATCHES(Search("method = \"bayes\""), Error, IsKind(ErrorKind::kBadInput));
  CHECK(SearchError("method = \"bayes\"") ==
        "s.toml:2: [search] method = \"bayes\" (expected \"grid\", \"random\", \"sobol\" or \"tpe\")");
  CHECK(SearchError("method = 3") ==
        "s.toml:2: [search] method = a non-string (expected \"grid\", \"random\", \"sobol\" or \"tpe\")");
  CHECK(SearchError("method = \"random\"\ntrials = 0") ==
        "s.toml:3: [search] trials is not an integer >= 1 (expected e.g. trials = 20)");
  CHECK(SearchError("method = \"random\"\ntrials = 2.5") ==
        "s.toml:3: [search] trials is not an integer >= 1 (expected e.g. trials = 20)");
  CHECK(SearchError("method = \"random\"\ntrials = " + std::to_string(kMaxPlannedRuns + 1)) ==
        "s.toml:3: [search] trials = 1000001 (expected at most 1000000, the most runs an "
        "experiment file may plan)");
  CHECK(SearchError("seed = -1") ==
        "s.toml:2: [search] seed is not an integer >= 0 (expected e.g. seed = 7)");
  CHECK(SearchError("prune = \"hyperband\"") ==
        "s.toml:2: [search] prune = \"hyperband\" (expected \"none\", \"asha\" or \"median\")");
  CHECK(SearchError("prune = \"asha\"\nmetric = \"test_accuracy\"") ==
        "s.toml:3: [search] metric = \"test_accuracy\" (expected \"val_accuracy\" or \"val_loss\")");
  CHECK(SearchError("prune = \"asha\"\nreduction_factor = 1") ==
        "s.toml:3: [search] reduction_factor is not an integer >= 2");
  CHECK(SearchError("prune = \"asha\"\nmin_epochs = 0") ==
        "s.toml:3: [search] min_epochs is not an integer >= 1");
  CHECK(SearchError("prune = \"median\"\nstartup_trials = -2") ==
        "s.toml:3: [search] startup_trials is not an integer >= 0");
  CHECK(SearchError("method = \"grid\"\ntrails = 3") ==
        "s.toml:3: unknown key 'trails' in [search] (expected method, trials, seed, prune, metric, "
        "min_epochs, reduction_factor, startup_trials)");
}

TEST_CASE("search config: keys that would do nothing are refused", "[config][search]") {
  CHECK(SearchError("prune = \"median\"\nreduction_factor = 3") ==
        "s.toml:3: [search] reduction_factor does not apply to prune = \"median\" (expected "
        "prune = \"asha\")");
  CHECK(SearchError("prune = \"asha\"\nstartup_trials = 3") ==
        "s.toml:3: [search] startup_trials does not apply to prune = \"asha\" (expected "
        "prune = \"median\")");
  CHECK(SearchError("metric = \"val_loss\"") ==
        "s.toml:2: [search] metric does not apply to prune = \"none\" (expected prune = \"asha\" "
        "or \"median\")");
  CHECK(SearchError("method = \"random\"") ==
        "s.toml:1: [search] method = \"random\" needs trials (expected e.g. trials = 20)");
  CHECK(SearchError("trials = 5") ==
        "s.toml:2: [search] trials applies to random, sobol and tpe search (expected method = "
        "\"random\", \"sobol\" or \"tpe\" beside it)");
}

TEST_CASE("search config: distributions of each kind, for keys that accept them",
          "[config][search]") {
  const Distribution lr = Dist("lr", "{ log_uniform = [1e-4, 1e-1] }");
  CHECK(lr.kind == Distribution::Kind::kLogUniform);
  CHECK(Describe(lr) == "log_uniform [0.0001, 0.1]");
  const Distribution wide = Dist("lr", "{ uniform = [1, 2] }");  // integers for a float key
  CHECK(wide.kind == Distribution::Kind::kUniform);
  CHECK(wide.low == 1.0);
  CHECK(wide.high == 2.0);
  CHECK(Describe(Dist("epochs", "{ int = [2, 10] }")) == "int [2, 10]");
  CHECK(Describe(Dist("batch_size", "{ choice = [32, 64] }")) == "choice [32, 64]");
  const Distribution opt = Dist("optimizer", "{ choice = [\"adam\", \"sgd\"] }");
  REQUIRE(opt.choices.size() == 2);
  CHECK(opt.choices[0] == search::Value::String("adam"));
  CHECK(opt.choices[1] == search::Value::String("sgd"));
  CHECK(Describe(Dist("weight_decay", "{ uniform = [0, 1e-3] }")) == "uniform [0, 0.001]");
}

TEST_CASE("search config: each bad distribution is one bad-input line", "[config][search]") {
  CHECK_THROWS_MATCHES(Dist("lr", "{ int = [1, 3] }"), Error, IsKind(ErrorKind::kBadInput));
  CHECK(DistError("lr", "{ int = [1, 3] }") ==
        "d.toml:2: lr is a int distribution, but lr takes a number > 0 (expected uniform, "
        "log_uniform or choice)");
  CHECK(DistError("epochs", "{ uniform = [1, 3] }") ==
        "d.toml:2: epochs is a uniform distribution, but epochs takes an integer >= 1 (expected "
        "int or choice)");
  CHECK(DistError("epochs", "{ int = [2.5, 10] }") ==
        "d.toml:2: epochs = { int = ... } (expected two integers [low, high])");
  CHECK_THAT(DistError("lr", "{ log_uniform = [0, 0.1] }"),
             Catch::StartsWith("d.toml:2: lr: log_uniform") && Catch::Contains("> 0"));
  CHECK_THAT(DistError("weight_decay", "{ uniform = [1e-3, 0] }"),
             Catch::StartsWith("d.toml:2: weight_decay: "));
  CHECK(DistError("batch_size", "{ choice = [] }") ==
        "d.toml:2: batch_size = { choice = ... } is empty (expected at least one value)");
  CHECK_THAT(DistError("lr", "{ uniform = [0.1, 0.2], choice = [1] }"),
             Catch::StartsWith("d.toml:2: lr is a table of 2 keys (expected one of"));
  CHECK(DistError("seed", "{ int = [1, 5] }") ==
        "d.toml:2: seed cannot be a distribution (expected a list: the seeds every trial runs "
        "with)");
  CHECK_THAT(DistError("lr", "{ normal = [0, 1] }"),
             Catch::StartsWith("d.toml:2: lr = { normal = ... } (expected one of"));
  CHECK(DistError("optimizer", "{ choice = [\"adam\", \"rmsprop\"] }") ==
        "d.toml:2: optimizer = \"rmsprop\" in optimizer = { choice = ... } (expected adam or sgd)");
  CHECK(DistError("batch_size", "{ int = [0, 10] }") ==
        "d.toml:2: batch_size = 0 in batch_size = { int = ... } (expected an integer >= 1)");
  CHECK(DistError("lr", "{ uniform = [-1, 1] }") ==
        "d.toml:2: lr = -1 in lr = { uniform = ... } (expected a number > 0)");
  CHECK(DistError("lr", "{ uniform = 0.1 }") ==
        "d.toml:2: lr = { uniform = ... } is not a list (expected [...])");
  CHECK(DistError("lr", "{ uniform = [0.1] }") ==
        "d.toml:2: lr = { uniform = ... } (expected two numbers [low, high])");
}

TEST_CASE("search config: sampled values and config values convert both ways", "[config][search]") {
  const ConfigValue i = ConfigValueOf(search::Value::Integer(64));
  CHECK(i.kind == ConfigValue::Kind::kInteger);
  CHECK(i.integer == 64);
  CHECK(i.number == 64.0);
  CHECK(i.text == "64");
  const ConfigValue f = ConfigValueOf(search::Value::Float(0.001));
  CHECK(f.kind == ConfigValue::Kind::kFloat);
  CHECK(f.number == 0.001);
  CHECK(f.text == "0.001");
  const ConfigValue s = ConfigValueOf(search::Value::String("sgd"));
  CHECK(s.kind == ConfigValue::Kind::kString);
  CHECK(s.text == "sgd");
  for (const search::Value& v : {search::Value::Integer(-3), search::Value::Float(2.5e-4),
                                 search::Value::String("adam")}) {
    CHECK(SearchValueOf(ConfigValueOf(v)) == v);
  }
}
