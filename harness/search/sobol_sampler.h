// Quasi-random search over a Sobol sequence, scrambled from the search seed.
//
// Contract: pure functions of their arguments. SobolPoint(D, i) is point i of the Joe & Kuo Sobol
// sequence (Boost.Random), point 0 the origin as in SciPy; ScrambledSobolPoint XORs coordinate d
// with a digital shift drawn from (seed, d), so each point is uniform on [0, 1)^D and the first
// 2^m points still form a (t, m, D)-net. A point i > 0 in more than kMaxSobolDimensions
// dimensions throws mnb::Error kInternal. Details: docs/search.md "Sobol points".
#ifndef MNISTBENCH_HARNESS_SEARCH_SOBOL_SAMPLER_H_
#define MNISTBENCH_HARNESS_SEARCH_SOBOL_SAMPLER_H_

#include <cstdint>
#include <vector>

#include "harness/search/search_space.h"

namespace mnb::search {

// The largest dimension Boost's default Sobol table supports.
constexpr size_t kMaxSobolDimensions = 3667;

// Point `index`, counting from point 0 = the origin (Boost's engine at position index - 1).
std::vector<double> SobolPoint(size_t dimensions, uint64_t index);
// Coordinate d XORed, as a 64-bit fraction, with a word of RandomStream(seed, kSobolScramble, d).
std::vector<double> ScrambledSobolPoint(size_t dimensions, uint64_t seed, uint64_t index);
// The scrambled point `trial` mapped through ParamsAt.
Params SobolTrial(const SearchSpace& space, uint64_t seed, uint64_t trial);

}  // namespace mnb::search

#endif  // MNISTBENCH_HARNESS_SEARCH_SOBOL_SAMPLER_H_
