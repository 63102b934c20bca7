#include "harness/search/random_stream.h"

#include <algorithm>

namespace mnb::search {

namespace {
constexpr uint64_t kGolden = 0x9E3779B97F4A7C15ull;
}  // namespace

uint64_t Mix64(uint64_t x) {
  x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9ull;
  x = (x ^ (x >> 27)) * 0x94D049BB133111EBull;
  return x ^ (x >> 31);
}

RandomStream::RandomStream(uint64_t seed, StreamDomain domain, uint64_t index) {
  // Chained mixing: each input passes through a bijection before the next is added, so
  // (seed, index) pairs that sum alike still start different streams.
  uint64_t h = Mix64(seed + kGolden);
  h = Mix64(h ^ (static_cast<uint64_t>(domain) * kGolden));
  state_ = Mix64(h + index * kGolden + 1);
}

uint64_t RandomStream::Next() {
  state_ += kGolden;
  return Mix64(state_);
}

double RandomStream::Unit() { return static_cast<double>(Next() >> 11) * 0x1.0p-53; }

size_t RandomStream::Below(size_t n) {
  return std::min(static_cast<size_t>(Unit() * static_cast<double>(n)), n - 1);
}

}  // namespace mnb::search
