#include "harness/search/space_json.h"

#include <nlohmann/json.hpp>

#include <string>

#include "harness/base/error.h"

namespace mnb::search {

namespace {

using json = nlohmann::json;

json ValueJson(const Value& v) {
  switch (v.kind) {
    case Value::Kind::kInteger: return {{"i", v.integer}};
    case Value::Kind::kFloat: return {{"f", v.number}};
    case Value::Kind::kString: return {{"s", v.text}};
  }
  return {};
}

Value ValueOf(const json& j) {
  if (j.contains("i")) return Value::Integer(j.at("i").get<int64_t>());
  if (j.contains("f")) return Value::Float(j.at("f").get<double>());
  return Value::String(j.at("s").get<std::string>());
}

// `what` names the stored text ("space", "params"), `expected` the JSON it should be.
template <typename Body>
auto Parsed(const std::string& text, const char* what, const char* expected, const Body& body) {
  try {
    return body(json::parse(text));
  } catch (const json::exception& e) {
    throw BadInput(std::string("stored search ") + what + " JSON: " + e.what() + " (expected " +
                   expected + ")");
  }
}

}  // namespace

std::string SpaceToJson(const SearchSpace& space) {
  json out = json::array();
  for (const Dimension& d : space) {
    json j = {{"name", d.name}, {"kind", KindName(d.distribution.kind)}};
    if (d.distribution.kind == Distribution::Kind::kChoice) {
      j["choices"] = json::array();
      for (const Value& v : d.distribution.choices) j["choices"].push_back(ValueJson(v));
    } else {
      j["low"] = d.distribution.low;
      j["high"] = d.distribution.high;
    }
    out.push_back(j);
  }
  return out.dump();
}

SearchSpace SpaceFromJson(const std::string& text) {
  return Parsed(text, "space", "[{\"name\", \"kind\", ...}, ...]", [](const json& all) {
    SearchSpace space;
    for (const json& j : all) {
      const std::string kind = j.at("kind").get<std::string>();
      Distribution d;
      if (kind == "choice") {
        std::vector<Value> values;
        for (const json& v : j.at("choices")) values.push_back(ValueOf(v));
        d = Distribution::Choice(values);
      } else {
        const double low = j.at("low").get<double>(), high = j.at("high").get<double>();
        d = kind == "uniform"       ? Distribution::Uniform(low, high)
            : kind == "log_uniform" ? Distribution::LogUniform(low, high)
                                    : Distribution::Int(static_cast<int64_t>(low),
                                                        static_cast<int64_t>(high));
      }
      space.push_back({j.at("name").get<std::string>(), d});
    }
    return space;
  });
}

std::string ParamsToJson(const Params& params) {
  json out = json::array();
  for (const Value& v : params) out.push_back(ValueJson(v));
  return out.dump();
}

Params ParamsFromJson(const std::string& text) {
  return Parsed(text, "params", "[{\"i\"|\"f\"|\"s\": value}, ...]", [](const json& all) {
    Params params;
    for (const json& v : all) params.push_back(ValueOf(v));
    return params;
  });
}

}  // namespace mnb::search
