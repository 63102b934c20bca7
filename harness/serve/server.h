// `mnistbench serve`: the read-only web view (routes.h) over HTTP with cpp-httplib, until SIGINT
// or SIGTERM.
//
// Contract: Serve first checks the database once (a missing file, or one that is not a
// mnistbench results database, is bad input: one line, nothing served), binds host:port (port 0:
// any free port), prints "serving http://HOST:PORT/ (read-only: FILE)" on stdout and flushes, then
// answers every request until SIGINT or SIGTERM, and returns 0 once the server has stopped (a
// server asked to stop has finished its work; 130 is for work cut short, README "Exit codes").
// It answers GET and HEAD only: POST, PUT, DELETE, PATCH and OPTIONS get 405, methods httplib
// does not know 400. Every response is text/html; charset=utf-8 with X-Content-Type-Options:
// nosniff, a Content-Security-Policy that allows no script, no network and no frame
// (default-src 'none'; style-src 'unsafe-inline'; img-src data:), no caching and no referrer.
// Requests are bounded: a request line over 8 KiB is 414 and a header line over 8 KiB 400
// (httplib's compiled limits), more than kMaxRequestHeaders headers 431, a body over 4 KiB 413,
// and a client that sends nothing for 5 s is dropped.
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

constexpr size_t kMaxRequestHeaders = 100;

int Serve(const ServeOptions& options);

}  // namespace mnb

#endif  // MNISTBENCH_HARNESS_SERVE_SERVER_H_
