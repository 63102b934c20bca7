// `mnistbench serve`: the read-only web view (routes.h) over HTTP with cpp-httplib, until SIGINT
// or SIGTERM.
//
// Contract: Serve checks the database before it binds (a missing file, or one that is not a
// mnistbench results database, throws mnb::Error kBadInput: nothing is served); an address it
// cannot listen on throws kIo. It answers GET and HEAD only, with inert, bounded pages, and
// returns 0 once SIGINT or SIGTERM has stopped it (a server's normal end, not exit 130).
// Headers, limits and status codes: docs/reports.md "A live web view: `mnistbench serve`".
#ifndef MNISTBENCH_HARNESS_SERVE_SERVER_H_
#define MNISTBENCH_HARNESS_SERVE_SERVER_H_

#include <cstddef>
#include <string>

#include "harness/serve/routes.h"

namespace mnb {

struct ServeOptions {
  ServeSettings settings;  // the database and the refresh
  std::string host = "127.0.0.1";
  int port = 8080;  // 0: any free port (the line printed says which)
};

// A request with more headers is answered 431.
constexpr size_t kMaxRequestHeaders = 100;

// Binds host:port, prints "serving http://HOST:PORT/ (read-only: FILE)" on stdout and flushes,
// then answers every request until SIGINT or SIGTERM; returns 0.
int Serve(const ServeOptions& options);

}  // namespace mnb

#endif  // MNISTBENCH_HARNESS_SERVE_SERVER_H_
