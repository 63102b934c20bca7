#include "reports/tables/query.h"

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <cmath>

#include "reports/format/text_format.h"

namespace mnb {

namespace {

std::string Text(const QueryValue& v) {
  switch (v.type) {
    case QueryValue::Type::kNull: return "";
    case QueryValue::Type::kInteger: return fmt::format("{}", v.integer);
    case QueryValue::Type::kReal: return Exact(v.real);
    case QueryValue::Type::kText: return v.text;
  }
  return "";
}

}  // namespace

std::string FormatQueryTable(const QueryResult& result) {
  const size_t n = result.columns.size();
  std::vector<size_t> width(n, 0);
  std::vector<bool> numeric(n, true);
  std::vector<std::vector<std::string>> cells;
  cells.reserve(result.rows.size());
  for (size_t c = 0; c < n; ++c) width[c] = DisplayWidth(result.columns[c]);
  for (const auto& row : result.rows) {
    std::vector<std::string> line;
    for (size_t c = 0; c < n; ++c) {
      std::string text = Text(row[c]);
      for (char& ch : text) {
        if (ch == '\n' || ch == '\r' || ch == '\t') ch = ' ';
      }
      width[c] = std::max(width[c], DisplayWidth(text));
      if (row[c].type == QueryValue::Type::kText) numeric[c] = false;
      line.push_back(std::move(text));
    }
    cells.push_back(std::move(line));
  }
  auto pad = [&](const std::string& text, size_t c) {
    const std::string fill(width[c] - DisplayWidth(text), ' ');
    return numeric[c] && !result.rows.empty() ? fill + text : text + fill;
  };
  std::string out;
  auto emit = [&](const std::vector<std::string>& line) {
    std::string text;
    for (size_t c = 0; c < n; ++c) text += (c > 0 ? "  " : "") + pad(line[c], c);
    text.erase(text.find_last_not_of(' ') + 1);
    out += text + "\n";
  };
  emit(result.columns);
  std::vector<std::string> rule;
  for (size_t c = 0; c < n; ++c) rule.push_back(std::string(width[c], '-'));
  emit(rule);
  for (const auto& line : cells) emit(line);
  out += fmt::format("({} row{})\n", result.rows.size(), result.rows.size() == 1 ? "" : "s");
  return out;
}

std::string FormatQueryCsv(const QueryResult& result) {
  std::string out;
  AppendCsvRecord(&out, result.columns);
  for (const auto& row : result.rows) {
    std::vector<std::string> fields;
    for (const QueryValue& v : row) fields.push_back(Text(v));
    AppendCsvRecord(&out, fields);
  }
  return out;
}

std::string FormatQueryJson(const QueryResult& result) {
  nlohmann::ordered_json rows = nlohmann::ordered_json::array();
  for (const auto& row : result.rows) {
    nlohmann::ordered_json object = nlohmann::ordered_json::object();
    for (size_t c = 0; c < row.size(); ++c) {
      const QueryValue& v = row[c];
      switch (v.type) {
        case QueryValue::Type::kNull: object[result.columns[c]] = nullptr; break;
        case QueryValue::Type::kInteger: object[result.columns[c]] = v.integer; break;
        case QueryValue::Type::kReal:
          if (std::isfinite(v.real)) {
            object[result.columns[c]] = v.real;
          } else {
            object[result.columns[c]] = nullptr;
          }
          break;
        case QueryValue::Type::kText: object[result.columns[c]] = v.text; break;
      }
    }
    rows.push_back(std::move(object));
  }
  // Invalid UTF-8 (a blob) is replaced rather than failing the whole dump.
  return rows.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) + "\n";
}

}  // namespace mnb
