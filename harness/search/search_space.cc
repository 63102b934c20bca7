#include "harness/search/search_space.h"

#include <set>
#include <string>

#include "harness/base/error.h"

namespace mnb::search {

std::optional<std::string> SpaceError(const SearchSpace& space) {
  std::set<std::string> seen;
  for (const Dimension& dim : space) {
    if (!seen.insert(dim.name).second) return "'" + dim.name + "' is searched twice";
    if (auto error = DistributionError(dim.distribution)) return dim.name + ": " + *error;
  }
  return std::nullopt;
}

Params ParamsAt(const SearchSpace& space, const std::vector<double>& unit_point) {
  if (unit_point.size() != space.size())
    throw InternalError("ParamsAt: a point of " + std::to_string(unit_point.size()) +
                        " coordinates for " + std::to_string(space.size()) + " dimensions");
  Params params;
  params.reserve(space.size());
  for (size_t d = 0; d < space.size(); ++d)
    params.push_back(ValueAt(space[d].distribution, unit_point[d]));
  return params;
}

bool ParamsFit(const SearchSpace& space, const Params& params) {
  if (params.size() != space.size()) return false;
  for (size_t d = 0; d < space.size(); ++d)
    if (!Contains(space[d].distribution, params[d])) return false;
  return true;
}

}  // namespace mnb::search
