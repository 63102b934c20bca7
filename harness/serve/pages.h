// The pages `serve` answers with, each built from one read of the results database through the
// results reader and rendered by reports/ (the experiment page is exactly `report --format html`
// for that experiment; runs and comparisons have their renderers in reports/ too). What is
// serve's own is the index, the navigation bar and the error page, because only they link.
//
// Contract: URLs name experiments by their 1-based number in creation order (/experiments/3)
// and runs by id (/runs/12), never by name, since names may hold any character. Every string
// from the database is HTML-escaped. A page shows live work: when a run it covers is queued or
// running, it reloads itself every `refresh_seconds` (a <meta http-equiv="refresh">, no script).
// The page functions return std::nullopt when the number or id names nothing; the store's
// errors and bad compare names propagate as thrown.
#ifndef MNISTBENCH_HARNESS_SERVE_PAGES_H_
#define MNISTBENCH_HARNESS_SERVE_PAGES_H_

#include <cstdint>
#include <optional>
#include <string>

#include "harness/results/result_set.h"

namespace mnb {

std::string IndexPage(StoreReader& results, int refresh_seconds);
std::optional<std::string> ExperimentPage(StoreReader& results, int64_t number, int refresh_seconds);
std::optional<std::string> RunPage(StoreReader& results, int64_t run_id, int refresh_seconds);
// `a` and `b` as `mnistbench compare` takes them (reports/tables/compare.h ResolveSide); McNemar per
// seed pair with the test labels under `data_dir` (harness/data/test_labels.h), else the line
// saying why there is none.
std::string ComparePage(StoreReader& results, const std::string& a, const std::string& b,
                        const std::string& data_dir);
// A whole page saying `status` and one escaped line.
std::string ErrorPage(int status, const std::string& line);

// `page` with the navigation bar (back to the index) right after <body>; nothing else changes.
std::string WithNavigation(std::string page);

}  // namespace mnb

#endif  // MNISTBENCH_HARNESS_SERVE_PAGES_H_
