#include "reports/render/html.h"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>

#include "harness/base/text_escape.h"
#include "reports/tables/fidelity_table.h"
#include "reports/tables/race_table.h"
#include "reports/render/html_page.h"
#include "reports/render/html_plots.h"
#include "reports/plot/palette.h"
#include "reports/plot/run_charts.h"
#include "reports/tables/search_yield.h"
#include "reports/plot/svg.h"
#include "reports/tables/tables.h"

namespace mnb {

namespace {

// A variant's seeds: each split's mean line with its min-max band, accuracy and loss.
std::string VariantCharts(const LearningCurve& curve) {
  using Metric = std::optional<SeedBand> VariantEpoch::*;
  auto series = [&](const char* name, const std::string& colour, Metric metric) {
    return SeedBandSeries(name, colour, curve.variant, metric);
  };
  const std::vector<Series> accuracy = {
      series("train", CategoryColour(0), &VariantEpoch::train_accuracy),
      series("val", CategoryColour(1), &VariantEpoch::val_accuracy),
      series("test", CategoryColour(2), &VariantEpoch::test_accuracy)};
  const std::vector<Series> loss = {series("train", CategoryColour(0), &VariantEpoch::train_loss),
                                    series("val", CategoryColour(1), &VariantEpoch::val_loss),
                                    series("test", CategoryColour(2), &VariantEpoch::test_loss)};
  return "<div class=\"figures\">\n<figure>" +
         SvgLineChart("accuracy % (mean, min-max band)", accuracy, "epoch", /*percent=*/true) +
         "</figure>\n<figure>" +
         SvgLineChart("loss (mean, min-max band)", loss, "epoch", /*percent=*/false) +
         "</figure>\n</div>\n";
}

// The document up to and including the summary table; `kind` is "report" or "fidelity".
std::string PageHead(const ReportData& data, const char* kind, int refresh_seconds) {
  std::string out =
      HtmlPageStart(fmt::format("mnistbench {}: {}", kind, fmt::join(data.experiments, ", ")),
                    fmt::format("mnistbench {}", kind), refresh_seconds);
  AppendHtmlTable(&out, SummaryTable(data), "summary");
  return out;
}

void FidelitySection(std::string* out, const ReportData& data) {
  *out += "<h2>Fidelity: published vs ours</h2>\n";
  if (data.fidelity.empty()) {
    *out += "<p>No variant of a seed model on the dataset its project published a figure "
            "for.</p>\n";
    return;
  }
  AppendHtmlTable(out, FidelityTable(data));
  *out += fmt::format("<p class=\"note\">{}</p>\n", HtmlEscape(kFidelityNote));
}

constexpr size_t kMaxBudgetPoints = 500;

// Per experiment, the expected best accuracy of k runs against k.
void BudgetSection(std::string* page, const ReportData& data) {
  std::string& out = *page;
  out += fmt::format("<h2>Expected best accuracy vs number of runs</h2>\n<p class=\"note\">{}</p>\n"
                     "<div class=\"figures\">\n",
                     HtmlEscape(kBudgetNote));
  for (size_t i = 0; i < data.budgets.size(); ++i) {
    const BudgetCurve& curve = data.budgets[i];
    // At most about kMaxBudgetPoints points, evenly spaced in k, the first and last included:
    // the curve is smooth and never decreasing, and the chart is 500 pixels wide.
    const size_t n = curve.expected.size();
    const size_t step = (n + kMaxBudgetPoints - 1) / kMaxBudgetPoints;
    Series series{"E[best of k]", CategoryColour(i), {}};
    for (size_t k = 1; k <= n; k += step) {
      series.points.emplace_back(static_cast<double>(k), curve.expected[k - 1]);
    }
    if ((n - 1) % step != 0) series.points.emplace_back(static_cast<double>(n), curve.expected[n - 1]);
    out += "<figure>" + SvgLineChart(BudgetTitle(curve), {series}, "runs (k)", /*percent=*/true) +
           "</figure>\n";
  }
  out += "</div>\n";
}

// The top variants' learning curves: a variant's seeds as mean and band, else its run.
void LearningCurveSection(std::string* page, const ReportData& data) {
  std::string& out = *page;
  out += "<h2>Learning curves (the top variants)</h2>\n<p class=\"note\">A variant with two "
         "or more completed seeds shows the mean over its seeds, the shaded band reaching from "
         "the lowest to the highest seed at each epoch; with one seed, its run.</p>\n";
  for (const LearningCurve& curve : data.curves) {
    if (!curve.variant.empty()) {
      out += fmt::format("<h3>{}</h3>\n", HtmlEscape(fmt::format(
                                             "{} ({}): mean of {} seeds, band min\xE2\x80\x93max",
                                             curve.run.label, curve.run.experiment, curve.seeds)));
      out += VariantCharts(curve);
      continue;
    }
    const auto sets = EvalSetsOf(data, curve.run.experiment);
    out += fmt::format("<h3>{}</h3>\n", HtmlEscape(CurveTitle(curve)));
    out += RunCurveCharts(curve.epochs, sets);
  }
}

}  // namespace

std::string RenderHtml(const ReportData& data, const ReportOptions& options) {
  std::string out = PageHead(data, "report", options.refresh_seconds);
  out += fmt::format("<p class=\"note\">{}</p>\n", HtmlEscape(kAccuracyNote));

  for (const std::string& experiment : data.experiments) {
    out += fmt::format("<h2>Leaderboard: {}</h2>\n", HtmlEscape(experiment));
    const TextTable board = LeaderboardTable(data, experiment);
    if (board.rows.empty()) {
      out += "<p>No runs yet.</p>\n";
    } else {
      AppendHtmlTable(&out, board);
    }
  }
  if (const std::vector<SearchYield> yields = SearchYields(data); !yields.empty()) {
    out += fmt::format("<h2>Search yield</h2>\n<p class=\"note\">{}</p>\n",
                       HtmlEscape(kSearchYieldNote));
    AppendHtmlTable(&out, SearchYieldTable(data, yields));
  }
  for (const std::string& experiment : RaceExperiments(data)) {
    out += fmt::format("<h2>Race: {}</h2>\n", HtmlEscape(experiment));
    AppendHtmlTable(&out, RaceTable(data, experiment));
    out += fmt::format("<p class=\"note\">{}</p>\n", HtmlEscape(RaceNote(data, experiment)));
  }
  if (!data.best_configs.empty()) {
    out += "<h2>Best configuration per model</h2>\n";
    AppendHtmlTable(&out, BestConfigTable(data));
  }
  if (!data.fidelity.empty()) FidelitySection(&out, data);
  if (!data.budgets.empty()) BudgetSection(&out, data);
  AppendPlotSections(&out, data);
  for (const Comparison& c : data.comparisons) {
    out += fmt::format("<h2>Comparison: {}</h2>\n", HtmlEscape(c.title));
    AppendHtmlTable(&out, ComparisonTable(data, c));
  }
  if (!data.unfinished.empty()) {
    out += fmt::format("<h2>Runs not completed ({})</h2>\n", data.unfinished.size());
    AppendHtmlTable(&out, UnfinishedTable(data, options.max_listed_unfinished));
    if (static_cast<int>(data.unfinished.size()) > options.max_listed_unfinished) {
      out += fmt::format("<p>... and {} more (all runs are in runs.csv, or query run_summary).</p>\n",
                         data.unfinished.size() - options.max_listed_unfinished);
    }
  }
  if (!data.curves.empty()) LearningCurveSection(&out, data);
  if (!data.best_runs.empty()) {
    out += "<h2>Confusion matrix and per-class metrics (best run per model, test split)</h2>\n";
    for (const ModelBestRun& best : data.best_runs) {
      out += fmt::format("<h3>{}</h3>\n", HtmlEscape(BestRunTitle(best)));
      if (best.confusion.empty()) {
        out += "<p>No confusion matrix recorded.</p>\n";
        continue;
      }
      out += "<div class=\"figures\">\n<figure>" +
             SvgConfusionHeatMap("confusion (test)", best.confusion) + "</figure>\n<div>\n";
      AppendHtmlTable(&out, ClassTable(best));
      out += "</div>\n</div>\n";
    }
  }
  out += HtmlPageEnd();
  return out;
}

std::string RenderFidelityHtml(const ReportData& data) {
  std::string out = PageHead(data, "fidelity", 0);
  FidelitySection(&out, data);
  out += HtmlPageEnd();
  return out;
}

}  // namespace mnb
