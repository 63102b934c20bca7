// A search space: the named hyper-parameters a search samples, in a fixed order.
//
// Contract: a SearchSpace is an ordered list of (name, Distribution). The order is the order of
// the dimensions: coordinate d of a random or Sobol point and of every Params is dimension d, and
// a sampler's output for a seed depends on it — so the caller must build the list in one fixed,
// documented order (the plan's field order, e.g. lr before batch_size before epochs, then model
// options by name) and never from an unordered container. Appending a dimension at the end keeps
// the random sampler's earlier coordinates; reordering or inserting changes every trial.
// SpaceError names the first bad dimension ("lr: log_uniform needs bounds > 0, got [0, 0.1]") or
// a repeated name. ParamsAt maps a point of [0, 1)^D to one value per dimension (ValueAt).
#ifndef MNISTBENCH_HARNESS_SEARCH_SEARCH_SPACE_H_
#define MNISTBENCH_HARNESS_SEARCH_SEARCH_SPACE_H_

#include <optional>
#include <string>
#include <vector>

#include "harness/search/distribution.h"

namespace mnb::search {

struct Dimension {
  std::string name;
  Distribution distribution;
};

using SearchSpace = std::vector<Dimension>;
// One value per dimension of a SearchSpace, in its order.
using Params = std::vector<Value>;

std::optional<std::string> SpaceError(const SearchSpace& space);

// `unit_point` has one coordinate in [0, 1) per dimension; another count is a caller's bug:
// mnb::Error kInternal.
Params ParamsAt(const SearchSpace& space, const std::vector<double>& unit_point);

// Whether every value of `params` lies in its dimension (and there is one per dimension).
bool ParamsFit(const SearchSpace& space, const Params& params);

}  // namespace mnb::search

#endif  // MNISTBENCH_HARNESS_SEARCH_SEARCH_SPACE_H_
