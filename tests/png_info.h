// Reading a PNG screenshot back in the tests that render pages in headless Chromium (the report,
// `serve`): its size and how many colours it holds, to tell a rendered page from a blank one.
//
// Contract: ReadPng decodes 8-bit, non-interlaced RGB or RGBA PNGs (what Chromium writes) with
// zlib, unfiltering each row as the PNG spec says, and FAILS the calling test on anything else.
#ifndef MNISTBENCH_TESTS_PNG_INFO_H_
#define MNISTBENCH_TESTS_PNG_INFO_H_

#include <catch2/catch.hpp>
#include <zlib.h>

#include <cstdint>
#include <cstdlib>
#include <set>
#include <string>
#include <vector>

#include "tests/cli_runner.h"

namespace mnb::testing {

// A PNG's width, height and number of distinct RGB(A) colours (8-bit, non-interlaced; what
// Chromium writes). Decoded with zlib, unfiltered per row as the PNG spec says.
struct PngInfo {
  uint32_t width = 0, height = 0;
  size_t colours = 0;
};

inline uint32_t BigEndian(const std::string& s, size_t at) {
  return (uint32_t(uint8_t(s[at])) << 24) | (uint32_t(uint8_t(s[at + 1])) << 16) |
         (uint32_t(uint8_t(s[at + 2])) << 8) | uint32_t(uint8_t(s[at + 3]));
}

inline PngInfo ReadPng(const std::string& path) {
  const std::string png = ReadAll(path);
  REQUIRE(png.size() > 33);
  REQUIRE(png.compare(1, 3, "PNG") == 0);
  PngInfo info;
  info.width = BigEndian(png, 16);
  info.height = BigEndian(png, 20);
  const int depth = uint8_t(png[24]), colour_type = uint8_t(png[25]), interlace = uint8_t(png[28]);
  REQUIRE(depth == 8);
  REQUIRE(interlace == 0);
  const size_t bpp = colour_type == 6 ? 4 : colour_type == 2 ? 3 : 0;
  REQUIRE(bpp > 0);
  std::string idat;
  for (size_t at = 8; at + 8 <= png.size();) {
    const uint32_t length = BigEndian(png, at);
    const std::string type = png.substr(at + 4, 4);
    if (type == "IDAT") idat += png.substr(at + 8, length);
    at += 12 + length;
  }
  const size_t stride = info.width * bpp;
  std::vector<unsigned char> raw((stride + 1) * info.height);
  uLongf raw_size = raw.size();
  REQUIRE(uncompress(raw.data(), &raw_size, reinterpret_cast<const Bytef*>(idat.data()),
                     idat.size()) == Z_OK);
  REQUIRE(raw_size == raw.size());
  std::vector<unsigned char> prev(stride, 0), row(stride);
  std::set<uint32_t> colours;
  for (uint32_t y = 0; y < info.height; ++y) {
    const unsigned char* in = &raw[y * (stride + 1)];
    const int filter = in[0];
    for (size_t x = 0; x < stride; ++x) {
      const int a = x >= bpp ? row[x - bpp] : 0, b = prev[x], c = x >= bpp ? prev[x - bpp] : 0;
      int predictor = 0;
      switch (filter) {
        case 1: predictor = a; break;
        case 2: predictor = b; break;
        case 3: predictor = (a + b) / 2; break;
        case 4: {
          const int p = a + b - c, pa = std::abs(p - a), pb = std::abs(p - b), pc = std::abs(p - c);
          predictor = pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
          break;
        }
        default: break;
      }
      row[x] = static_cast<unsigned char>(in[1 + x] + predictor);
    }
    for (size_t x = 0; x + 2 < stride; x += bpp) {
      colours.insert((uint32_t(row[x]) << 16) | (uint32_t(row[x + 1]) << 8) | row[x + 2]);
    }
    prev = row;
  }
  info.colours = colours.size();
  return info;
}

}  // namespace mnb::testing

#endif  // MNISTBENCH_TESTS_PNG_INFO_H_
