#include "reports/html.h"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>

#include "harness/base/text_escape.h"
#include "reports/fidelity.h"
#include "reports/html_plots.h"
#include "reports/search_yield.h"
#include "reports/svg.h"
#include "reports/tables.h"

namespace mnb {

namespace {

const char* kStyle = R"css(
body { font: 14px/1.45 system-ui, -apple-system, "Segoe UI", sans-serif; color: #1b1f24;
       margin: 24px auto; max-width: 1400px; padding: 0 16px; background: #fff; }
h1 { font-size: 24px; margin: 0 0 12px; }
h2 { font-size: 19px; margin: 28px 0 8px; border-bottom: 1px solid #d0d7de; padding-bottom: 4px; }
h3 { font-size: 15px; margin: 18px 0 6px; }
table { border-collapse: collapse; margin: 6px 0 14px; font-variant-numeric: tabular-nums; }
th, td { border: 1px solid #d0d7de; padding: 3px 8px; vertical-align: top; white-space: nowrap; }
td:last-child { white-space: normal; min-width: 160px; }
div.scroll { overflow-x: auto; max-width: 100%; }
th { background: #f3f5f7; text-align: left; }
td.num, th.num { text-align: right; white-space: nowrap; }
tr:nth-child(even) td { background: #fafbfc; }
table.summary th { width: 110px; }
p.note { color: #57606a; max-width: 900px; }
.figures { display: flex; flex-wrap: wrap; gap: 12px; }
figure { margin: 0; }
svg { background: #fff; }
svg .plot { fill: #fcfcfd; stroke: #d0d7de; }
svg .grid { stroke: #eaeef2; }
svg .axis { font-size: 11px; fill: #57606a; }
svg .legend { font-size: 12px; fill: #1b1f24; }
svg .chart-title { font-size: 13px; font-weight: 600; fill: #1b1f24; }
svg .cell { stroke: #fff; }
svg .count { font-size: 11px; fill: #1b1f24; }
svg .count.light { fill: #fff; }
)css";

const char* kColors[] = {"#1f77b4", "#ff7f0e", "#2ca02c", "#9467bd", "#8c564b", "#e377c2"};

void Table(std::string* out, const TextTable& t, const char* css_class = nullptr) {
  *out += "<div class=\"scroll\">\n";
  *out += css_class != nullptr ? fmt::format("<table class=\"{}\">\n", css_class) : "<table>\n";
  const bool headless = std::all_of(t.header.begin(), t.header.end(),
                                    [](const std::string& h) { return h.empty(); });
  if (!headless) {
    *out += "<thead><tr>";
    for (size_t c = 0; c < t.header.size(); ++c) {
      const bool right = c < t.right.size() && t.right[c];
      *out += fmt::format("<th{}>{}</th>", right ? " class=\"num\"" : "", HtmlEscape(t.header[c]));
    }
    *out += "</tr></thead>\n";
  }
  *out += "<tbody>\n";
  for (const auto& row : t.rows) {
    *out += "<tr>";
    for (size_t c = 0; c < t.header.size(); ++c) {
      const std::string cell = c < row.size() ? HtmlEscape(row[c]) : "";
      if (headless && c == 0) {
        *out += fmt::format("<th>{}</th>", cell);
      } else {
        const bool right = c < t.right.size() && t.right[c];
        *out += fmt::format("<td{}>{}</td>", right ? " class=\"num\"" : "", cell);
      }
    }
    *out += "</tr>\n";
  }
  *out += "</tbody>\n</table>\n</div>\n";
}

std::string CurveCharts(const LearningCurve& curve, const std::vector<std::string>& eval_sets) {
  Series train_acc{"train", kColors[0], {}}, val_acc{"val", kColors[1], {}},
      test_acc{"test", kColors[2], {}};
  Series train_loss{"train", kColors[0], {}}, val_loss{"val", kColors[1], {}},
      test_loss{"test", kColors[2], {}};
  std::vector<Series> evals;
  for (size_t i = 0; i < eval_sets.size(); ++i) {
    evals.push_back({eval_sets[i], kColors[(3 + i) % 6], {}});
  }
  for (const EpochRow& e : curve.epochs) {
    const double x = static_cast<double>(e.epoch);
    train_acc.points.emplace_back(x, e.train_accuracy);
    val_acc.points.emplace_back(x, e.val_accuracy);
    test_acc.points.emplace_back(x, e.test_accuracy);
    train_loss.points.emplace_back(x, e.train_loss);
    val_loss.points.emplace_back(x, e.val_loss);
    test_loss.points.emplace_back(x, e.test_loss);
    for (size_t i = 0; i < eval_sets.size(); ++i) {
      const auto found = e.eval_accuracy.find(eval_sets[i]);
      evals[i].points.emplace_back(x, found != e.eval_accuracy.end()
                                          ? std::optional<double>(found->second)
                                          : std::nullopt);
    }
  }
  std::vector<Series> accuracy = {train_acc, val_acc, test_acc};
  accuracy.insert(accuracy.end(), evals.begin(), evals.end());
  return "<div class=\"figures\">\n<figure>" +
         SvgLineChart("accuracy %", accuracy, "epoch", /*percent=*/true) + "</figure>\n<figure>" +
         SvgLineChart("loss", {train_loss, val_loss, test_loss}, "epoch", /*percent=*/false) +
         "</figure>\n</div>\n";
}

// A variant's seeds: each split's mean line with its min-max band, accuracy and loss.
std::string VariantCharts(const LearningCurve& curve) {
  using Metric = std::optional<SeedBand> VariantEpoch::*;
  auto series = [&](const char* name, const char* color, Metric metric) {
    Series s{name, color, {}, {}};
    for (const VariantEpoch& e : curve.variant) {
      const auto& b = e.*metric;
      s.points.emplace_back(static_cast<double>(e.epoch),
                            b ? std::optional<double>(b->mean) : std::nullopt);
      s.band.push_back(b ? std::optional<std::pair<double, double>>({b->low, b->high})
                         : std::nullopt);
    }
    return s;
  };
  const std::vector<Series> accuracy = {
      series("train", kColors[0], &VariantEpoch::train_accuracy),
      series("val", kColors[1], &VariantEpoch::val_accuracy),
      series("test", kColors[2], &VariantEpoch::test_accuracy)};
  const std::vector<Series> loss = {series("train", kColors[0], &VariantEpoch::train_loss),
                                    series("val", kColors[1], &VariantEpoch::val_loss),
                                    series("test", kColors[2], &VariantEpoch::test_loss)};
  return "<div class=\"figures\">\n<figure>" +
         SvgLineChart("accuracy % (mean, min-max band)", accuracy, "epoch", /*percent=*/true) +
         "</figure>\n<figure>" +
         SvgLineChart("loss (mean, min-max band)", loss, "epoch", /*percent=*/false) +
         "</figure>\n</div>\n";
}

// The document up to and including the summary table; `kind` is "report" or "fidelity".
std::string PageHead(const ReportData& data, const char* kind) {
  std::string out = fmt::format(
      "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\" />\n"
      "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\" />\n"
      "<title>mnistbench {}: {}</title>\n<style>{}</style>\n</head>\n<body>\n"
      "<h1>mnistbench {}</h1>\n",
      kind, HtmlEscape(fmt::format("{}", fmt::join(data.experiments, ", "))), kStyle, kind);
  Table(&out, SummaryTable(data), "summary");
  return out;
}

void FidelitySection(std::string* out, const ReportData& data) {
  *out += "<h2>Fidelity: published vs ours</h2>\n";
  if (data.fidelity.empty()) {
    *out += "<p>No variant of a seed model on the dataset its project published a figure "
            "for.</p>\n";
    return;
  }
  Table(out, FidelityTable(data));
  *out += fmt::format("<p class=\"note\">{}</p>\n", HtmlEscape(kFidelityNote));
}

}  // namespace

std::string RenderHtml(const ReportData& data, const ReportOptions& options) {
  std::string out = PageHead(data, "report");
  if (options.refresh_seconds > 0) out.insert(out.find("</head>"), fmt::format(
      "<meta http-equiv=\"refresh\" content=\"{}\" />\n", options.refresh_seconds));
  out += fmt::format("<p class=\"note\">{}</p>\n", HtmlEscape(kAccuracyNote));

  for (const std::string& experiment : data.experiments) {
    out += fmt::format("<h2>Leaderboard: {}</h2>\n", HtmlEscape(experiment));
    const TextTable board = LeaderboardTable(data, experiment);
    if (board.rows.empty()) {
      out += "<p>No runs yet.</p>\n";
    } else {
      Table(&out, board);
    }
  }
  if (const std::vector<SearchYield> yields = SearchYields(data); !yields.empty()) {
    out += fmt::format("<h2>Search yield</h2>\n<p class=\"note\">{}</p>\n",
                       HtmlEscape(kSearchYieldNote));
    Table(&out, SearchYieldTable(data, yields));
  }
  if (!data.best_configs.empty()) {
    out += "<h2>Best configuration per model</h2>\n";
    Table(&out, BestConfigTable(data));
  }
  if (!data.fidelity.empty()) FidelitySection(&out, data);
  if (!data.budgets.empty()) {
    out += fmt::format("<h2>Expected best accuracy vs number of runs</h2>\n<p class=\"note\">{}</p>\n"
                       "<div class=\"figures\">\n",
                       HtmlEscape(kBudgetNote));
    for (size_t i = 0; i < data.budgets.size(); ++i) {
      const BudgetCurve& curve = data.budgets[i];
      Series series{"E[best of k]", kColors[i % 6], {}};
      for (size_t k = 1; k <= curve.expected.size(); ++k) {
        series.points.emplace_back(static_cast<double>(k), curve.expected[k - 1]);
      }
      out += "<figure>" + SvgLineChart(BudgetTitle(curve), {series}, "runs (k)", /*percent=*/true) +
             "</figure>\n";
    }
    out += "</div>\n";
  }
  AppendPlotSections(&out, data);
  for (const Comparison& c : data.comparisons) {
    out += fmt::format("<h2>Comparison: {}</h2>\n", HtmlEscape(c.title));
    Table(&out, ComparisonTable(data, c));
  }
  if (!data.unfinished.empty()) {
    out += fmt::format("<h2>Runs not completed ({})</h2>\n", data.unfinished.size());
    Table(&out, UnfinishedTable(data, options.max_listed_unfinished));
    if (static_cast<int>(data.unfinished.size()) > options.max_listed_unfinished) {
      out += fmt::format("<p>... and {} more (all runs are in runs.csv, or query run_summary).</p>\n",
                         data.unfinished.size() - options.max_listed_unfinished);
    }
  }
  if (!data.curves.empty()) {
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
      out += CurveCharts(curve, sets);
    }
  }
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
      Table(&out, ClassTable(best));
      out += "</div>\n</div>\n";
    }
  }
  out += "</body>\n</html>\n";
  return out;
}

std::string RenderFidelityHtml(const ReportData& data) {
  std::string out = PageHead(data, "fidelity");
  FidelitySection(&out, data);
  out += "</body>\n</html>\n";
  return out;
}

}  // namespace mnb
