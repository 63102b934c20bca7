// The report's selections for its comparison plots (report_data.h): what each plot of an
// experiment is drawn from, computed once here so the HTML plots and the CSV tables a pandas
// user redraws them from hold the same numbers.
//
// Contract: reads only ReportData as LoadReport has filled it and, for curves, the runs' epochs
// through `results` (inside LoadReport's snapshot). Completed runs only; a variant's curve is
// the mean and min-max band over its completed seeds (SeedCurves, report_select.h), a heat-map
// cell and a parallel-coordinates line use each run's final test accuracy, a Pareto point is a
// variant's mean test accuracy against its parameters and mean seconds per epoch. Settings are
// the variants' own (VariantSettings, harness/results/variants.h), so a plot's keys are the ones
// the labels name.
#ifndef MNISTBENCH_REPORTS_DATA_PLOT_SELECT_H_
#define MNISTBENCH_REPORTS_DATA_PLOT_SELECT_H_

#include "reports/data/report_data.h"

namespace mnb {

// Per experiment with two or more variants that completed a run: each such variant's curves.
void SelectCurveOverlays(StoreReader& results, ReportData& data);
// Per (experiment, model) whose completed runs vary in two or more numeric settings: a heat map
// per pair of them (HeatMapKeyPairs, heatmap.h).
void SelectHeatMaps(ReportData& data);
// Per experiment with two or more variants that have a mean test accuracy: the Pareto fronts.
void SelectPareto(ReportData& data);
// Per experiment with two or more completed runs and a setting (or model) that varies.
void SelectParallelCoordinates(ReportData& data);

// All four, in that order.
void SelectPlots(StoreReader& results, ReportData& data);

}  // namespace mnb

#endif  // MNISTBENCH_REPORTS_DATA_PLOT_SELECT_H_
