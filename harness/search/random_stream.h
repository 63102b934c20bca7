// Portable pseudo-random streams for the samplers: the same numbers on every machine, compiler
// and standard library.
//
// Contract: a RandomStream is SplitMix64 (Steele, Lea & Flood, "Fast splittable pseudorandom
// number generators", OOPSLA 2014: add 0x9E3779B97F4A7C15, then the MurmurHash3-style finaliser)
// started from a state that hashes (seed, domain, index) together, so every (search seed, use,
// trial) has its own stream and no stream depends on how many numbers another drew. Unit()
// takes the top 53 bits of the next word: k / 2^53 with k uniform in [0, 2^53), so it lies in
// [0, 1) exactly. Only integer arithmetic and one exact multiplication are involved — unlike
// std::uniform_real_distribution, whose algorithm the standard leaves to each library. Domains
// keep the streams of different uses (random trials, Sobol scrambling, TPE candidates) apart for
// the same seed.
#ifndef MNISTBENCH_HARNESS_SEARCH_RANDOM_STREAM_H_
#define MNISTBENCH_HARNESS_SEARCH_RANDOM_STREAM_H_

#include <cstddef>
#include <cstdint>

namespace mnb::search {

enum class StreamDomain : uint64_t { kRandomTrial = 1, kSobolScramble = 2, kTpeCandidates = 3 };

// The SplitMix64 finaliser: a bijective mix of 64 bits.
uint64_t Mix64(uint64_t x);

class RandomStream {
 public:
  RandomStream(uint64_t seed, StreamDomain domain, uint64_t index);

  uint64_t Next();
  double Unit();             // in [0, 1)
  size_t Below(size_t n);    // in [0, n), n >= 1; floor(Unit() * n): bias below n / 2^53

 private:
  uint64_t state_;
};

}  // namespace mnb::search

#endif  // MNISTBENCH_HARNESS_SEARCH_RANDOM_STREAM_H_
