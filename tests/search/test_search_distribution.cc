// Distributions of one hyper-parameter and the search space: validation messages, the inverse
// CDF every sampler shares, and the space's dimension order.
#include <catch2/catch.hpp>

#include <cmath>
#include <string>

#include "harness/base/error.h"
#include "tests/error_matchers.h"
#include "harness/search/distribution.h"
#include "harness/search/search_space.h"
#include "harness/search/space_json.h"

using mnb::ErrorKind;
using mnb::testing::IsKind;
using namespace mnb::search;

namespace {

std::string ErrorOf(const Distribution& d) { return DistributionError(d).value_or("(none)"); }
}  // namespace

TEST_CASE("distributions: each malformed range gets one line saying what is wrong",
          "[search][distribution]") {
  CHECK_FALSE(DistributionError(Distribution::Uniform(0, 0.5)));
  CHECK_FALSE(DistributionError(Distribution::LogUniform(1e-4, 1e-1)));
  CHECK_FALSE(DistributionError(Distribution::Int(2, 10)));
  CHECK_FALSE(DistributionError(Distribution::Int(3, 3)));  // one integer: a legal range
  CHECK_FALSE(DistributionError(Distribution::Choice({Value::Integer(32), Value::String("x")})));

  CHECK(ErrorOf(Distribution::Uniform(0.5, 0.5)) ==
        "uniform range is empty: [0.5, 0.5] (expected low < high)");
  CHECK(ErrorOf(Distribution::Uniform(0.5, 0.1)) ==
        "uniform range is inverted: [0.5, 0.1] (expected low < high)");
  CHECK(ErrorOf(Distribution::LogUniform(0, 0.1)) == "log_uniform needs bounds > 0, got [0, 0.1]");
  CHECK(ErrorOf(Distribution::LogUniform(-1, 0.1)) ==
        "log_uniform needs bounds > 0, got [-1, 0.1]");
  CHECK(ErrorOf(Distribution::LogUniform(0.1, 0.01)) ==
        "log_uniform range is inverted: [0.1, 0.01] (expected low < high)");
  CHECK(ErrorOf(Distribution::Int(10, 2)) == "int range is empty: [10, 2] (expected low <= high)");
  CHECK(ErrorOf(Distribution::Choice({})) == "choice needs at least one value, got []");
  Distribution fractional = Distribution::Int(1, 4);
  fractional.high = 4.5;
  CHECK(ErrorOf(fractional) == "int needs integer bounds, got [1, 4.5]");
  CHECK(ErrorOf(Distribution::Uniform(0, HUGE_VAL)) ==
        "uniform needs finite bounds, got [0, inf]");
}

TEST_CASE("distributions: the inverse CDF maps [0, 1) onto the range", "[search][distribution]") {
  const Distribution u = Distribution::Uniform(0.0, 0.5);
  CHECK(ValueAt(u, 0.0).number == 0.0);
  CHECK(ValueAt(u, 0.5).number == 0.25);
  CHECK(ValueAt(u, 0.999999999).number <= 0.5);
  CHECK(ValueAt(u, 0.5).kind == Value::Kind::kFloat);

  // Log-uniform: the middle of [0, 1) is the geometric mean; values keep 6 significant digits.
  const Distribution lu = Distribution::LogUniform(1e-4, 1e-2);
  CHECK(ValueAt(lu, 0.0).number == 1e-4);
  CHECK(ValueAt(lu, 0.5).number == 1e-3);
  CHECK(ValueAt(lu, 0.25).ToString() == "0.000316228");
  CHECK(ValueAt(lu, 0.25).number == 0.000316228);

  // Int: inclusive at both ends, each of the n integers on a 1/n share of [0, 1).
  const Distribution i = Distribution::Int(2, 5);
  CHECK(ValueAt(i, 0.0).integer == 2);
  CHECK(ValueAt(i, 0.2499).integer == 2);
  CHECK(ValueAt(i, 0.25).integer == 3);
  CHECK(ValueAt(i, 0.9999999).integer == 5);
  CHECK(ValueAt(i, 1.0).integer == 5);  // clamped just below 1
  CHECK(ValueAt(i, 0.6).kind == Value::Kind::kInteger);

  const Distribution c =
      Distribution::Choice({Value::Integer(32), Value::Integer(64), Value::String("big")});
  CHECK(ValueAt(c, 0.0) == Value::Integer(32));
  CHECK(ValueAt(c, 0.5) == Value::Integer(64));
  CHECK(ValueAt(c, 0.9) == Value::String("big"));
  CHECK(ChoiceIndex(c, Value::String("big")) == 2u);
  CHECK_FALSE(ChoiceIndex(c, Value::Float(32)));  // 32.0 is not the integer 32
}

TEST_CASE("distributions: Contains and Describe", "[search][distribution]") {
  CHECK(Contains(Distribution::Int(1, 3), Value::Integer(3)));
  CHECK_FALSE(Contains(Distribution::Int(1, 3), Value::Integer(4)));
  CHECK_FALSE(Contains(Distribution::Int(1, 3), Value::Float(2.5)));
  CHECK(Contains(Distribution::LogUniform(1e-4, 1e-1), Value::Float(1e-3)));
  CHECK_FALSE(Contains(Distribution::Uniform(0, 1), Value::String("0.5")));
  CHECK(Describe(Distribution::LogUniform(1e-4, 0.1)) == "log_uniform [0.0001, 0.1]");
  CHECK(Describe(Distribution::Int(2, 10)) == "int [2, 10]");
  CHECK(Describe(Distribution::Choice({Value::Integer(32), Value::String("relu")})) ==
        "choice [32, \"relu\"]");
}

TEST_CASE("search space: errors name the dimension; points map in dimension order",
          "[search][distribution]") {
  SearchSpace space{{"lr", Distribution::LogUniform(1e-4, 1e-1)},
                    {"dropout", Distribution::Uniform(0, 0.5)},
                    {"epochs", Distribution::Int(2, 10)}};
  CHECK_FALSE(SpaceError(space));
  const Params p = ParamsAt(space, {0.0, 0.5, 0.0});
  REQUIRE(p.size() == 3);
  CHECK(p[0].number == 1e-4);
  CHECK(p[1].number == 0.25);
  CHECK(p[2].integer == 2);
  CHECK(ParamsFit(space, p));
  CHECK_FALSE(ParamsFit(space, {p[0], p[1]}));
  CHECK_THROWS_MATCHES(ParamsAt(space, {0.5}), mnb::Error, IsKind(ErrorKind::kInternal));

  space.push_back({"wd", Distribution::LogUniform(0, 1)});
  CHECK(SpaceError(space).value_or("") == "wd: log_uniform needs bounds > 0, got [0, 1]");
  space.back() = {"lr", Distribution::Uniform(0, 1)};
  CHECK(SpaceError(space).value_or("") == "'lr' is searched twice");
}

TEST_CASE("stored search JSON that does not read back is bad input, naming what it is",
          "[search][distribution]") {
  // The text comes from a database's run configuration, which the user hands us.
  CHECK_THROWS_MATCHES(SpaceFromJson("[{\"name\": \"lr\"}]"), mnb::Error,
                       IsKind(ErrorKind::kBadInput));
  CHECK_THROWS_MATCHES(ParamsFromJson("not json"), mnb::Error, IsKind(ErrorKind::kBadInput));
  try {
    (void)ParamsFromJson("[{\"i\": \"two\"}]");
    FAIL("a string read as an integer");
  } catch (const mnb::Error& e) {
    CHECK(std::string(e.what()).rfind("stored search params JSON: ", 0) == 0);
  }
}
