// One download, resumable: the body of an http://, https:// or file:// address into a file.
//
// Contract: Download writes the body of `url` into `path` from byte `offset` on (a Range request
// when offset > 0; when a server ignores the Range and sends the whole body, the file is
// restarted from byte 0 instead). It never throws for network trouble: the result classifies
// what happened so that the caller can retry, resume, try another address or give up. The file
// is flushed to disk (fsync) before kOk is returned. A local write failure (disk full, read-only
// directory) is kWriteFailed with the system's reason. libcurl does the transport.
#ifndef MNISTBENCH_HARNESS_DATA_HTTP_H_
#define MNISTBENCH_HARNESS_DATA_HTTP_H_

#include <cstdint>
#include <functional>
#include <string>

namespace mnb {

enum class DownloadStatus {
  kOk,           // the whole body is in the file
  kUnreachable,  // no connection: name not resolved, refused, connect timed out
  kDropped,      // connected, but the transfer broke off or stalled: resume from file_size
  kNotFound,     // HTTP 404/410, or no such file behind a file:// address
  kHttpError,    // any other HTTP status >= 400 (http_code says which)
  kWriteFailed,  // the local file could not be written (message has errno's text)
  kFailed,       // anything else (TLS, bad address, ...): message says what
};

struct DownloadResult {
  DownloadStatus status = DownloadStatus::kFailed;
  long http_code = 0;     // last HTTP status seen; 0 for file:// or no response
  int64_t file_size = 0;  // bytes in the file afterwards
  int64_t received = 0;   // body bytes written by this call
  std::string message;    // one line, empty for kOk
};

struct DownloadOptions {
  long connect_timeout_seconds = 10;
  long stall_seconds = 30;  // a transfer that moves no byte for this long is kDropped
  // Called now and then with (bytes in the file, expected total or 0 when unknown).
  std::function<void(int64_t, int64_t)> progress;
};

DownloadResult Download(const std::string& url, const std::string& path, int64_t offset,
                        const DownloadOptions& options);

// "scheme://host[:port]" of an address, to remember hosts that stay unreachable.
std::string OriginOf(const std::string& url);

}  // namespace mnb

#endif  // MNISTBENCH_HARNESS_DATA_HTTP_H_
