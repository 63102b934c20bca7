#include "harness/data/csv.h"

#include <fmt/format.h>

#include <algorithm>
#include <cstddef>
#include <filesystem>
#include <fstream>
#include <string_view>

#include "harness/data/data_error.h"

namespace mnb {

namespace {

constexpr int kSide = 28;
constexpr int kPixels = kSide * kSide;

std::string ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary | std::ios::ate);
  if (!in) throw DataError(fmt::format("{}: cannot open (expected a Kaggle CSV file)", path));
  // A directory opens fine on Linux and then reports a nonsense size.
  std::error_code ignored;
  const std::streamoff size = in.tellg();
  if (!std::filesystem::is_regular_file(path, ignored) || size < 0) {
    throw DataError(fmt::format("{}: not a regular file (expected a Kaggle CSV file)", path));
  }
  std::string text(static_cast<size_t>(size), '\0');
  in.seekg(0);
  if (!in.read(text.data(), size)) {
    throw DataError(fmt::format("{}: cannot read all {} bytes", path, size));
  }
  return text;
}

}  // namespace

LabeledImages ReadKaggleCsv(const std::string& path) {
  const std::string text = ReadFile(path);
  size_t pos = 0;
  int64_t line_number = 0;
  // Returns the next line without its end (\n or \r\n); false at the end of the text.
  auto next_line = [&](std::string_view* line) {
    if (pos >= text.size()) return false;
    size_t end = text.find('\n', pos);
    if (end == std::string::npos) end = text.size();
    size_t stop = end;
    if (stop > pos && text[stop - 1] == '\r') --stop;
    *line = std::string_view(text).substr(pos, stop - pos);
    pos = end + 1;
    ++line_number;
    return true;
  };

  std::string_view header;
  if (!next_line(&header) || header.empty()) {
    throw DataError(fmt::format("{}:1: {} (expected a header line label,pixel0,...)", path,
                                text.empty() ? "empty file" : "blank first line"));
  }
  if (header.substr(0, 3) == "\xEF\xBB\xBF") header.remove_prefix(3);  // a UTF-8 BOM from Excel
  const std::string first(header.substr(0, header.find(',')));
  if (first != "label") {
    throw DataError(fmt::format(
        "{}:1: first column is '{}' (expected 'label': a labelled file label,pixel0..pixel783{})",
        path, first, first == "id" ? "; Kaggle's unlabelled test.csv cannot be used" : ""));
  }
  const int64_t header_columns = 1 + std::count(header.begin(), header.end(), ',');
  if (header_columns != 1 + kPixels) {
    throw DataError(fmt::format("{}:1: header has {} columns (expected {}: label and {} pixels)",
                                path, header_columns, 1 + kPixels, kPixels));
  }

  // At most one image per remaining line: sizing once lets the loop write in place.
  const auto rows_begin = text.begin() + static_cast<std::ptrdiff_t>(std::min(pos, text.size()));
  const size_t max_rows = static_cast<size_t>(std::count(rows_begin, text.end(), '\n')) + 1;
  LabeledImages out;
  out.rows = out.cols = kSide;
  out.labels.resize(max_rows);
  out.images.resize(max_rows * kPixels);
  std::string_view line;
  while (next_line(&line)) {
    if (line.empty() && pos >= text.size()) break;  // a trailing blank line at the end
    uint8_t* const label = &out.labels[out.count];
    uint8_t* const pixels = &out.images[out.count * kPixels];
    const char* const begin = line.data();
    const char* const end = begin + line.size();
    const char* p = begin;
    int column = 0;
    while (true) {
      const char* const digits = p;
      unsigned value = 0;
      // Saturating at 256 keeps the arithmetic small; the range checks below name the culprit.
      for (; p != end && static_cast<unsigned>(*p - '0') < 10; ++p) {
        value = std::min(value * 10 + static_cast<unsigned>(*p - '0'), 256u);
      }
      if (p == digits) {
        const std::string_view rest(p, static_cast<size_t>(end - p));
        throw DataError(fmt::format("{}:{}: column {} is '{}' (expected a non-negative integer)",
                                    path, line_number, column + 1, rest.substr(0, rest.find(','))));
      }
      if (column == 0) {
        if (value > 9) {
          throw DataError(fmt::format("{}:{}: label {} (expected 0..9)", path, line_number,
                                      std::string_view(begin, static_cast<size_t>(p - begin))));
        }
        *label = static_cast<uint8_t>(value);
      } else if (column <= kPixels) {
        if (value > 255) {
          throw DataError(fmt::format("{}:{}: pixel {} is out of range (expected 0..255)", path,
                                      line_number, column - 1));
        }
        pixels[column - 1] = static_cast<uint8_t>(value);
      }
      ++column;
      if (p == end) break;
      if (*p != ',') {
        throw DataError(fmt::format("{}:{}: unexpected '{}' in column {} (expected digits and "
                                    "commas)", path, line_number, *p, column));
      }
      ++p;
    }
    if (column != 1 + kPixels) {
      throw DataError(fmt::format("{}:{}: {} columns (expected {}: label and {} pixels)", path,
                                  line_number, column, 1 + kPixels, kPixels));
    }
    ++out.count;
  }
  if (out.count == 0) {
    throw DataError(fmt::format("{}:2: no image rows after the header", path));
  }
  out.labels.resize(static_cast<size_t>(out.count));
  out.images.resize(static_cast<size_t>(out.count) * kPixels);
  return out;
}

}  // namespace mnb
