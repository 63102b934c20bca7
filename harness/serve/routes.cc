#include "harness/serve/routes.h"

#include <fmt/format.h>

#include <exception>

#include "harness/base/error.h"
#include "harness/serve/pages.h"
#include "harness/store/reader.h"

namespace mnb {

namespace {

Reply ErrorReply(int status, const std::string& line) {
  return {status, WithNavigation(ErrorPage(status, line))};
}

Reply Page(std::optional<std::string> html, const std::string& missing) {
  if (!html) return ErrorReply(404, missing);
  return {200, WithNavigation(std::move(*html))};
}

// The only parameter value of `key`; empty when absent or given more than once.
std::string Single(const std::multimap<std::string, std::string>& query, const std::string& key) {
  return query.count(key) == 1 ? query.find(key)->second : "";
}

bool StartsWith(const std::string& text, const char* prefix, std::string* rest) {
  const std::string p(prefix);
  if (text.compare(0, p.size(), p) != 0) return false;
  *rest = text.substr(p.size());
  return true;
}

Reply Route(const ServeSettings& settings, const std::string& path,
            const std::multimap<std::string, std::string>& query) {
  std::string rest;
  if (path == "/") {
    StoreReader results(settings.db_path);
    return {200, IndexPage(results, settings.refresh_seconds)};
  }
  if (StartsWith(path, "/experiments/", &rest)) {
    const std::optional<int64_t> number = ParseUrlId(rest);
    if (!number) return ErrorReply(400, "an experiment is named by its number: /experiments/1");
    StoreReader results(settings.db_path);
    return Page(ExperimentPage(results, *number, settings.refresh_seconds),
                fmt::format("no experiment {} in this database", *number));
  }
  if (StartsWith(path, "/runs/", &rest)) {
    const std::optional<int64_t> id = ParseUrlId(rest);
    if (!id) return ErrorReply(400, "a run is named by its id: /runs/1");
    StoreReader results(settings.db_path);
    return Page(RunPage(results, *id, settings.refresh_seconds),
                fmt::format("no run {} in this database", *id));
  }
  if (path == "/compare") {
    const std::string a = Single(query, "a"), b = Single(query, "b");
    if (a.empty() || b.empty()) return ErrorReply(400, "compare needs one a= and one b=");
    StoreReader results(settings.db_path);
    try {
      return {200, WithNavigation(ComparePage(results, a, b, settings.data_dir))};
    } catch (const mnb::Error& e) {
      if (e.kind() != ErrorKind::kBadInput) throw;
      return ErrorReply(400, e.what());
    }
  }
  return ErrorReply(404, "no such page");
}

}  // namespace

Reply Respond(const ServeSettings& settings, const std::string& path,
              const std::multimap<std::string, std::string>& query) {
  try {
    return Route(settings, path, query);
  } catch (const std::exception& e) {
    // The store's errors (a file gone, a corrupt page) or a bug: this request fails, the
    // server goes on.
    return ErrorReply(500, e.what());
  }
}

std::optional<int64_t> ParseUrlId(const std::string& text) {
  if (text.empty() || text.size() > 18) return std::nullopt;
  int64_t value = 0;
  for (const char c : text) {
    if (c < '0' || c > '9') return std::nullopt;
    value = value * 10 + (c - '0');
  }
  if (value == 0) return std::nullopt;  // ids are positive
  return value;
}

}  // namespace mnb
