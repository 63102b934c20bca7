// The HTML report's comparison plots, one section per kind: every variant's validation curves
// overlaid, hyper-parameter heat maps, accuracy against cost with the Pareto front, parallel
// coordinates of the runs. Drawn from ReportData's plot selections (plot_select.h) with
// svg.h's line chart and svg_plots.h; the CSV tables with the same numbers are csv_report.h's.
//
// Contract: appends well-formed XHTML-style markup (svg.h's contract for each figure), every
// user string HTML-escaped; a kind with nothing to show (no experiment qualifies) adds nothing.
#ifndef MNISTBENCH_REPORTS_RENDER_HTML_PLOTS_H_
#define MNISTBENCH_REPORTS_RENDER_HTML_PLOTS_H_

#include <string>

#include "reports/data/report_data.h"
#include "reports/plot/svg.h"

namespace mnb {

void AppendPlotSections(std::string* out, const ReportData& data);

// The legend and tooltip name of a variant in the plots: "2. lenet5 batch_size=64" (its rank).
std::string PlotVariantName(const VariantRow& v);

// One metric of a variant's curves over its seeds (SeedCurves) as a line-chart series: the mean
// per epoch, with the band from the lowest to the highest seed; gaps where no seed recorded it.
Series SeedBandSeries(const std::string& name, const std::string& colour,
                      const std::vector<VariantEpoch>& epochs,
                      std::optional<SeedBand> VariantEpoch::*metric);

}  // namespace mnb

#endif  // MNISTBENCH_REPORTS_RENDER_HTML_PLOTS_H_
