// The Kaggle CSV reader (harness/data/csv.h), plain and gzipped: the first byte picks the path
// (odd: the rest is gzipped before it is written, so the fuzzer explores CSV text through the
// gzip reader too; even: the rest as is, which may itself be a gzip stream).
#include <zlib.h>

#include <cstddef>
#include <cstdint>
#include <vector>

#include "fuzz/fuzz_support.h"
#include "harness/data/csv.h"

namespace {

std::vector<uint8_t> Gzip(const uint8_t* data, size_t size) {
  z_stream z{};
  if (deflateInit2(&z, 1, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY) != Z_OK) std::abort();
  std::vector<uint8_t> out(deflateBound(&z, size) + 32);
  z.next_in = const_cast<uint8_t*>(data);
  z.avail_in = static_cast<uInt>(size);
  z.next_out = out.data();
  z.avail_out = static_cast<uInt>(out.size());
  if (deflate(&z, Z_FINISH) != Z_STREAM_END) std::abort();
  out.resize(z.total_out);
  deflateEnd(&z);
  return out;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static const mnb::fuzz::InputFile file(".csv");
  if (size == 0) return 0;
  const bool gzip = (data[0] & 1) != 0;
  const std::vector<uint8_t> zipped = gzip ? Gzip(data + 1, size - 1) : std::vector<uint8_t>();
  const std::string& path =
      gzip ? file.Write(zipped.data(), zipped.size()) : file.Write(data + 1, size - 1);
  mnb::fuzz::CleanlyRefused([&] {
    const mnb::LabeledImages images = mnb::ReadKaggleCsv(path);
    mnb::fuzz::Expect(images.count > 0 && images.rows == images.cols &&
                          images.rows <= mnb::kMaxCsvImageSide,
                      "a square image of at most kMaxCsvImageSide");
    mnb::fuzz::Expect(images.images.size() ==
                          static_cast<size_t>(images.count * images.rows * images.cols),
                      "count x side x side pixels");
    mnb::fuzz::Expect(images.labels.size() == static_cast<size_t>(images.count), "one label each");
    for (uint8_t label : images.labels) mnb::fuzz::Expect(label < 10, "labels 0..9");
  });
  return 0;
}
