#include "harness/check/baseline_csv.h"

#include <fmt/format.h>

#include <cerrno>
#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <vector>

#include "harness/base/atomic_write.h"
#include "harness/base/error.h"
#include "harness/base/text_escape.h"

namespace mnb {
namespace {

const char* kBaselineHeader =
    "variant_key,model_key,label,runs,mean_test_accuracy,std_test_accuracy,mean_test_loss,"
    "mean_seconds_per_epoch";
constexpr size_t kBaselineColumns = 8;
const char* kColumnNames[kBaselineColumns] = {
    "variant_key", "model_key", "label", "runs", "mean_test_accuracy", "std_test_accuracy",
    "mean_test_loss", "mean_seconds_per_epoch"};

// One RFC 4180 record per line (labels never hold newlines).
std::vector<std::string> SplitCsvLine(const std::string& line) {
  std::vector<std::string> fields(1);
  bool quoted = false;
  for (size_t i = 0; i < line.size(); ++i) {
    const char c = line[i];
    if (quoted) {
      if (c == '"' && i + 1 < line.size() && line[i + 1] == '"') {
        fields.back() += '"';
        ++i;
      } else if (c == '"') {
        quoted = false;
      } else {
        fields.back() += c;
      }
    } else if (c == '"') {
      quoted = true;
    } else if (c == ',') {
      fields.emplace_back();
    } else if (c != '\r') {
      fields.back() += c;
    }
  }
  return fields;
}

// Reads one record's fields, each checked whole; `where` is "FILE:LINE".
class RecordReader {
 public:
  RecordReader(std::string where, const std::vector<std::string>& fields)
      : where_(std::move(where)), fields_(fields) {}

  int64_t Runs() const {
    const std::string& text = fields_[3];
    char* end = nullptr;
    errno = 0;
    const long long v = std::strtoll(text.c_str(), &end, 10);
    if (text.empty() || *end != '\0' || errno != 0 || v < 1) Fail(3, "a whole number >= 1");
    return v;
  }

  // Column `i` as a finite number in [low, high].
  double Number(size_t i, double low, double high, const char* expected) const {
    const std::string& text = fields_[i];
    char* end = nullptr;
    const double v = std::strtod(text.c_str(), &end);
    if (text.empty() || *end != '\0' || !std::isfinite(v) || v < low || v > high) {
      Fail(i, expected);
    }
    return v;
  }

 private:
  [[noreturn]] void Fail(size_t i, const char* expected) const {
    throw BadInput(fmt::format("{}: {} = '{}' (expected {})", where_, kColumnNames[i],
                               fields_[i], expected));
  }

  std::string where_;
  const std::vector<std::string>& fields_;
};

}  // namespace

void WriteBaselineCsv(const std::string& path, const Baseline& baseline) {
  std::string text = std::string(kBaselineHeader) + "\r\n";
  for (const auto& [key, e] : baseline) {
    text += fmt::format("{},{},{},{},{:.17g},{:.17g},{:.17g},{:.17g}\r\n", key, e.model_key,
                        CsvField(e.label), e.runs, e.mean_accuracy, e.std_accuracy, e.mean_loss,
                        e.mean_seconds_per_epoch);
  }
  WriteFileAtomically(path, text);
}

Baseline ReadBaselineCsv(const std::string& path) {
  if (!std::filesystem::exists(path)) {
    throw BadInput(fmt::format("{}: no such baseline file", path));
  }
  std::ifstream in(path);
  std::string line;
  if (!std::getline(in, line) ||
      line.substr(0, line.find_last_not_of('\r') + 1) != kBaselineHeader) {
    throw BadInput(fmt::format("{}:1: not a baseline CSV (expected the header {})", path,
                               kBaselineHeader));
  }
  Baseline b;
  const double kBig = 1e300;
  for (int number = 2; std::getline(in, line); ++number) {
    if (line.empty() || line == "\r") continue;
    const std::vector<std::string> f = SplitCsvLine(line);
    const std::string where = fmt::format("{}:{}", path, number);
    if (f.size() != kBaselineColumns) {
      throw BadInput(fmt::format("{}: {} field(s) (expected {}: {})", where, f.size(),
                                 kBaselineColumns, kBaselineHeader));
    }
    const RecordReader r(where, f);
    b[f[0]] = {f[2],
               f[1],
               r.Runs(),
               r.Number(4, 0, 1, "a finite number in [0, 1]"),
               r.Number(5, 0, 1, "a finite number in [0, 1]"),
               r.Number(6, 0, kBig, "a finite number >= 0"),
               r.Number(7, 0, kBig, "a finite number >= 0")};
  }
  return b;
}

}  // namespace mnb
