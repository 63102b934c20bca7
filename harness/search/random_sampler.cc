#include "harness/search/random_sampler.h"

#include "harness/search/random_stream.h"

namespace mnb::search {

std::vector<double> RandomPoint(size_t dimensions, uint64_t seed, uint64_t trial) {
  RandomStream stream(seed, StreamDomain::kRandomTrial, trial);
  std::vector<double> point(dimensions);
  for (double& u : point) u = stream.Unit();
  return point;
}

Params RandomTrial(const SearchSpace& space, uint64_t seed, uint64_t trial) {
  return ParamsAt(space, RandomPoint(space.size(), seed, trial));
}

}  // namespace mnb::search
