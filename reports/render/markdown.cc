#include "reports/render/markdown.h"

#include <fmt/format.h>

#include "harness/base/text_escape.h"
#include "reports/tables/fidelity_table.h"
#include "reports/tables/race_table.h"
#include "reports/tables/search_yield.h"
#include "reports/tables/tables.h"
#include "reports/format/text_format.h"

namespace mnb {

namespace {

void Table(std::string* out, const TextTable& t) {
  *out += MarkdownTable(t.header, t.right, t.rows);
  *out += "\n";
}

void FidelitySection(std::string* out, const ReportData& data) {
  *out += "## Fidelity: published vs ours\n\n";
  if (data.fidelity.empty()) {
    *out += "No variant of a seed model on the dataset its project published a figure for.\n\n";
    return;
  }
  Table(out, FidelityTable(data));
  *out += fmt::format("{}\n\n", kFidelityNote);
}

}  // namespace

std::string RenderMarkdown(const ReportData& data, const ReportOptions& options) {
  std::string out = "# mnistbench report\n\n";
  Table(&out, SummaryTable(data));
  out += fmt::format("{}\n\n", kAccuracyNote);

  for (const std::string& experiment : data.experiments) {
    out += fmt::format("## Leaderboard: {}\n\n", MarkdownText(experiment));
    const TextTable board = LeaderboardTable(data, experiment);
    if (board.rows.empty()) {
      out += "No runs yet.\n\n";
    } else {
      Table(&out, board);
    }
  }

  if (const std::vector<SearchYield> yields = SearchYields(data); !yields.empty()) {
    out += fmt::format("## Search yield\n\n{}\n\n", kSearchYieldNote);
    Table(&out, SearchYieldTable(data, yields));
  }

  for (const std::string& experiment : RaceExperiments(data)) {
    out += fmt::format("## Race: {}\n\n", MarkdownText(experiment));
    Table(&out, RaceTable(data, experiment));
    out += fmt::format("{}\n\n", RaceNote(data, experiment));
  }

  if (!data.best_configs.empty()) {
    out += "## Best configuration per model\n\n";
    Table(&out, BestConfigTable(data));
  }

  if (!data.fidelity.empty()) FidelitySection(&out, data);

  if (!data.budgets.empty()) {
    out += fmt::format("## Expected best accuracy vs number of runs\n\n{}\n\n", kBudgetNote);
    for (const BudgetCurve& curve : data.budgets) {
      out += fmt::format("### {}\n\n", MarkdownText(BudgetTitle(curve)));
      Table(&out, BudgetTable(curve));
    }
  }

  for (const Comparison& c : data.comparisons) {
    out += fmt::format("## Comparison: {}\n\n", MarkdownText(c.title));
    Table(&out, ComparisonTable(data, c));
  }

  if (!data.unfinished.empty()) {
    out += fmt::format("## Runs not completed ({})\n\n", data.unfinished.size());
    Table(&out, UnfinishedTable(data, options.max_listed_unfinished));
    if (static_cast<int>(data.unfinished.size()) > options.max_listed_unfinished) {
      out += fmt::format("... and {} more (all runs are in runs.csv, or query run_summary).\n\n",
                         data.unfinished.size() - options.max_listed_unfinished);
    }
  }

  if (!data.curves.empty()) {
    out += "## Learning curves (best run of the top variants)\n\n";
    for (const LearningCurve& curve : data.curves) {
      out += fmt::format("### {}\n\n", MarkdownText(CurveTitle(curve)));
      Table(&out, CurveTable(curve, EvalSetsOf(data, curve.run.experiment)));
    }
  }

  if (!data.best_runs.empty()) {
    out += "## Confusion matrix and per-class metrics (best run per model, test split)\n\n";
    for (const ModelBestRun& best : data.best_runs) {
      out += fmt::format("### {}\n\n", MarkdownText(BestRunTitle(best)));
      if (best.confusion.empty()) {
        out += "No confusion matrix recorded.\n\n";
        continue;
      }
      Table(&out, ConfusionTable(best));
      Table(&out, ClassTable(best));
    }
  }
  return out;
}

std::string RenderFidelityMarkdown(const ReportData& data) {
  std::string out = "# mnistbench fidelity\n\n";
  Table(&out, SummaryTable(data));
  FidelitySection(&out, data);
  return out;
}

}  // namespace mnb
