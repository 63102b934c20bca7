#include "harness/data/idx.h"

#include <fmt/format.h>
#include <zlib.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <memory>

#include "harness/base/sha256.h"
#include "harness/data/data_error.h"

namespace mnb {

namespace {

// A gzip-or-raw byte stream (zlib's gz* functions read both transparently).
class ByteReader {
 public:
  explicit ByteReader(const std::string& path) : path_(path) {
    errno = 0;  // gzopen leaves errno alone when it fails for want of memory
    file_ = gzopen(path.c_str(), "rb");
    if (file_ == nullptr) {
      throw DataError(fmt::format("{}: cannot open ({})", path,
                                  errno != 0 ? std::strerror(errno) : "out of memory"));
    }
    gzbuffer(file_, 1 << 20);
  }
  ~ByteReader() {
    if (file_ != nullptr) gzclose(file_);
  }
  ByteReader(const ByteReader&) = delete;
  ByteReader& operator=(const ByteReader&) = delete;

  // Reads up to n bytes; returns how many were read (fewer only at the end of the data).
  size_t Read(void* out, size_t n) {
    auto* dst = static_cast<uint8_t*>(out);
    size_t done = 0;
    while (done < n) {
      const unsigned chunk = static_cast<unsigned>(std::min<size_t>(n - done, 1u << 30));
      const int got = gzread(file_, dst + done, chunk);
      if (got < 0) {
        int code = 0;
        const std::string message = ZlibMessage(&code);
        if (code == Z_ERRNO) {
          throw DataError(fmt::format("{}: cannot read ({}; expected an IDX file)", path_,
                                      std::strerror(errno)));
        }
        throw DataError(fmt::format("{}: corrupt gzip data ({})", path_, message));
      }
      if (got == 0) break;
      done += static_cast<size_t>(got);
    }
    if (done < n) CheckError();
    return done;
  }

  bool AtEnd() {
    uint8_t probe;
    return Read(&probe, 1) == 0;
  }

 private:
  // gzread reports a truncated gzip stream as a short read; gzerror tells it apart from EOF.
  void CheckError() {
    int code = 0;
    const std::string message = ZlibMessage(&code);
    if (code != Z_OK && code != Z_STREAM_END) {
      throw DataError(fmt::format("{}: corrupt or truncated gzip data ({})", path_, message));
    }
  }

  // gzerror's text, without the "PATH: " zlib puts in front (our messages name the file once).
  std::string ZlibMessage(int* code) {
    std::string message = gzerror(file_, code);
    const std::string prefix = path_ + ": ";
    if (message.compare(0, prefix.size(), prefix) == 0) message.erase(0, prefix.size());
    return message;
  }

  std::string path_;
  gzFile file_ = nullptr;
};

std::string ShapeText(const std::vector<int64_t>& dims) {
  return fmt::format("{}", fmt::join(dims, "x"));
}

}  // namespace

IdxArray ReadIdx(const std::string& path) {
  ByteReader in(path);
  uint8_t header[4];
  if (in.Read(header, 4) != 4) {
    throw DataError(fmt::format("{}: too short for an IDX header (expected 4 magic bytes)", path));
  }
  if (header[0] != 0 || header[1] != 0 || header[2] != 0x08 || header[3] < 1 || header[3] > 4) {
    throw DataError(fmt::format(
        "{}: not an unsigned-byte IDX file (magic bytes {:02x} {:02x} {:02x} {:02x}, expected "
        "00 00 08 01..04, i.e. 2049 for labels or 2051 for images)",
        path, header[0], header[1], header[2], header[3]));
  }
  IdxArray array;
  array.magic = (header[2] << 8) | header[3];
  const int ndims = header[3];
  int64_t total = 1;
  for (int d = 0; d < ndims; ++d) {
    uint8_t b[4];
    if (in.Read(b, 4) != 4) {
      throw DataError(fmt::format("{}: truncated header (expected {} dimensions)", path, ndims));
    }
    const int64_t size = (int64_t{b[0]} << 24) | (b[1] << 16) | (b[2] << 8) | b[3];
    // MNIST-family files hold at most a few hundred thousand 28x28 images; the bound only
    // stops a corrupt header from asking for terabytes.
    if (size < 1 || size > (int64_t{1} << 31)) {
      throw DataError(fmt::format("{}: dimension {} is {} (expected 1..2^31)", path, d + 1, size));
    }
    array.dims.push_back(size);
    if (size > (int64_t{1} << 34) / total) {  // divide first: the product could overflow
      throw DataError(fmt::format("{}: dimensions {} announce more than 16 GiB", path,
                                  ShapeText(array.dims)));
    }
    total *= size;
  }
  // Read straight into place, growing by doubling from kFirstChunk as the bytes arrive, so a
  // corrupt header cannot make us allocate (and zero) much for a small file: 16 MiB at most for
  // a 16-byte file announcing gigabytes (it was 256 MiB, a second per input under ASan; found by
  // fuzz_idx, fuzz/regressions/idx/tiny-file-announcing-13-gb). MNIST's 47 MB grows twice.
  constexpr size_t kFirstChunk = size_t{1} << 24;
  const size_t expected = static_cast<size_t>(total);
  size_t got = 0;
  while (got < expected) {
    const size_t want = std::min(expected - got, got == 0 ? kFirstChunk : got);
    array.data.resize(got + want);
    const size_t read = in.Read(array.data.data() + got, want);
    got += read;
    if (read < want) break;
  }
  if (got != expected) {
    throw DataError(fmt::format("{}: truncated: expected {} data bytes ({}), got {}", path, total,
                                ShapeText(array.dims), got));
  }
  if (!in.AtEnd()) {
    throw DataError(fmt::format("{}: trailing bytes after the {} data bytes that {} announces",
                                path, total, ShapeText(array.dims)));
  }
  return array;
}

LabeledImages ReadIdxPair(const std::string& images_path, const std::string& labels_path,
                          int num_classes) {
  IdxArray images = ReadIdx(images_path);
  if (images.magic != kIdxImagesMagic) {
    throw DataError(fmt::format("{}: magic {} with {} dimension(s), expected {} (images, NxRxC)",
                                images_path, images.magic, images.dims.size(), kIdxImagesMagic));
  }
  IdxArray labels = ReadIdx(labels_path);
  if (labels.magic != kIdxLabelsMagic) {
    throw DataError(fmt::format("{}: magic {} with {} dimension(s), expected {} (labels, N)",
                                labels_path, labels.magic, labels.dims.size(), kIdxLabelsMagic));
  }
  if (labels.dims[0] != images.dims[0]) {
    throw DataError(fmt::format("{}: {} labels, expected {} to match {}", labels_path,
                                labels.dims[0], images.dims[0], images_path));
  }
  for (size_t i = 0; i < labels.data.size(); ++i) {
    if (labels.data[i] >= num_classes) {
      throw DataError(fmt::format("{}: label {} at index {} (expected 0..{})", labels_path,
                                  labels.data[i], i, num_classes - 1));
    }
  }
  LabeledImages out;
  out.count = images.dims[0];
  out.rows = images.dims[1];
  out.cols = images.dims[2];
  out.images = std::move(images.data);
  out.labels = std::move(labels.data);
  return out;
}

std::string ReadDecodedFile(const std::string& path, size_t max_bytes) {
  ByteReader in(path);
  std::string out;
  std::vector<char> buffer(1 << 20);
  for (size_t got; (got = in.Read(buffer.data(), buffer.size())) > 0;) {
    if (got > max_bytes - out.size()) {
      throw DataError(fmt::format("{}: decodes to more than {} bytes (expected at most {}; a gzip "
                                  "stream that expands this far is refused)",
                                  path, max_bytes, max_bytes));
    }
    out.append(buffer.data(), got);
  }
  return out;
}

std::string Sha256OfIdxContent(const std::string& path) {
  ByteReader in(path);
  Sha256 hash;
  std::vector<uint8_t> buffer(1 << 20);
  for (size_t got; (got = in.Read(buffer.data(), buffer.size())) > 0;) {
    hash.Update(buffer.data(), got);
  }
  return hash.HexDigest();
}

}  // namespace mnb
