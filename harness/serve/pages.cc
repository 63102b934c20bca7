#include "harness/serve/pages.h"

#include <fmt/format.h>

#include <algorithm>
#include <map>

#include "harness/base/text_escape.h"
#include "harness/data/test_labels.h"
#include "reports/render/compare_html.h"
#include "reports/render/html.h"
#include "reports/render/html_page.h"
#include "reports/data/report_data.h"
#include "reports/render/run_page.h"
#include "reports/tables/tables.h"
#include "reports/format/text_format.h"

namespace mnb {

namespace {

bool InProgress(const std::string& status) { return status == "queued" || status == "running"; }

// Per experiment: its runs by status and its best variant's mean test accuracy.
struct ExperimentLine {
  int64_t runs = 0, in_progress = 0;
  std::string by_status;  // "7 completed, 1 failed", as the report's summary says it
  std::optional<double> best_mean;
};

ExperimentLine LineOf(const ResultSet& set, const std::string& experiment) {
  ExperimentLine line;
  for (const RunRow& r : set.runs) {
    if (r.experiment != experiment) continue;
    ++line.runs;
    line.in_progress += InProgress(r.status);
  }
  line.by_status = StatusCounts(set.runs, experiment);
  for (const Variant& v : set.variants) {
    if (v.experiment != experiment || !v.test_accuracy_mean) continue;
    if (!line.best_mean || *v.test_accuracy_mean > *line.best_mean) {
      line.best_mean = v.test_accuracy_mean;
    }
  }
  return line;
}

std::string StatusText(const ExperimentLine& line) {
  return line.by_status.empty() ? "no runs yet" : line.by_status;
}

// The index lists at most this many runs per experiment: a 10,000-run sweep would otherwise make
// it megabytes. Every run still has its page.
constexpr int64_t kListedRuns = 200;

// The runs of one experiment, each linking to its page.
std::string RunList(const ResultSet& set, const std::string& experiment) {
  std::string out =
      "<div class=\"scroll\">\n<table>\n<thead><tr><th class=\"num\">run</th><th>variant</th>"
      "<th class=\"num\">seed</th><th>status</th><th class=\"num\">epochs</th>"
      "<th class=\"num\">test acc %</th></tr></thead>\n<tbody>\n";
  int64_t listed = 0, more = 0;
  for (const RunRow& r : set.runs) {
    if (r.experiment != experiment) continue;
    if (listed == kListedRuns) {
      ++more;
      continue;
    }
    ++listed;
    out += fmt::format(
        "<tr><td class=\"num\"><a href=\"/runs/{0}\">{0}</a></td><td>{1}</td>"
        "<td class=\"num\">{2}</td><td>{3}</td><td class=\"num\">{4} of {5}</td>"
        "<td class=\"num\">{6}</td></tr>\n",
        r.run_id, HtmlEscape(r.label), r.seed, HtmlEscape(r.status), r.epochs_done, r.epochs,
        HtmlEscape(Percent(r.test_accuracy)));
  }
  out += "</tbody>\n</table>\n</div>\n";
  if (more > 0) {
    out += fmt::format("<p>... and {} more runs (each at /runs/ID; `mnistbench query` lists "
                       "them).</p>\n", more);
  }
  return out;
}

const char* kCompareForm =
    "<h2>Compare</h2>\n<form method=\"get\" action=\"/compare\">\n"
    "<label>A <input name=\"a\" size=\"40\" /></label>\n"
    "<label>B <input name=\"b\" size=\"40\" /></label>\n"
    "<button type=\"submit\">compare</button>\n</form>\n"
    "<p class=\"note\">A and B: a run id, a run key, a variant label as the leaderboard shows "
    "it, or a model with one variant (as <code>mnistbench compare</code> takes them).</p>\n";

}  // namespace

std::string IndexPage(StoreReader& results, int refresh_seconds) {
  const ResultSet set = ReadResultSet(results, {});
  std::vector<ExperimentLine> lines;
  bool in_progress = false;
  for (const std::string& name : set.experiments) {
    lines.push_back(LineOf(set, name));
    in_progress = in_progress || lines.back().in_progress > 0;
  }
  std::string out = HtmlPageStart("mnistbench results", in_progress ? refresh_seconds : 0);
  out += fmt::format("<p class=\"note\">{} (read-only)</p>\n", HtmlEscape(results.path()));
  out += "<h2>Experiments</h2>\n";
  if (set.experiments.empty()) out += "<p>No experiments yet.</p>\n";
  if (!set.experiments.empty()) {
    out += "<div class=\"scroll\">\n<table>\n<thead><tr><th class=\"num\">#</th>"
           "<th>experiment</th><th class=\"num\">runs</th><th>by status</th>"
           "<th class=\"num\">best mean test acc %</th></tr></thead>\n<tbody>\n";
    for (size_t i = 0; i < set.experiments.size(); ++i) {
      out += fmt::format(
          "<tr><td class=\"num\">{0}</td><td><a href=\"/experiments/{0}\">{1}</a></td>"
          "<td class=\"num\">{2}</td><td>{3}</td><td class=\"num\">{4}</td></tr>\n",
          i + 1, HtmlEscape(set.experiments[i]), lines[i].runs,
          HtmlEscape(StatusText(lines[i])), HtmlEscape(Percent(lines[i].best_mean)));
    }
    out += "</tbody>\n</table>\n</div>\n";
  }
  out += kCompareForm;
  for (size_t i = 0; i < set.experiments.size(); ++i) {
    if (lines[i].runs == 0) continue;
    out += fmt::format("<h2>Runs: <a href=\"/experiments/{}\">{}</a></h2>\n", i + 1,
                       HtmlEscape(set.experiments[i]));
    out += RunList(set, set.experiments[i]);
  }
  return out + HtmlPageEnd();
}

std::optional<std::string> ExperimentPage(StoreReader& results, int64_t number,
                                          int refresh_seconds) {
  const std::vector<std::string> names = results.Experiments();
  if (number < 1 || number > static_cast<int64_t>(names.size())) return std::nullopt;
  ReportOptions options;
  options.experiments = {names[number - 1]};
  const ReportData data = LoadReport(results, options);
  const bool live = std::any_of(data.runs.begin(), data.runs.end(),
                                [](const RunRow& r) { return InProgress(r.status); });
  options.refresh_seconds = live ? refresh_seconds : 0;
  return RenderHtml(data, options);
}

std::optional<std::string> RunPage(StoreReader& results, int64_t run_id, int refresh_seconds) {
  const std::optional<RunPageData> data = LoadRunPage(results, run_id);
  if (!data) return std::nullopt;
  return RenderRunHtml(*data, InProgress(data->record.status) ? refresh_seconds : 0);
}

std::string ComparePage(StoreReader& results, const std::string& a, const std::string& b,
                        const std::string& data_dir) {
  CompareData data = LoadComparison(results, a, b, {});
  std::vector<uint8_t> labels;
  data.mcnemar_note = LoadTestLabels(data.a.dataset, data.b.dataset, data_dir, &labels);
  if (data.mcnemar_note.empty()) AddMcNemar(results, labels, &data);
  return RenderCompareHtml(data);
}

std::string ErrorPage(int status, const std::string& line) {
  return HtmlPageStart(fmt::format("{}", status), 0) +
         fmt::format("<p>{}</p>\n", HtmlEscape(line)) + HtmlPageEnd();
}

std::string WithNavigation(std::string page) {
  const size_t body = page.find("<body>\n");
  if (body == std::string::npos) return page;
  page.insert(body + 7, "<nav><a href=\"/\">all experiments</a></nav>\n");
  return page;
}

}  // namespace mnb
