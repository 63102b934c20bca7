#include "harness/data/csv.h"

#include <fmt/format.h>

#include <algorithm>
#include <cstddef>
#include <filesystem>
#include <string_view>

#include "harness/data/data_error.h"
#include "harness/data/idx.h"

namespace mnb {

namespace {

std::string ReadFile(const std::string& path) {
  std::error_code error;
  if (!std::filesystem::exists(path, error)) {
    throw DataError(fmt::format("{}: cannot open (no such file; expected a Kaggle CSV file)", path));
  }
  // A directory opens fine on Linux and then reports a nonsense size.
  if (!std::filesystem::is_regular_file(path, error)) {
    throw DataError(fmt::format("{}: not a regular file (expected a Kaggle CSV file)", path));
  }
  return ReadDecodedFile(path);  // gzip is transparent
}

// The image side of a row of `columns` columns (label + side x side pixels); 0 when none.
int64_t SideOf(int64_t columns) {
  const int64_t pixels = columns - 1;
  int64_t side = 1;
  while (side * side < pixels) ++side;
  return pixels > 0 && side * side == pixels ? side : 0;
}

std::string ColumnsExpected(int64_t columns) {
  return SideOf(columns) == 28 ? "785: label and 784 pixels"
                               : fmt::format("{}: label and {} pixels, as the first line",
                                             columns, columns - 1);
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

  std::string_view first;
  if (!next_line(&first) || first.empty()) {
    throw DataError(fmt::format("{}:1: {} (expected a header line label,pixel0,...)", path,
                                text.empty() ? "empty file" : "blank first line"));
  }
  if (first.substr(0, 3) == "\xEF\xBB\xBF") first.remove_prefix(3);  // a UTF-8 BOM from Excel
  const bool has_header = !first.empty() && static_cast<unsigned>(first[0] - '0') >= 10;
  const int64_t columns = 1 + std::count(first.begin(), first.end(), ',');
  if (has_header) {
    const std::string name(first.substr(0, first.find(',')));
    if (name != "label") {
      throw DataError(fmt::format(
          "{}:1: first column is '{}' (expected 'label': a labelled file label,pixel0..pixel783{})",
          path, name, name == "id" ? "; Kaggle's unlabelled test.csv cannot be used" : ""));
    }
  }
  const int64_t side = SideOf(columns);
  if (side > kMaxCsvImageSide) {
    throw DataError(fmt::format("{}:1: {} columns, images of side {} (expected at most {}x{})",
                                path, columns, side, kMaxCsvImageSide, kMaxCsvImageSide));
  }
  if (side == 0) {
    throw DataError(fmt::format("{}:1: {} has {} columns (expected 785 for 28x28 images: a label "
                                "and side x side pixels)",
                                path, has_header ? "header" : "row", columns));
  }
  const int64_t pixel_count = side * side;
  if (!has_header) pos = line_number = 0;  // the first line is an image: read it again

  // At most one image per remaining line, and no more than the remaining bytes can hold: a row
  // is at least 2 x pixels + 1 characters (a digit and a comma each, and the label). Sizing
  // once lets the loop write in place; the bound keeps memory linear in the file's size.
  const size_t begin = std::min(pos, text.size());
  const size_t lines = static_cast<size_t>(
      std::count(text.begin() + static_cast<std::ptrdiff_t>(begin), text.end(), '\n'));
  const size_t max_rows =
      std::min(lines + 1, (text.size() - begin) / (2 * static_cast<size_t>(pixel_count) + 1) + 1);
  LabeledImages out;
  out.rows = out.cols = side;
  out.labels.resize(max_rows);
  out.images.resize(max_rows * static_cast<size_t>(pixel_count));
  std::string_view line;
  while (next_line(&line)) {
    if (line.empty() && pos >= text.size()) break;  // a trailing blank line at the end
    if (line_number == 1 && line.substr(0, 3) == "\xEF\xBB\xBF") line.remove_prefix(3);
    uint8_t* const label = &out.labels[out.count];
    uint8_t* const pixels = &out.images[out.count * pixel_count];
    const char* const begin = line.data();
    const char* const end = begin + line.size();
    const char* p = begin;
    int64_t column = 0;
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
      } else if (column <= pixel_count) {
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
    if (column != 1 + pixel_count) {
      throw DataError(fmt::format("{}:{}: {} columns (expected {})", path, line_number, column,
                                  ColumnsExpected(1 + pixel_count)));
    }
    ++out.count;
  }
  if (out.count == 0) {
    throw DataError(fmt::format("{}:2: no image rows after the header", path));
  }
  out.labels.resize(static_cast<size_t>(out.count));
  out.images.resize(static_cast<size_t>(out.count * pixel_count));
  return out;
}

}  // namespace mnb
