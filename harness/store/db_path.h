// Where the results database is when a command is not told.
//
// Contract: ResolveDbPath returns the --db value when given, else $MNISTBENCH_DB when set and
// non-empty, else ./mnistbench.db. Every command that reads or writes results resolves its path
// here, so `run`, `status`, `report`, `query` and `check` agree without a flag. No I/O.
#ifndef MNISTBENCH_HARNESS_STORE_DB_PATH_H_
#define MNISTBENCH_HARNESS_STORE_DB_PATH_H_

#include <string>

namespace mnb {

std::string ResolveDbPath(const std::string& flag_value);

}  // namespace mnb

#endif  // MNISTBENCH_HARNESS_STORE_DB_PATH_H_
