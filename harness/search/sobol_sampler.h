// Quasi-random search over a Sobol sequence, scrambled from the search seed.
//
// Contract: SobolPoint(D, i) is point i of the D-dimensional Sobol sequence with the Joe & Kuo
// direction numbers (Boost.Random's sobol engine, "new-joe-kuo-6.21201"; up to 3667
// dimensions), counting from point 0 = the origin as Joe & Kuo and SciPy do: Boost starts its
// output at point 1, so point i > 0 is the Boost engine's position i - 1. The first 2^m points
// then form a (t, m, D)-net: every dyadic box of the right volume holds the same number of
// points, which is what makes a 16- or 32-trial search cover the space evenly.
// ScrambledSobolPoint(D, seed, i) applies a random digital shift (Owen's survey, "Monte Carlo
// and quasi-Monte Carlo", ch. 17; the "digital shift" of Dick & Pillichshammer 2010): coordinate
// d of every point is XORed, as a 64-bit fraction, with one word drawn from the RandomStream
// (seed, kSobolScramble, d). Each point becomes uniform on [0, 1)^D while the net property is
// kept, and different seeds give different, equally even designs. Both are pure functions of
// their arguments; SobolTrial maps the scrambled point through ParamsAt.
#ifndef MNISTBENCH_HARNESS_SEARCH_SOBOL_SAMPLER_H_
#define MNISTBENCH_HARNESS_SEARCH_SOBOL_SAMPLER_H_

#include <cstdint>
#include <vector>

#include "harness/search/search_space.h"

namespace mnb::search {

// The largest dimension Boost's default Sobol table supports.
constexpr size_t kMaxSobolDimensions = 3667;

std::vector<double> SobolPoint(size_t dimensions, uint64_t index);
std::vector<double> ScrambledSobolPoint(size_t dimensions, uint64_t seed, uint64_t index);
Params SobolTrial(const SearchSpace& space, uint64_t seed, uint64_t trial);

}  // namespace mnb::search

#endif  // MNISTBENCH_HARNESS_SEARCH_SOBOL_SAMPLER_H_
