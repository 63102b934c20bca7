// The accuracy gate's verdicts (harness/check) rendered for a terminal, for CI (JUnit XML) and
// for a pull-request comment (Markdown).
//
// Contract: each renderer is a pure function of the experiment's name and the rows Evaluate
// returned, in their order. CheckTable is plain aligned text with the reason under each failed
// row; CheckJUnitXml has one testcase per row (a failed row is a <failure>, a new variant a
// <skipped>); CheckMarkdown is a heading that counts failures, one table and a list of the
// failures' reasons. Text is escaped with harness/base/text_escape.h, as in the report.
// CheckTable and CheckMarkdown then list, one line per row that carries its variant's
// leaderboard row (the "completed" rows), the variant's mark against the best variant worded as
// the leaderboard words it (VsBestText, tables.h): information only, never a verdict. JUnit has
// no place for it and leaves it out.
#ifndef MNISTBENCH_REPORTS_TABLES_CHECK_REPORT_H_
#define MNISTBENCH_REPORTS_TABLES_CHECK_REPORT_H_

#include <string>
#include <vector>

#include "harness/check/check.h"

namespace mnb {

std::string CheckTable(const std::vector<CheckRow>& rows);
std::string CheckJUnitXml(const std::string& experiment_name, const std::vector<CheckRow>& rows);
std::string CheckMarkdown(const std::string& experiment_name, const std::vector<CheckRow>& rows);

}  // namespace mnb

#endif  // MNISTBENCH_REPORTS_TABLES_CHECK_REPORT_H_
