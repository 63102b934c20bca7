// The report as RFC 4180 CSV files, one per table, for pandas.read_csv, spreadsheets and scripts.
//
// Contract: each file has exactly one header row, then one record per row, CRLF line ends, fields
// quoted only when they hold a comma, quote or line break. Values are raw (accuracies as
// fractions in [0, 1]), '.' decimals, the shortest text that reads back as the same double; a
// missing value is an empty field. The files and their columns: docs/reports.md "The CSV files".
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

// Every CSV file of the report, in a fixed order; race.csv only when the report has race rounds.
std::vector<CsvFile> RenderCsv(const ReportData& data);

}  // namespace mnb

#endif  // MNISTBENCH_REPORTS_RENDER_CSV_REPORT_H_
