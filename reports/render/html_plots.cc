#include "reports/render/html_plots.h"

#include <fmt/format.h>

#include "harness/base/text_escape.h"
#include "reports/plot/curve_overlay.h"
#include "reports/plot/heatmap.h"
#include "reports/plot/palette.h"
#include "reports/plot/svg.h"
#include "reports/plot/svg_plots.h"

namespace mnb {

namespace {

const char* kOverlayNote =
    "Every variant with a completed run: the mean over its completed seeds at each epoch. The "
    "top three by leaderboard rank are in colour with a band from their lowest to their highest "
    "seed; the others are thin grey lines (hover one for its name), listed in rank order up to "
    "twenty; beyond twenty the rest are drawn faint and counted in the legend. An experiment "
    "without a validation split shows its test curves, and says so.";
const char* kHeatMapNote =
    "For each model whose completed runs vary in two or more numeric settings: each cell is the "
    "mean final test accuracy (%) of its runs, over seeds and over any other setting that "
    "varies (the tooltip gives n). Columns and rows are the values run, ascending and evenly "
    "spaced, so a geometric grid such as lr = 0.001, 0.01, 0.1 reads as a log axis; a blank cell "
    "was never run. A setting with more than eight values (a random, Sobol or TPE search) is "
    "binned into six equal ranges, log-spaced when it spans a decade, ticks at their centres. "
    "With more than two such settings, one map per pair among the first three.";
const char* kParetoNote =
    "Each variant's mean test accuracy against its parameters and its mean seconds per epoch. "
    "The Pareto front (in colour, joined and labelled) holds the variants no other variant "
    "beats on both accuracy and cost at once; a grey variant is dominated. Axes spanning a "
    "decade or more are logarithmic.";
const char* kParallelNote =
    "One line per completed run across the settings that vary in the experiment (and the model, "
    "when there are several), then its final validation and test accuracy; the colour is its "
    "test accuracy. Numeric axes spanning a decade or more are logarithmic; a line breaks where "
    "a run has no value for a setting.";

void Figure(std::string* out, const std::string& svg) { *out += "<figure>" + svg + "</figure>\n"; }

// One experiment's overlay: accuracy and loss of each variant as its role in the overlay says.
void OverlayFigures(std::string* out, const ReportData& data, const CurveOverlay& overlay) {
  using Metric = std::optional<SeedBand> VariantEpoch::*;
  const bool validation = overlay.split == "validation";
  const std::vector<CurveRole> roles = OverlayRoles(overlay.variants.size());
  auto series = [&](Metric metric) {
    std::vector<Series> all;
    for (size_t i = 0; i < overlay.variants.size(); ++i) {
      const bool highlighted = roles[i] == CurveRole::kHighlighted;
      Series s = SeedBandSeries(PlotVariantName(data.leaderboard[overlay.variants[i].variant]),
                                highlighted ? CategoryColour(i) : kMutedColour,
                                overlay.variants[i].epochs, metric);
      if (!highlighted) {
        s.band.clear();  // only the highlighted variants carry a band
        s.markers = false;
        s.stroke_width = roles[i] == CurveRole::kListed ? 1.2 : 0.8;
        s.opacity = roles[i] == CurveRole::kListed ? 0.9 : 0.6;
        s.in_legend = roles[i] == CurveRole::kListed;
        if (roles[i] == CurveRole::kBackground) s.color = kBackgroundColour;
      }
      all.push_back(std::move(s));
    }
    return all;
  };
  LineChartOptions options;
  options.x_label = "epoch";
  options.legend_note = MoreVariantsText(overlay.variants.size());
  options.top_first = true;
  // The section's heading names the experiment; the titles stay short enough for the chart.
  const std::string split = validation ? "validation" : "test (no validation split)";
  options.percent = true;
  options.y_label = (validation ? "validation" : "test") + std::string(" accuracy (%)");
  *out += "<div class=\"figures\">\n";
  Figure(out, SvgLineChart(split + " accuracy, mean over seeds",
                           series(validation ? &VariantEpoch::val_accuracy
                                             : &VariantEpoch::test_accuracy),
                           options));
  options.percent = false;
  options.y_label = (validation ? "validation" : "test") + std::string(" loss");
  Figure(out, SvgLineChart(split + " loss, mean over seeds",
                           series(validation ? &VariantEpoch::val_loss : &VariantEpoch::test_loss),
                           options));
  *out += "</div>\n";
}

std::vector<ParetoMark> Marks(const ReportData& data, const ParetoSet& set, bool by_params) {
  std::vector<ParetoMark> marks;
  for (size_t k = 0; k < set.variants.size(); ++k) {
    const VariantRow& v = data.leaderboard[set.variants[k]];
    const std::optional<bool>& front = by_params ? set.on_front_params[k] : set.on_front_seconds[k];
    if (!front) continue;
    marks.push_back({v.label, by_params ? static_cast<double>(v.params) : *v.seconds_per_epoch,
                     *v.test_accuracy_mean, *front});
  }
  return marks;
}

std::vector<ParallelLine> Lines(const ReportData& data, const ParallelCoordinates& pc) {
  std::vector<ParallelLine> lines;
  for (size_t r = 0; r < pc.runs.size(); ++r) {
    const RunSummaryRow& run = data.runs[pc.runs[r]];
    lines.push_back({fmt::format("run {}: {}, seed {}", run.run_id, run.label, run.seed),
                     pc.values[r], *run.test_accuracy});
  }
  return lines;
}

void Section(std::string* out, const char* heading, const char* note) {
  *out += fmt::format("<h2>{}</h2>\n<p class=\"note\">{}</p>\n", heading, HtmlEscape(note));
}

}  // namespace

std::string PlotVariantName(const VariantRow& v) {
  return v.rank ? fmt::format("{}. {}", *v.rank, v.label) : v.label;
}

Series SeedBandSeries(const std::string& name, const std::string& colour,
                      const std::vector<VariantEpoch>& epochs,
                      std::optional<SeedBand> VariantEpoch::*metric) {
  Series s{name, colour, {}, {}};
  for (const VariantEpoch& e : epochs) {
    const std::optional<SeedBand>& b = e.*metric;
    s.points.emplace_back(static_cast<double>(e.epoch),
                          b ? std::optional<double>(b->mean) : std::nullopt);
    s.band.push_back(b ? std::optional<std::pair<double, double>>({b->low, b->high})
                       : std::nullopt);
  }
  return s;
}

void AppendPlotSections(std::string* out, const ReportData& data) {
  if (!data.overlays.empty()) {
    Section(out, "Curves of every variant", kOverlayNote);
    for (const CurveOverlay& overlay : data.overlays) {
      *out += fmt::format("<h3>{}</h3>\n", HtmlEscape(overlay.experiment));
      OverlayFigures(out, data, overlay);
    }
  }
  if (!data.heat_maps.empty()) {
    Section(out, "Hyper-parameter heat maps (mean test accuracy)", kHeatMapNote);
    *out += "<div class=\"figures\">\n";
    for (const HyperparameterHeatMap& map : data.heat_maps) {
      Figure(out, SvgSettingsHeatMap(fmt::format("{} ({}): {} \xC3\x97 {}", map.model,
                                                 map.experiment, map.key_x, map.key_y),
                                     map.key_x, map.key_y, map.grid));
    }
    *out += "</div>\n";
  }
  if (!data.pareto.empty()) {
    Section(out, "Accuracy against cost: the Pareto front", kParetoNote);
    for (const ParetoSet& set : data.pareto) {
      *out += fmt::format("<h3>{}</h3>\n<div class=\"figures\">\n", HtmlEscape(set.experiment));
      Figure(out, SvgParetoPlot("test accuracy vs parameters", "parameters",
                                Marks(data, set, /*by_params=*/true)));
      Figure(out, SvgParetoPlot("test accuracy vs seconds per epoch", "seconds per epoch (s)",
                                Marks(data, set, /*by_params=*/false)));
      *out += "</div>\n";
    }
  }
  if (!data.parallel.empty()) {
    Section(out, "Parallel coordinates of the runs", kParallelNote);
    for (const ParallelCoordinates& pc : data.parallel) {
      *out += fmt::format("<h3>{}</h3>\n", HtmlEscape(pc.experiment));
      const std::string title =
          pc.runs.size() < pc.total_runs
              ? fmt::format("settings and final accuracy, one line per run: {} of {} runs, "
                            "spread evenly over their test-accuracy ranks, the best and the worst included",
                            pc.runs.size(), pc.total_runs)
              : std::string("settings and final accuracy, one line per run");
      Figure(out, SvgParallelCoordinates(title, pc.axes, Lines(data, pc), "test acc"));
    }
  }
}

}  // namespace mnb
