// The race, as the reports show it ([race], docs/sweeps.md "Racing"): per experiment with race
// rounds, its raced variants' standings (harness/results/race_standings.h, in ReportData::race).
//
// Contract: RaceExperiments lists the report's experiments (in its order) that have standings;
// a report without one shows no race section at all. RaceTable is the display text Markdown and
// HTML render for one of them: variant, seeds (its runs), the verdict in words (RaceVerdictText),
// its latest round's mean validation accuracy and the round best's, as percentages. RaceNote is
// the one-line legend under the table: the race judges validation accuracy (never test) with a
// one-sided Welch test, Holm-corrected at the race's alpha. RaceCsv is race.csv: one record per
// standing, raw values (fractions, verdict tokens as stored, "racing" while in the race). Pure;
// no torch, no SQL.
#ifndef MNISTBENCH_REPORTS_TABLES_RACE_TABLE_H_
#define MNISTBENCH_REPORTS_TABLES_RACE_TABLE_H_

#include <string>
#include <vector>

#include "reports/data/report_data.h"
#include "reports/tables/tables.h"

namespace mnb {

std::vector<std::string> RaceExperiments(const ReportData& data);
TextTable RaceTable(const ReportData& data, const std::string& experiment);

// "best: the race is decided", "below the best (p=0.003, Holm, one-sided)", "tied with the best:
// within the race's tie margin", "max seeds reached: still open at the top", "pruned: out of the
// race" (and "diverged: ...", "failed: ..." alike), "racing".
std::string RaceVerdictText(const RaceStanding& standing);

// The legend for `experiment`'s race table, one sentence naming its alpha.
std::string RaceNote(const ReportData& data, const std::string& experiment);

std::string RaceCsv(const ReportData& data);

}  // namespace mnb

#endif  // MNISTBENCH_REPORTS_TABLES_RACE_TABLE_H_
