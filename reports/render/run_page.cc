#include "reports/render/run_page.h"

#include <fmt/format.h>

#include <set>

#include <nlohmann/json.hpp>

#include "harness/base/text_escape.h"
#include "reports/render/html_page.h"
#include "reports/plot/run_charts.h"
#include "reports/plot/svg.h"
#include "reports/tables/tables.h"
#include "reports/format/text_format.h"

namespace mnb {

namespace {

std::string OrMissing(const std::string& text) { return text.empty() ? kMissing : text; }

TextTable SummaryOf(const RunPageData& d) {
  const RunRow& r = d.run;
  TextTable t{{"", ""}, {false, false}, {}};
  t.rows = {{"experiment", r.experiment},
            {"variant", r.label},
            {"seed", fmt::format("{}", r.seed)},
            {"status", r.status},
            {"epochs", fmt::format("{} of {}", r.epochs_done, r.epochs)},
            {"final test acc %", Percent(r.test_accuracy)},
            {"best epoch", r.best_epoch ? fmt::format("{}", *r.best_epoch) : kMissing},
            {"run key", r.run_key}};
  if (!r.error.empty()) t.rows.push_back({"error", r.error});
  return t;
}

TextTable EnvironmentOf(const RunRow& rec) {
  TextTable t{{"", ""}, {false, false}, {}};
  t.rows = {{"device", OrMissing(rec.device)},
            {"threads", fmt::format("{}", rec.threads)},
            {"torch", OrMissing(rec.torch_version)},
            {"git revision", OrMissing(rec.git_rev)},
            {"data sha256", OrMissing(rec.data_sha256)},
            {"host", OrMissing(rec.host)}};
  return t;
}

// Its configuration's keys and values, as recorded; a value that is not a string as JSON.
TextTable ConfigOf(const RunRow& rec) {
  TextTable t{{"setting", "value"}, {false, false}, {}};
  const nlohmann::json config = nlohmann::json::parse(rec.config_json, nullptr, false);
  if (!config.is_object()) {
    t.rows.push_back({"(as recorded)", rec.config_json});
    return t;
  }
  for (const auto& [key, value] : config.items()) {
    t.rows.push_back({key, value.is_string() ? value.get<std::string>() : value.dump()});
  }
  return t;
}

}  // namespace

std::optional<RunPageData> LoadRunPage(StoreReader& results, int64_t run_id) {
  ReadSnapshot snapshot(results);
  std::optional<RunRow> record = results.Record(run_id);
  if (!record) return std::nullopt;
  RunPageData d;
  d.record = std::move(*record);
  d.run.run_id = run_id;  // in case the summary row is gone, which a snapshot rules out
  d.run.experiment = d.record.experiment;
  d.run.status = d.record.status;
  const ResultSet set = ReadResultSet(results, {d.record.experiment});
  for (const RunRow& r : set.runs) {
    if (r.run_id == run_id) d.run = r;
  }
  d.epochs = results.Epochs(run_id);
  d.confusion = results.Confusion(run_id);
  std::set<std::string> sets;
  for (const EpochResult& e : d.epochs) {
    for (const auto& [name, accuracy] : e.eval_accuracy) sets.insert(name);
  }
  d.eval_sets.assign(sets.begin(), sets.end());
  return d;
}

std::string RenderRunHtml(const RunPageData& d, int refresh_seconds) {
  std::string out = HtmlPageStart(fmt::format("run {}: {}, seed {} ({})", d.run.run_id,
                                              d.run.label, d.run.seed, d.run.experiment),
                                  refresh_seconds);
  AppendHtmlTable(&out, SummaryOf(d), "summary");
  out += "<h2>Learning curves</h2>\n";
  out += d.epochs.empty() ? "<p>No epoch recorded yet.</p>\n" : RunCurveCharts(d.epochs, d.eval_sets);
  out += "<h2>Epochs</h2>\n";
  LearningCurve curve;
  curve.run = d.run;
  curve.epochs = d.epochs;
  AppendHtmlTable(&out, CurveTable(curve, d.eval_sets));
  if (!d.confusion.matrix.empty()) {
    out += "<h2>Confusion matrix and per-class metrics (test split, final epoch)</h2>\n";
    ModelBestRun best{d.run, d.confusion.matrix, d.confusion.classes};
    out += "<div class=\"figures\">\n<figure>" +
           SvgConfusionHeatMap("confusion (test)", best.confusion) + "</figure>\n<div>\n";
    AppendHtmlTable(&out, ClassTable(best));
    out += "</div>\n</div>\n";
  }
  out += "<h2>Configuration</h2>\n";
  AppendHtmlTable(&out, ConfigOf(d.record));
  out += "<h2>Environment</h2>\n";
  AppendHtmlTable(&out, EnvironmentOf(d.record), "summary");
  return out + HtmlPageEnd();
}

}  // namespace mnb
