#include "reports/tables/fidelity_table.h"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <cmath>
#include <tuple>
#include <map>

#include "reports/data/fidelity_select.h"
#include "reports/format/text_format.h"

namespace mnb {

const char* const kFidelityNote =
    "Published: the test accuracy the seed project reports. Ours: the mean over completed seeds "
    "with its 95% Student-t confidence interval. Verdict: at or above (our mean reaches the "
    "published figure), within noise (below it, but the figure lies inside our interval), below "
    "(the interval lies below it). Recipe: published when the runs trained exactly the project's "
    "recipe, else what they changed.";

namespace {

std::string Deviations(const FidelityRow& row) {
  return row.recipe_deviations.empty() ? "published"
                                       : fmt::format("{}", fmt::join(row.recipe_deviations, " "));
}

}  // namespace

TextTable FidelityTable(const ReportData& data) {
  TextTable t;
  t.header = {"experiment", "variant", "source", "recipe", "published %",
              "ours %: mean [95% CI]", "n", "\xCE\x94 pp", "verdict"};
  t.right = {false, false, false, false, true, true, true, true, false};
  for (const FidelityRow& row : data.fidelity) {
    std::string ours = kMissing, n = "0", delta = kMissing, verdict = "no completed run";
    if (row.ours) {
      ours = Percent(row.ours->mean);
      if (row.ours->ci) {
        ours += fmt::format(" [{}, {}]", Percent(row.ours->ci->low), Percent(row.ours->ci->high));
      }
      n = fmt::format("{}", row.ours->n);
      delta = fmt::format("{:+.2f}", 100.0 * row.ours->mean - row.published);
      verdict = stats::FidelityVerdictText(*row.verdict);
    }
    t.rows.push_back({row.experiment, data.leaderboard[row.variant].label, row.source,
                      Deviations(row), fmt::format("{:.2f}", row.published), ours, n, delta,
                      verdict});
  }
  return t;
}

std::string FidelityCsv(const ReportData& data) {
  std::string out;
  AppendCsvRecord(&out, {"experiment", "variant", "model", "dataset", "source", "recipe",
                         "published_accuracy", "n", "test_accuracy_mean", "test_accuracy_std",
                         "ci_low", "ci_high", "difference", "verdict"});
  for (const FidelityRow& row : data.fidelity) {
    const VariantRow& v = data.leaderboard[row.variant];
    std::vector<std::string> record = {row.experiment, v.label, v.model, v.dataset, row.source,
                                       Deviations(row), Exact(PublishedFraction(row.published))};
    if (row.ours) {
      const stats::Summary& s = *row.ours;
      record.insert(record.end(),
                    {fmt::format("{}", s.n), Exact(s.mean), s.n >= 2 ? Exact(s.std_dev) : "",
                     s.ci ? Exact(s.ci->low) : "", s.ci ? Exact(s.ci->high) : "",
                     Exact(s.mean - PublishedFraction(row.published)),
                     stats::FidelityVerdictText(*row.verdict)});
    } else {
      record.insert(record.end(), {"0", "", "", "", "", "", ""});
    }
    AppendCsvRecord(&out, record);
  }
  return out;
}

}  // namespace mnb
