// SHA-256, for dataset checksums, run keys and model keys, through OpenSSL's EVP interface.
//
// Contract: Sha256 hashes bytes fed in any number of Update calls; HexDigest finishes the hash
// and returns 64 lowercase hex digits (the object is spent after that). Sha256Hex is the one-shot
// form. Files are hashed by streaming them through Update (see Sha256OfIdxContent in
// harness/data/idx.h, which hashes an IDX file's decoded bytes). A failure inside libcrypto
// (out of memory) throws std::runtime_error. OpenSSL stays out of this header.
#ifndef MNISTBENCH_HARNESS_BASE_SHA256_H_
#define MNISTBENCH_HARNESS_BASE_SHA256_H_

#include <cstddef>
#include <memory>
#include <string>
#include <string_view>

struct evp_md_ctx_st;  // OpenSSL's EVP_MD_CTX

namespace mnb {

class Sha256 {
 public:
  Sha256();
  ~Sha256();
  Sha256(Sha256&&) noexcept;
  Sha256& operator=(Sha256&&) noexcept;

  void Update(const void* data, size_t size);
  std::string HexDigest();

 private:
  struct FreeContext {
    void operator()(evp_md_ctx_st* context) const;
  };
  std::unique_ptr<evp_md_ctx_st, FreeContext> context_;
};

std::string Sha256Hex(std::string_view bytes);

}  // namespace mnb

#endif  // MNISTBENCH_HARNESS_BASE_SHA256_H_
