// Random search (Bergstra & Bengio, JMLR 2012): each trial an independent uniform draw from the
// search space.
//
// Contract: RandomTrial(space, seed, i) is a pure function: trial i of a search with seed S is
// the same on every machine and library and does not depend on any other trial, so a plan can
// be expanded, sharded and resumed in any order. Dimension d takes the d-th Unit() of the
// RandomStream (seed, kRandomTrial, i) through ValueAt (distribution.h). `space` must be valid
// (SpaceError empty).
#ifndef MNISTBENCH_HARNESS_SEARCH_RANDOM_SAMPLER_H_
#define MNISTBENCH_HARNESS_SEARCH_RANDOM_SAMPLER_H_

#include <cstdint>
#include <vector>

#include "harness/search/search_space.h"

namespace mnb::search {

// The unit point behind trial i: one coordinate in [0, 1) per dimension.
std::vector<double> RandomPoint(size_t dimensions, uint64_t seed, uint64_t trial);
Params RandomTrial(const SearchSpace& space, uint64_t seed, uint64_t trial);

}  // namespace mnb::search

#endif  // MNISTBENCH_HARNESS_SEARCH_RANDOM_SAMPLER_H_
