// `data fetch`: gets missing dataset files from their upstream addresses or a mirror, verified.
//
// Contract, per file of each dataset in registry order:
// - A present file whose decoded SHA-256 matches the registry is only read, never written.
// - A missing file is downloaded to FILE.part beside its final name (resuming an earlier .part
//   with a Range request) and renamed into place only after its *decoded* SHA-256 (gzip is
//   transparent) matches the registry; a download that does not match is deleted. So the data
//   directory never holds a half-written or wrong dataset file under a name the readers use.
// - A present file that does not match is an error, unless `force`: then it is replaced by a
//   download that matches (and only then).
// Addresses, tried in order: with a mirror, MIRROR/DIR/NAME.gz then MIRROR/DIR/NAME (DIR is the
// dataset's folder, so any data directory served as is is a mirror); otherwise each upstream
// base of the registry + NAME.gz. Unreachable hosts and dropped or stalled transfers are
// retried with exponential backoff (drops resume where they broke off); a host that stays
// unreachable is not asked again in the same run; a 4xx answer moves on to the next address.
// A file no address could deliver is one line on `err` naming it and each address's reason.
// A local write failure (disk full) is one line and stops the run at once.
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

// The addresses tried for one file, in order.
std::vector<std::string> CandidateUrls(const DatasetInfo& info, const DataFile& file,
                                       const std::string& mirror);

FetchReport FetchDatasets(const std::vector<const DatasetInfo*>& datasets,
                          const FetchOptions& options, std::FILE* out, std::FILE* err);

}  // namespace mnb

#endif  // MNISTBENCH_HARNESS_DATA_FETCH_H_
