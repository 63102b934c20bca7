#include "harness/data/csv.h"

#include <fmt/format.h>

#include <algorithm>
#include <fstream>
#include <sstream>

#include "harness/data/data_error.h"

namespace mnb {

namespace {

constexpr int kSide = 28;
constexpr int kPixels = kSide * kSide;

std::string ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw DataError(fmt::format("{}: cannot open", path));
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
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
    throw DataError(fmt::format("{}:1: empty file (expected a header line label,pixel0,...)", path));
  }
  if (header.substr(0, 6) != "label,") {
    const std::string first(header.substr(0, header.find(',')));
    throw DataError(fmt::format(
        "{}:1: first column is '{}' (expected 'label': a labelled file label,pixel0..pixel783{})",
        path, first, first == "id" ? "; Kaggle's unlabelled test.csv cannot be used" : ""));
  }
  const int64_t header_columns = 1 + std::count(header.begin(), header.end(), ',');
  if (header_columns != 1 + kPixels) {
    throw DataError(fmt::format("{}:1: header has {} columns (expected {}: label and {} pixels)",
                                path, header_columns, 1 + kPixels, kPixels));
  }

  LabeledImages out;
  out.rows = out.cols = kSide;
  std::string_view line;
  while (next_line(&line)) {
    if (line.empty() && pos >= text.size()) break;  // a trailing blank line at the end
    int column = 0;
    size_t i = 0;
    while (true) {
      if (i >= line.size() || line[i] < '0' || line[i] > '9') {
        const size_t end = std::min(line.find(',', i), line.size());
        throw DataError(fmt::format("{}:{}: column {} is '{}' (expected a non-negative integer)",
                                    path, line_number, column + 1, line.substr(i, end - i)));
      }
      int value = 0;
      while (i < line.size() && line[i] >= '0' && line[i] <= '9') {
        value = value * 10 + (line[i] - '0');
        if (value > 255) value = 256;  // saturate: the range check below names it
        ++i;
      }
      if (column == 0) {
        if (value > 9) {
          throw DataError(fmt::format("{}:{}: label {} (expected 0..9)", path, line_number,
                                      std::string(line.substr(0, i))));
        }
        out.labels.push_back(static_cast<uint8_t>(value));
      } else if (column <= kPixels) {
        if (value > 255) {
          throw DataError(fmt::format("{}:{}: pixel {} is out of range (expected 0..255)", path,
                                      line_number, column - 1));
        }
        out.images.push_back(static_cast<uint8_t>(value));
      }
      ++column;
      if (i == line.size()) break;
      if (line[i] != ',') {
        throw DataError(fmt::format("{}:{}: unexpected '{}' in column {} (expected digits and "
                                    "commas)", path, line_number, line[i], column));
      }
      ++i;
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
  return out;
}

}  // namespace mnb
