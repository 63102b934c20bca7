// SHA-256 (FIPS 180-4), for dataset checksums and run keys.
//
// Contract: Sha256 hashes bytes fed in any number of Update calls; HexDigest finishes the hash
// and returns 64 lowercase hex digits (the object is spent after that). Sha256Hex is the one-shot
// form. Self-contained so the build needs no crypto library.
#ifndef MNISTBENCH_HARNESS_DATA_SHA256_H_
#define MNISTBENCH_HARNESS_DATA_SHA256_H_

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace mnb {

class Sha256 {
 public:
  Sha256();
  void Update(const void* data, size_t size);
  std::string HexDigest();

 private:
  void Compress(const uint8_t* block);

  uint32_t state_[8];
  uint8_t buffer_[64];
  size_t buffered_ = 0;
  uint64_t total_bytes_ = 0;
};

std::string Sha256Hex(std::string_view bytes);

}  // namespace mnb

#endif  // MNISTBENCH_HARNESS_DATA_SHA256_H_
