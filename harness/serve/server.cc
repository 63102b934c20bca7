#include "harness/serve/server.h"

#include <httplib.h>
#include <signal.h>

#include <atomic>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <thread>

#include <fmt/format.h>

#include "harness/base/error.h"
#include "harness/run/stop_signal.h"
#include "harness/serve/pages.h"
#include "harness/store/reader.h"
#include "harness/store/sqlite.h"

namespace mnb {

namespace {

constexpr const char* kHtml = "text/html; charset=utf-8";

// Refuses, before binding, what no request could read: a missing file, a file that is not a
// mnistbench results database, one from a newer mnistbench.
void CheckDatabase(const std::string& path) {
  StoreReader reader(path);
}

void SetPage(httplib::Response& res, int status, const std::string& html) {
  res.status = status;
  res.set_content(html, kHtml);
}

void Configure(httplib::Server& server, const ServeSettings& settings) {
  server.set_default_headers(
      {{"X-Content-Type-Options", "nosniff"},
       {"Content-Security-Policy",
        "default-src 'none'; style-src 'unsafe-inline'; img-src data:; form-action 'self'; "
        "frame-ancestors 'none'; base-uri 'none'"},
       {"Cache-Control", "no-store"},
       {"Referrer-Policy", "no-referrer"}});
  server.set_payload_max_length(4096);
  server.set_read_timeout(5, 0);
  server.set_pre_routing_handler([](const httplib::Request& req, httplib::Response& res) {
    if (req.headers.size() <= kMaxRequestHeaders) return httplib::Server::HandlerResponse::Unhandled;
    SetPage(res, 431, ErrorPage(431, "too many request headers"));
    return httplib::Server::HandlerResponse::Handled;
  });
  server.Get(".*", [settings](const httplib::Request& req, httplib::Response& res) {
    const std::multimap<std::string, std::string> query(req.params.begin(), req.params.end());
    const Reply reply = Respond(settings, req.path, query);
    SetPage(res, reply.status, reply.html);
  });
  const auto refuse = [](const httplib::Request&, httplib::Response& res) {
    res.set_header("Allow", "GET, HEAD");
    SetPage(res, 405, ErrorPage(405, "read-only: GET and HEAD only"));
  };
  server.Post(".*", refuse);
  server.Put(".*", refuse);
  server.Delete(".*", refuse);
  server.Patch(".*", refuse);
  server.Options(".*", refuse);
  // httplib's own refusals (a malformed request, an over-long line, an unknown method) carry
  // no body: give them the same one-line page.
  server.set_error_handler([](const httplib::Request&, httplib::Response& res) {
    if (res.body.empty()) SetPage(res, res.status, ErrorPage(res.status, "request refused"));
  });
}

// Turns SIGINT/SIGTERM into server.stop(), from a thread rather than the handler: stop() is not
// async-signal-safe. Polls the flag the handler sets (harness/run/stop_signal.h).
class StopWatcher {
 public:
  explicit StopWatcher(httplib::Server& server)
      : thread_([this, &server] {
          while (!done_) {
            if (StopSignal() != 0 && server.is_running()) {
              server.stop();
              return;
            }
            std::this_thread::sleep_for(std::chrono::milliseconds(50));
          }
        }) {}
  ~StopWatcher() {
    done_ = true;
    thread_.join();
  }

 private:
  std::atomic<bool> done_{false};
  std::thread thread_;
};

}  // namespace

int Serve(const ServeOptions& options) {
  const std::string& path = options.settings.db_path;
  CheckDatabase(path);
  InstallStopHandlers();
  signal(SIGPIPE, SIG_IGN);  // a client that hangs up mid-page must not end the server
  httplib::Server server;
  Configure(server, options.settings);
  int port = options.port;
  if (port == 0) {
    port = server.bind_to_any_port(options.host);
  } else if (!server.bind_to_port(options.host, port)) {
    port = -1;
  }
  if (port < 0) {
    throw IoError(fmt::format("serve: cannot listen on {}:{} (in use, or not an address of this "
                              "host)", options.host, options.port));
  }
  // An IPv6 address goes in brackets in a URL (RFC 3986), so the printed line can be pasted.
  const bool ipv6 = options.host.find(':') != std::string::npos;
  const std::string host = ipv6 ? "[" + options.host + "]" : options.host;
  std::printf("serving http://%s:%d/ (read-only: %s)\n", host.c_str(), port, path.c_str());
  std::fflush(stdout);
  StopWatcher watcher(server);
  server.listen_after_bind();
  return 0;
}

}  // namespace mnb
