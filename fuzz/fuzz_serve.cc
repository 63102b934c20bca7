// `serve`'s request path without sockets: a request target (path and query string) decoded by
// cpp-httplib's own functions, as the server does, then routed (harness/serve/routes.h) over a
// real results database. Every answer is a page with 200, 400 or 404: a 500 is a bug here,
// since the database is sound. Ids must parse only as the positive digits-only numbers the
// routes promise.
#include <httplib.h>
#include <unistd.h>

#include <cctype>
#include <cstddef>
#include <cstdint>
#include <map>
#include <string>

#include "fuzz/fuzz_db.h"
#include "fuzz/fuzz_support.h"
#include "harness/serve/routes.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static const mnb::ServeSettings settings = [] {
    mnb::ServeSettings s;
    s.db_path = "/tmp/mnistbench-fuzz-serve-" + std::to_string(getpid()) + ".db";
    s.data_dir = "/nonexistent";
    mnb::fuzz::BuildFuzzDb(s.db_path);
    return s;
  }();
  const std::string target(reinterpret_cast<const char*>(data), size);
  const size_t mark = target.find('?');
  const std::string path = httplib::detail::decode_url(target.substr(0, mark), false);
  httplib::Params params;
  if (mark != std::string::npos) httplib::detail::parse_query_text(target.substr(mark + 1), params);
  const std::multimap<std::string, std::string> query(params.begin(), params.end());

  const mnb::Reply reply = mnb::Respond(settings, path, query);
  mnb::fuzz::Expect(reply.status == 200 || reply.status == 400 || reply.status == 404,
                    "200, 400 or 404 (a 500 is a bug)");
  mnb::fuzz::Expect(!reply.html.empty(), "every answer is a page");

  const std::string last = path.substr(path.rfind('/') + 1);
  if (const std::optional<int64_t> id = mnb::ParseUrlId(last)) {
    mnb::fuzz::Expect(*id > 0, "ids are positive");
    for (char c : last) mnb::fuzz::Expect(std::isdigit(static_cast<unsigned char>(c)), "digits only");
  }
  return 0;
}
