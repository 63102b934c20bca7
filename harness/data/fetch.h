// `data fetch`: gets missing dataset files from their upstream addresses or a mirror, verified.
//
// Contract, per file of each dataset in registry order: a present file that matches the
// registry's decoded SHA-256 is only read; a missing one is downloaded to FILE.part and renamed
// into place only once it matches, so readers never see a half-written or wrong file; a present
// file that does not match is an error unless `force`. Failures are one line each on `err`; a
// local write failure stops the run. Addresses, retries, resumes: docs/data.md "Downloading".
#ifndef MNISTBENCH_HARNESS_DATA_FETCH_H_
#define MNISTBENCH_HARNESS_DATA_FETCH_H_

#include <cstdio>
#include <string>
#include <vector>

#include "harness/data/registry.h"

namespace mnb {

struct FetchOptions {
  std::string data_dir;
  std::string mirror;  // empty: the registry's upstream addresses
  bool force = false;
  // 429 answers are retried as 5xx ones are.
  int attempts = 3;  // per address, for unreachable hosts, drops and 5xx answers
  long connect_timeout_seconds = 10;
  double first_backoff_seconds = 0.5;  // doubled after every failed attempt
  bool progress_bar = false;           // a live bar on stderr (for a terminal)
};

struct FetchReport {
  int present = 0;       // already there and verified
  int fetched = 0;       // downloaded and verified
  int failed = 0;        // one line each on err
  bool stopped = false;  // a local write failure ended the run early
};

// $MNISTBENCH_MIRROR when `flag` is empty. Checks the scheme (http, https, file) and returns
// the address with one trailing '/'; "" when neither is set. Throws DataError otherwise.
std::string ResolveMirror(const std::string& flag);

// The addresses tried for one file, in order: with a mirror MIRROR/DIR/NAME.gz then
// MIRROR/DIR/NAME (DIR: the dataset's folder); otherwise each upstream base + NAME.gz.
std::vector<std::string> CandidateUrls(const DatasetInfo& info, const DataFile& file,
                                       const std::string& mirror);

// Fetches every missing file of `datasets` into options.data_dir; progress on `out`, one line
// per failed file on `err` (naming it and each address's reason).
FetchReport FetchDatasets(const std::vector<const DatasetInfo*>& datasets,
                          const FetchOptions& options, std::FILE* out, std::FILE* err);

}  // namespace mnb

#endif  // MNISTBENCH_HARNESS_DATA_FETCH_H_
