#include "harness/data/fetch.h"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <chrono>
#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <memory>
#include <optional>
#include <set>
#include <system_error>
#include <thread>

#include "harness/data/data_error.h"
#include "harness/data/http.h"
#include "harness/data/idx.h"

namespace mnb {

namespace {

namespace fs = std::filesystem;

// A local write failure: every later file would fail the same way, so the run stops.
struct FatalWrite {
  std::string message;
};

int64_t SizeOrZero(const std::string& path) {
  std::error_code ec;
  const auto size = fs::file_size(path, ec);
  return ec ? 0 : static_cast<int64_t>(size);
}

void RemoveQuietly(const std::string& path) {
  std::error_code ignored;
  fs::remove(path, ignored);
}

std::string BaseName(const std::string& url) { return url.substr(url.find_last_of('/') + 1); }

std::string Lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return s;
}

std::string Describe(const DownloadResult& r) {
  switch (r.status) {
    case DownloadStatus::kUnreachable:
      return "unreachable (" + r.message + ")";
    case DownloadStatus::kDropped:
      return "connection dropped (" + r.message + ")";
    case DownloadStatus::kNotFound:
      return "not found (" + r.message + ")";
    default:
      return r.message;
  }
}

// A one-line bar redrawn in place on a terminal, at most ten times a second.
class ProgressBar {
 public:
  ProgressBar(std::FILE* err, std::string label) : err_(err), label_(std::move(label)) {}
  ~ProgressBar() {
    if (drawn_) fmt::print(err_, "\r{:<100}\r", "");
    std::fflush(err_);
  }

  void Update(int64_t now, int64_t total) {
    if (now == 0) return;  // nothing arrived yet (and for a 404, nothing will)
    const auto t = std::chrono::steady_clock::now();
    if (drawn_ && t - last_ < std::chrono::milliseconds(100)) return;
    last_ = t;
    drawn_ = true;
    constexpr int kWidth = 28;
    const double mb = 1e-6;
    if (total > 0) {
      const double fraction = std::min(1.0, static_cast<double>(now) / static_cast<double>(total));
      const int filled = static_cast<int>(fraction * kWidth);
      fmt::print(err_, "\r{:<44.44} [{}{}] {:3.0f}% {:.1f}/{:.1f} MB", label_,
                 std::string(filled, '#'), std::string(kWidth - filled, '.'), fraction * 100,
                 now * mb, total * mb);
    } else {
      fmt::print(err_, "\r{:<44.44} {:.1f} MB", label_, now * mb);
    }
    std::fflush(err_);
  }

 private:
  std::FILE* err_;
  std::string label_;
  bool drawn_ = false;
  std::chrono::steady_clock::time_point last_;
};

class Fetcher {
 public:
  Fetcher(const FetchOptions& options, std::FILE* out, std::FILE* err, FetchReport* report)
      : options_(options), out_(out), err_(err), report_(report) {}

  void FetchFile(const DatasetInfo& info, const DataFile& file) {
    const std::optional<std::string> existing = FindFile(options_.data_dir, info, file);
    if (existing) {
      std::string got;
      if (Verifies(*existing, file.sha256, &got)) {
        ++report_->present;
        Say(info, file, "present");
        return;
      }
      if (!options_.force) {
        Fail(info, file,
             fmt::format("{} is present but does not match the registry ({}); left "
                         "alone, --force replaces it",
                         *existing, got));
        return;
      }
    }

    const fs::path dir = fs::path(options_.data_dir) / info.dir;
    std::error_code ec;
    fs::create_directories(dir, ec);
    if (ec) throw FatalWrite{fmt::format("cannot create {}: {}", dir.string(), ec.message())};

    std::vector<std::string> reasons;
    for (const std::string& url : CandidateUrls(info, file, options_.mirror)) {
      const std::string final_path = (dir / BaseName(url)).string();
      const std::string part = final_path + ".part";
      if (dead_origins_.count(OriginOf(url)) > 0) {
        reasons.push_back(url + ": host unreachable earlier in this run");
        continue;
      }
      std::string reason;
      if (TryUrl(info, file, url, part, &reason)) {
        Install(part, final_path, existing);
        ++report_->fetched;
        Say(info, file, (existing ? "replaced from " : "fetched from ") + url);
        return;
      }
      reasons.push_back(reason);
    }
    std::string line;
    for (const std::string& r : reasons) line += (line.empty() ? "" : "; ") + r;
    for (const std::string& url : CandidateUrls(info, file, options_.mirror)) {
      const std::string part = (dir / BaseName(url)).string() + ".part";
      if (const int64_t kept = SizeOrZero(part); kept > 0) {
        line += fmt::format(" ({} bytes kept in {}; the next run resumes them)", kept, part);
        break;
      }
    }
    Fail(info, file, line);
  }

 private:
  static bool Verifies(const std::string& path, const std::string& expected, std::string* got) {
    try {
      *got = Sha256OfIdxContent(path);
    } catch (const DataError& e) {
      *got = e.what();
      return false;
    }
    if (*got == expected) return true;
    *got =
        fmt::format("decoded SHA-256 {}, registry {}", got->substr(0, 16), expected.substr(0, 16));
    return false;
  }

  // Downloads url into part with retries and resumption; true once part verifies.
  bool TryUrl(const DatasetInfo& info, const DataFile& file, const std::string& url,
              const std::string& part, std::string* reason) {
    DownloadOptions download;
    download.connect_timeout_seconds = options_.connect_timeout_seconds;
    int failures = 0, resumes = 0;
    bool restarted = false;
    for (;;) {
      const int64_t offset = SizeOrZero(part);
      DownloadResult r;
      {
        std::unique_ptr<ProgressBar> bar;
        if (options_.progress_bar) {
          bar = std::make_unique<ProgressBar>(err_, info.name + "/" + BaseName(url));
          download.progress = [&bar](int64_t now, int64_t total) { bar->Update(now, total); };
        }
        r = Download(url, part, offset, download);
      }
      if (r.status == DownloadStatus::kWriteFailed) {
        RemoveQuietly(part);
        throw FatalWrite{
            fmt::format("{}/{}: cannot write {}: {}", info.name, file.name, part, r.message)};
      }
      if (r.status == DownloadStatus::kOk) {
        std::string got;
        if (Verifies(part, file.sha256, &got)) return true;
        RemoveQuietly(part);
        if (offset > 0 && !restarted) {  // the earlier partial file may be what was wrong
          restarted = true;
          continue;
        }
        *reason = fmt::format("{}: checksum mismatch ({}; download deleted)", url, got);
        return false;
      }
      // A Range the address cannot serve (416, a file:// offset past the end): start over.
      if (offset > 0 && !restarted &&
          (r.status == DownloadStatus::kFailed ||
           (r.status == DownloadStatus::kHttpError && r.http_code == 416))) {
        RemoveQuietly(part);
        restarted = true;
        continue;
      }
      const bool retryable =
          r.status == DownloadStatus::kUnreachable || r.status == DownloadStatus::kDropped ||
          (r.status == DownloadStatus::kHttpError && (r.http_code >= 500 || r.http_code == 429));
      if (!retryable) {
        if (SizeOrZero(part) == 0) RemoveQuietly(part);
        *reason = url + ": " + Describe(r);
        return false;
      }
      // A drop after some progress resumes at once: the bytes so far are kept.
      if (r.status == DownloadStatus::kDropped && r.received > 0 && ++resumes <= 100) continue;
      if (++failures >= options_.attempts) {
        if (r.status == DownloadStatus::kUnreachable) dead_origins_.insert(OriginOf(url));
        if (SizeOrZero(part) == 0) RemoveQuietly(part);
        *reason = fmt::format("{}: {} (after {} attempt{})", url, Describe(r), failures,
                              failures == 1 ? "" : "s");
        return false;
      }
      const double wait = options_.first_backoff_seconds * std::pow(2.0, failures - 1);
      std::this_thread::sleep_for(std::chrono::duration<double>(wait));
    }
  }

  // Renames the verified download into place, then drops the file it replaces, if any, under
  // its other name (NAME vs NAME.gz: readers take NAME first, so a stale one must not stay).
  void Install(const std::string& part, const std::string& final_path,
               const std::optional<std::string>& replaced) {
    std::error_code ec;
    fs::rename(part, final_path, ec);
    if (ec) {
      RemoveQuietly(part);
      throw FatalWrite{fmt::format("cannot rename {} to {}: {}", part, final_path, ec.message())};
    }
    if (replaced && fs::path(*replaced) != fs::path(final_path)) RemoveQuietly(*replaced);
  }

  void Say(const DatasetInfo& info, const DataFile& file, const std::string& what) {
    fmt::print(out_, "{:<15} {:<36} {}\n", info.name, file.name, what);
    std::fflush(out_);
  }

  void Fail(const DatasetInfo& info, const DataFile& file, const std::string& why) {
    ++report_->failed;
    fmt::print(err_, "mnistbench: data fetch: {}/{}: {}\n", info.name, file.name, why);
    std::fflush(err_);
  }

  const FetchOptions& options_;
  std::FILE* out_;
  std::FILE* err_;
  FetchReport* report_;
  std::set<std::string> dead_origins_;
};

}  // namespace

std::string ResolveMirror(const std::string& flag) {
  std::string value = flag;
  std::string what = "--mirror";
  if (value.empty()) {
    if (const char* env = std::getenv("MNISTBENCH_MIRROR"); env != nullptr) value = env;
    what = "$MNISTBENCH_MIRROR";
  }
  if (value.empty()) return "";
  const std::string lower = Lower(value);
  const bool url = lower.rfind("http://", 0) == 0 || lower.rfind("https://", 0) == 0 ||
                   lower.rfind("file://", 0) == 0;
  if (!url) {
    std::error_code ec;
    if (!fs::is_directory(value, ec)) {
      throw DataError(
          fmt::format("{} '{}': expected an http://, https:// or file:// address, or "
                      "an existing directory",
                      what, value));
    }
    value = "file://" + fs::absolute(value).lexically_normal().string();
  }
  while (value.size() > 1 && value.back() == '/') value.pop_back();
  return value + "/";
}

std::vector<std::string> CandidateUrls(const DatasetInfo& info, const DataFile& file,
                                       const std::string& mirror) {
  if (!mirror.empty()) {
    const std::string base = mirror + info.dir + "/" + file.name;
    return {base + ".gz", base};
  }
  std::vector<std::string> urls;
  for (const std::string& base : info.upstream) urls.push_back(base + file.name + ".gz");
  return urls;
}

FetchReport FetchDatasets(const std::vector<const DatasetInfo*>& datasets,
                          const FetchOptions& options, std::FILE* out, std::FILE* err) {
  FetchReport report;
  Fetcher fetcher(options, out, err, &report);
  try {
    for (const DatasetInfo* info : datasets) {
      for (const SplitFiles& split : info->files) {
        fetcher.FetchFile(*info, split.images);
        fetcher.FetchFile(*info, split.labels);
      }
    }
  } catch (const FatalWrite& e) {
    ++report.failed;
    report.stopped = true;
    fmt::print(err, "mnistbench: data fetch: {}\n", e.message);
  }
  return report;
}

}  // namespace mnb
