#include "harness/config/search_plan.h"

#include <algorithm>

#include "harness/config/search_config.h"
#include "harness/search/random_sampler.h"
#include "harness/search/sobol_sampler.h"

namespace mnb {

namespace {

bool IsDimension(const PlanAxis& axis) {
  return axis.name != "seed" && (axis.distribution || axis.values.size() > 1);
}

}  // namespace

search::SearchSpace SearchSpaceOf(const std::vector<PlanAxis>& axes) {
  search::SearchSpace space;
  for (const PlanAxis& axis : axes) {
    if (!IsDimension(axis)) continue;
    if (axis.distribution) {
      space.push_back({axis.name, *axis.distribution});
    } else {
      std::vector<search::Value> choices;
      for (const ConfigValue& v : axis.values) choices.push_back(SearchValueOf(v));
      space.push_back({axis.name, search::Distribution::Choice(choices)});
    }
  }
  return space;
}

std::vector<SampledTrial> SampleTrials(const SearchSettings& settings,
                                       const std::vector<PlanAxis>& axes) {
  const search::SearchSpace space = SearchSpaceOf(axes);
  std::vector<SampledTrial> trials;
  const int64_t planned = settings.method == "tpe" ? std::min(settings.trials, kTpeStartupTrials)
                                                  : settings.trials;
  for (int64_t i = 0; i < planned; ++i) {
    const auto index = static_cast<uint64_t>(i);
    const search::Params params = settings.method == "sobol"
                                      ? search::SobolTrial(space, settings.seed, index)
                                      : search::RandomTrial(space, settings.seed, index);
    SampledTrial trial;
    trial.trial = i;
    for (size_t d = 0; d < space.size(); ++d) {
      trial.values.push_back({space[d].name, ConfigValueOf(params[d])});
    }
    trial.params = params;
    trials.push_back(std::move(trial));
  }
  return trials;
}

}  // namespace mnb
