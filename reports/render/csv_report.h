// The report as RFC 4180 CSV files, one per table, for pandas.read_csv, spreadsheets and scripts.
//
// Contract: each file has exactly one header row, then one record per row, CRLF line ends, fields
// quoted only when they hold a comma, quote or line break. Values are raw (accuracies as
// fractions in [0, 1], as in the database), '.' decimals, no thousands separators, the shortest
// text that reads back as the same double; a missing value is an empty field. Files:
// leaderboard, best_per_model, comparison, runs, epochs (the learning-curve runs), confusion,
// class_metrics, fidelity (reports/tables/fidelity_table.h; only its header when no seed model is selected),
// budget (the expected best accuracy of k runs, k = 1..N per experiment), and the tables the
// HTML report's comparison plots are drawn from (plot_select.h), in long format so a pandas or
// matplotlib user can redraw each: curves (every variant's mean, min-max band and seed count
// per epoch and metric), heatmap (each cell's mean test accuracy and n), pareto (each variant's
// costs, mean test accuracy and whether it is on either front: true/false, empty without that
// cost), parallel (each plotted run's value per axis: settings, val_accuracy, test_accuracy; a
// setting it lacks has no record). Each holds only its header when no experiment has the plot.
// race.csv (reports/tables/race_table.h: each raced variant's standing) comes only when an
// experiment of the report has race rounds.
#ifndef MNISTBENCH_REPORTS_RENDER_CSV_REPORT_H_
#define MNISTBENCH_REPORTS_RENDER_CSV_REPORT_H_

#include <string>
#include <vector>

#include "reports/data/report_data.h"

namespace mnb {

struct CsvFile {
  std::string name;  // e.g. "leaderboard.csv"
  std::string text;
};

std::vector<CsvFile> RenderCsv(const ReportData& data);

}  // namespace mnb

#endif  // MNISTBENCH_REPORTS_RENDER_CSV_REPORT_H_
