#include "reports/tables/check_report.h"

#include <fmt/format.h>

#include <algorithm>

#include "harness/base/text_escape.h"
#include "reports/format/text_format.h"
#include "reports/tables/tables.h"

namespace mnb {

namespace {

const char* VerdictName(CheckRow::Verdict v) {
  switch (v) {
    case CheckRow::Verdict::kPass: return "PASS";
    case CheckRow::Verdict::kFail: return "FAIL";
    case CheckRow::Verdict::kNew: return "NEW";
  }
  return "?";
}

// The header over the vs-best lines: what they are, and that they gate nothing.
const char* const kVsBestHeading =
    "vs best (the leaderboard's mark against the best variant; information, not a check):";

// The variants' vs-best lines, label padded to one width: "  lenet5  best\n".
std::string VsBestLines(const std::vector<CheckRow>& rows) {
  size_t width = 0;
  for (const CheckRow& r : rows) {
    if (r.leaderboard) width = std::max(width, DisplayWidth(r.variant));
  }
  std::string out;
  for (const CheckRow& r : rows) {
    if (!r.leaderboard) continue;
    out += "  " + r.variant + std::string(width + 2 - DisplayWidth(r.variant), ' ') +
           VsBestText(*r.leaderboard) + "\n";
  }
  return out;
}

}  // namespace

std::string CheckTable(const std::vector<CheckRow>& rows) {
  std::vector<std::vector<std::string>> cells = {
      {"variant", "check", "expected", "got", "delta", "verdict"}};
  for (const CheckRow& r : rows) {
    cells.push_back({r.variant, r.check, r.expected, r.got, r.delta, VerdictName(r.verdict)});
  }
  std::vector<size_t> width(6, 0);
  for (const auto& row : cells) {
    for (size_t c = 0; c < 6; ++c) width[c] = std::max(width[c], row[c].size());
  }
  std::string out;
  for (size_t i = 0; i < cells.size(); ++i) {
    for (size_t c = 0; c < 6; ++c) {
      out += fmt::format("{:<{}}", cells[i][c], c + 1 < 6 ? width[c] + 2 : 0);
    }
    out += "\n";
    if (i > 0 && !rows[i - 1].detail.empty() && rows[i - 1].verdict == CheckRow::Verdict::kFail) {
      out += "    " + rows[i - 1].detail + "\n";
    }
  }
  const std::string vs_best = VsBestLines(rows);
  if (!vs_best.empty()) out += fmt::format("\n{}\n{}", kVsBestHeading, vs_best);
  return out;
}

std::string CheckJUnitXml(const std::string& experiment_name, const std::vector<CheckRow>& rows) {
  int failures = 0, skipped = 0;
  for (const CheckRow& r : rows) {
    failures += r.verdict == CheckRow::Verdict::kFail;
    skipped += r.verdict == CheckRow::Verdict::kNew;
  }
  std::string out = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";
  out += fmt::format("<testsuites name=\"mnistbench check\" tests=\"{}\" failures=\"{}\" "
                     "skipped=\"{}\">\n",
                     rows.size(), failures, skipped);
  out += fmt::format("  <testsuite name=\"{}\" tests=\"{}\" failures=\"{}\" skipped=\"{}\">\n",
                     XmlEscape(experiment_name), rows.size(), failures, skipped);
  for (const CheckRow& r : rows) {
    out += fmt::format("    <testcase classname=\"{}.{}\" name=\"{}\"", XmlEscape(experiment_name),
                       XmlEscape(r.variant), XmlEscape(r.check));
    const std::string numbers = fmt::format("expected {}, got {}{}", r.expected, r.got,
                                            r.delta.empty() ? "" : " (" + r.delta + ")");
    if (r.verdict == CheckRow::Verdict::kFail) {
      out += fmt::format(">\n      <failure message=\"{}\">{}</failure>\n    </testcase>\n",
                         XmlEscape(r.detail.empty() ? numbers : r.detail), XmlEscape(numbers));
    } else if (r.verdict == CheckRow::Verdict::kNew) {
      out += fmt::format(">\n      <skipped message=\"{}\"/>\n    </testcase>\n",
                         XmlEscape(r.detail));
    } else {
      out += "/>\n";
    }
  }
  out += "  </testsuite>\n</testsuites>\n";
  return out;
}

std::string CheckMarkdown(const std::string& experiment_name, const std::vector<CheckRow>& rows) {
  int failures = 0;
  for (const CheckRow& r : rows) failures += r.verdict == CheckRow::Verdict::kFail;
  std::string out = fmt::format(
      "### mnistbench check: {} — {}\n\n", MarkdownText(experiment_name),
      failures == 0 ? "all checks passed" : fmt::format("{} check(s) failed", failures));
  std::vector<std::vector<std::string>> cells;
  for (const CheckRow& r : rows) {
    cells.push_back({r.variant, r.check, r.expected, r.got, r.delta,
                     r.verdict == CheckRow::Verdict::kFail ? "**FAIL**" : VerdictName(r.verdict)});
  }
  out += MarkdownTable({"variant", "check", "expected", "got", "delta", "verdict"}, {}, cells);
  for (const CheckRow& r : rows) {
    if (r.verdict == CheckRow::Verdict::kFail && !r.detail.empty()) {
      out += fmt::format("\n- {} / {}: {}", MarkdownText(r.variant), MarkdownText(r.check),
                         MarkdownText(r.detail));
    }
  }
  out += "\n";
  std::string vs_best;
  for (const CheckRow& r : rows) {
    if (!r.leaderboard) continue;
    vs_best += fmt::format("\n- {}: {}", MarkdownText(r.variant),
                           MarkdownText(VsBestText(*r.leaderboard)));
  }
  if (!vs_best.empty()) out += fmt::format("\n{}\n{}\n", kVsBestHeading, vs_best);
  return out;
}

}  // namespace mnb
