// `serve`'s routes: from a GET's path and query to a status and a page (pages.h).
//
// Contract: Respond opens the database read-only for this one request (a StoreReader: WAL readers
// never block the sweep that writes) and answers
//   /                          200 the index
//   /experiments/<n>           200 the report of the n-th experiment in creation order, 1-based
//   /runs/<id>                 200 one run
//   /compare?a=A&b=B           200 the comparison; 400 when A or B is missing, unknown or
//                              ambiguous (the error line, escaped)
// and 404 for any other path or a number that names nothing, 400 for a number that is not
// digits-only or overflows. Any other failure (the store's, a bug) is a 500 page with one
// escaped line. A route maps to the database only: no path ever reaches the file system.
#ifndef MNISTBENCH_HARNESS_SERVE_ROUTES_H_
#define MNISTBENCH_HARNESS_SERVE_ROUTES_H_

#include <cstdint>
#include <map>
#include <optional>
#include <string>

namespace mnb {

struct ServeSettings {
  std::string db_path;
  std::string data_dir;      // where the test labels are, for McNemar on the compare page
  int refresh_seconds = 5;  // pages with runs in progress reload this often; 0: never
};

struct Reply {
  int status = 200;
  std::string html;
};

// `path` as decoded from the request target (no query); `query` its decoded parameters.
Reply Respond(const ServeSettings& settings, const std::string& path,
              const std::multimap<std::string, std::string>& query);

// A positive id in URL form: 1 to 18 decimal digits and nothing else (no sign, no blanks);
// std::nullopt otherwise, so no value overflows int64_t.
std::optional<int64_t> ParseUrlId(const std::string& text);

}  // namespace mnb

#endif  // MNISTBENCH_HARNESS_SERVE_ROUTES_H_
