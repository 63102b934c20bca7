#include "harness/search/sobol_sampler.h"

#include <boost/random/sobol.hpp>

#include <string>

#include "harness/base/error.h"
#include "harness/search/random_stream.h"

namespace mnb::search {

namespace {

// Point `index` as 64-bit binary fractions (Boost's engine has a 64-bit lattice).
std::vector<uint64_t> SobolWords(size_t dimensions, uint64_t index) {
  std::vector<uint64_t> words(dimensions, 0);  // point 0: the origin
  if (dimensions == 0 || index == 0) return words;
  if (dimensions > kMaxSobolDimensions)
    throw InternalError("Sobol: " + std::to_string(dimensions) + " dimensions (at most " +
                        std::to_string(kMaxSobolDimensions) + ")");
  boost::random::sobol engine(dimensions);
  engine.seed(index - 1);  // Gray-code jump: O(log index), not index draws
  for (uint64_t& w : words) w = engine();
  return words;
}

double ToUnit(uint64_t word) { return static_cast<double>(word >> 11) * 0x1.0p-53; }

}  // namespace

std::vector<double> SobolPoint(size_t dimensions, uint64_t index) {
  std::vector<double> point;
  for (uint64_t w : SobolWords(dimensions, index)) point.push_back(ToUnit(w));
  return point;
}

std::vector<double> ScrambledSobolPoint(size_t dimensions, uint64_t seed, uint64_t index) {
  std::vector<uint64_t> words = SobolWords(dimensions, index);
  std::vector<double> point;
  for (size_t d = 0; d < words.size(); ++d) {
    const uint64_t shift = RandomStream(seed, StreamDomain::kSobolScramble, d).Next();
    point.push_back(ToUnit(words[d] ^ shift));
  }
  return point;
}

Params SobolTrial(const SearchSpace& space, uint64_t seed, uint64_t trial) {
  return ParamsAt(space, ScrambledSobolPoint(space.size(), seed, trial));
}

}  // namespace mnb::search
