#include "harness/data/http.h"

#include <curl/curl.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <cstring>
#include <memory>
#include <mutex>

#include "harness/base/build_info.h"

namespace mnb {

namespace {

void GlobalInitOnce() {
  static std::once_flag once;
  std::call_once(once, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
}

bool IsHttp(const std::string& url) {
  std::string lower = url.substr(0, 8);
  std::transform(lower.begin(), lower.end(), lower.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return lower.rfind("http://", 0) == 0 || lower.rfind("https://", 0) == 0;
}

// Where the body goes. The first chunk decides whether a Range request was honoured: an HTTP
// server may answer 200 with the whole body, and appending that to the partial file would
// corrupt it.
struct Sink {
  CURL* curl = nullptr;
  int fd = -1;
  bool range_requested = false;
  bool is_http = false;
  bool decided = false;
  int64_t base = 0;     // file offset the body starts at
  int64_t written = 0;  // body bytes written
  int error = 0;        // errno of a failed local write
  const std::function<void(int64_t, int64_t)>* progress = nullptr;
};

size_t OnBody(char* data, size_t size, size_t count, void* user) {
  auto* sink = static_cast<Sink*>(user);
  const size_t length = size * count;
  if (!sink->decided) {
    sink->decided = true;
    long code = 0;
    curl_easy_getinfo(sink->curl, CURLINFO_RESPONSE_CODE, &code);
    if (sink->range_requested && sink->is_http && code != 206) {
      if (ftruncate(sink->fd, 0) != 0 || lseek(sink->fd, 0, SEEK_SET) < 0) {
        sink->error = errno;
        return 0;
      }
      sink->base = 0;
    }
  }
  for (size_t done = 0; done < length;) {
    const ssize_t n = write(sink->fd, data + done, length - done);
    if (n < 0) {
      if (errno == EINTR) continue;
      sink->error = errno;
      return 0;  // != length: libcurl stops with CURLE_WRITE_ERROR
    }
    done += static_cast<size_t>(n);
  }
  sink->written += static_cast<int64_t>(length);
  return length;
}

int OnProgress(void* user, curl_off_t dltotal, curl_off_t dlnow, curl_off_t, curl_off_t) {
  auto* sink = static_cast<Sink*>(user);
  if (sink->progress != nullptr && *sink->progress) {
    (*sink->progress)(sink->base + dlnow, dltotal > 0 ? sink->base + dltotal : 0);
  }
  return 0;
}

struct CurlDeleter {
  void operator()(CURL* curl) const { curl_easy_cleanup(curl); }
};

DownloadResult Classify(CURLcode code, CURL* curl, const Sink& sink, const char* detail) {
  DownloadResult r;
  curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &r.http_code);
  const std::string reason =
      (detail != nullptr && *detail != '\0') ? detail : curl_easy_strerror(code);
  r.message = reason;
  switch (code) {
    case CURLE_OK:
      r.status = DownloadStatus::kOk;
      r.message.clear();
      break;
    case CURLE_COULDNT_RESOLVE_HOST:
    case CURLE_COULDNT_RESOLVE_PROXY:
    case CURLE_COULDNT_CONNECT:
      r.status = DownloadStatus::kUnreachable;
      break;
    case CURLE_OPERATION_TIMEDOUT:
      // A timeout before any response is a connect timeout; after one, a stalled transfer.
      r.status = (r.http_code == 0 && sink.written == 0) ? DownloadStatus::kUnreachable
                                                         : DownloadStatus::kDropped;
      break;
    case CURLE_PARTIAL_FILE:
    case CURLE_RECV_ERROR:
    case CURLE_SEND_ERROR:
    case CURLE_GOT_NOTHING:
    case CURLE_HTTP2:
    case CURLE_HTTP2_STREAM:
      r.status = DownloadStatus::kDropped;
      break;
    case CURLE_HTTP_RETURNED_ERROR:
      r.status = (r.http_code == 404 || r.http_code == 410) ? DownloadStatus::kNotFound
                                                            : DownloadStatus::kHttpError;
      r.message = "HTTP " + std::to_string(r.http_code);
      break;
    case CURLE_FILE_COULDNT_READ_FILE:
    case CURLE_REMOTE_FILE_NOT_FOUND:
      r.status = DownloadStatus::kNotFound;
      break;
    case CURLE_WRITE_ERROR:
      if (sink.error != 0) {
        r.status = DownloadStatus::kWriteFailed;
        r.message = std::strerror(sink.error);
        break;
      }
      r.status = DownloadStatus::kFailed;
      break;
    default:
      r.status = DownloadStatus::kFailed;
      break;
  }
  return r;
}

}  // namespace

DownloadResult Download(const std::string& url, const std::string& path, int64_t offset,
                        const DownloadOptions& options) {
  GlobalInitOnce();
  DownloadResult failed;
  failed.status = DownloadStatus::kWriteFailed;

  const int fd = open(path.c_str(), O_WRONLY | O_CREAT | O_CLOEXEC, 0644);
  if (fd < 0) {
    failed.message = std::strerror(errno);
    return failed;
  }
  // The file holds exactly `offset` bytes of earlier body; anything past it is dropped.
  if (ftruncate(fd, offset) != 0 || lseek(fd, offset, SEEK_SET) < 0) {
    failed.message = std::strerror(errno);
    close(fd);
    return failed;
  }

  std::unique_ptr<CURL, CurlDeleter> curl(curl_easy_init());
  if (!curl) {
    close(fd);
    failed.status = DownloadStatus::kFailed;
    failed.message = "cannot initialise libcurl";
    return failed;
  }
  Sink sink;
  sink.curl = curl.get();
  sink.fd = fd;
  sink.range_requested = offset > 0;
  sink.is_http = IsHttp(url);
  sink.base = offset;
  sink.progress = &options.progress;

  char detail[CURL_ERROR_SIZE] = {0};
  const std::string range = std::to_string(offset) + "-";
  CURL* c = curl.get();
  curl_easy_setopt(c, CURLOPT_URL, url.c_str());
  curl_easy_setopt(c, CURLOPT_ERRORBUFFER, detail);
  curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, "http,https,file");
  curl_easy_setopt(c, CURLOPT_REDIR_PROTOCOLS_STR, "http,https");
  curl_easy_setopt(c, CURLOPT_FOLLOWLOCATION, 1L);
  curl_easy_setopt(c, CURLOPT_MAXREDIRS, 5L);
  curl_easy_setopt(c, CURLOPT_FAILONERROR, 1L);  // an error page is never written as data
  curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
  const std::string agent = std::string("mnistbench/") + BuildVersion();
  curl_easy_setopt(c, CURLOPT_USERAGENT, agent.c_str());
  curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT, options.connect_timeout_seconds);
  curl_easy_setopt(c, CURLOPT_LOW_SPEED_LIMIT, 1L);
  curl_easy_setopt(c, CURLOPT_LOW_SPEED_TIME, options.stall_seconds);
  if (offset > 0) curl_easy_setopt(c, CURLOPT_RANGE, range.c_str());
  curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, OnBody);
  curl_easy_setopt(c, CURLOPT_WRITEDATA, &sink);
  if (options.progress) {
    curl_easy_setopt(c, CURLOPT_NOPROGRESS, 0L);
    curl_easy_setopt(c, CURLOPT_XFERINFOFUNCTION, OnProgress);
    curl_easy_setopt(c, CURLOPT_XFERINFODATA, &sink);
  }

  const CURLcode code = curl_easy_perform(c);
  DownloadResult result = Classify(code, c, sink, detail);

  // A body that reached the page cache may still fail to reach the disk (ENOSPC on close over
  // NFS, delayed allocation): only a synced file counts as downloaded.
  if (result.status == DownloadStatus::kOk && fsync(fd) != 0) {
    result.status = DownloadStatus::kWriteFailed;
    result.message = std::strerror(errno);
  }
  result.received = sink.written;
  struct stat st {};
  result.file_size = fstat(fd, &st) == 0 ? static_cast<int64_t>(st.st_size) : 0;
  if (close(fd) != 0 && result.status == DownloadStatus::kOk) {
    result.status = DownloadStatus::kWriteFailed;
    result.message = std::strerror(errno);
  }
  return result;
}

std::string OriginOf(const std::string& url) {
  const size_t scheme_end = url.find("://");
  if (scheme_end == std::string::npos) return url;
  const size_t host_end = url.find('/', scheme_end + 3);
  std::string origin = url.substr(0, host_end);
  std::transform(origin.begin(), origin.end(), origin.begin(),
                 [](unsigned char ch) { return static_cast<char>(std::tolower(ch)); });
  return origin;
}

}  // namespace mnb
