// The IDX reader (harness/data/idx.h) on any bytes, raw or gzipped: a clean DataError or an
// array whose size is exactly what its header announced.
#include <cstddef>
#include <cstdint>

#include "fuzz/fuzz_support.h"
#include "harness/data/idx.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static const mnb::fuzz::InputFile file(".idx");
  const std::string& path = file.Write(data, size);
  mnb::fuzz::CleanlyRefused([&] {
    const mnb::IdxArray array = mnb::ReadIdx(path);
    size_t total = 1;
    for (int64_t d : array.dims) total *= static_cast<size_t>(d);
    mnb::fuzz::Expect(array.data.size() == total, "data size is the product of the dimensions");
  });
  mnb::fuzz::CleanlyRefused([&] { (void)mnb::Sha256OfIdxContent(path); });
  return 0;
}
