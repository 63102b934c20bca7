// Shards: which runs of a plan one task of a job array trains.
//
// Contract: ShardOf looks at the run key alone (its 64 bits modulo n), so a run lands in the same
// shard in any plan order, process or build, and adding runs never moves existing ones; shards
// are numbered 0..n-1, as Slurm array task ids and Kubernetes completion indexes are. A malformed
// or out-of-range flag or environment variable throws mnb::Error kBadInput naming it; bad ShardOf
// arguments are a caller's bug (kInternal). Details: docs/cluster.md "How a shard is chosen".
#ifndef MNISTBENCH_HARNESS_RUN_SHARD_H_
#define MNISTBENCH_HARNESS_RUN_SHARD_H_

#include <functional>
#include <optional>
#include <string>

namespace mnb {

struct Shard {
  int index = 0;  // 0..count-1
  int count = 1;
  std::string Text() const;  // "K/N"
};

// "K/N" with 0 <= K < N.
Shard ParseShard(const std::string& text);

// The run key's 64 bits modulo `count`.
int ShardOf(const std::string& run_key, int count);
inline bool InShard(const std::string& run_key, const Shard& shard) {
  return ShardOf(run_key, shard.count) == shard.index;
}

// Looks up an environment variable; nullptr when unset. Tests pass their own.
using EnvLookup = std::function<const char*(const char*)>;
const char* ProcessEnv(const char* name);

// The shard of this process: --shard K/N, else --shards N with the index from the environment,
// else a Slurm array's task; none when not sharded.
// shard_flag: --shard ("" when not given); shards_flag: --shards (0 when not given).
std::optional<Shard> ResolveShard(const std::string& shard_flag, int shards_flag,
                                  const EnvLookup& env = ProcessEnv);

// Where a shard writes when no --db is given: results/<experiment>.shard-K.db. Each shard has a
// database of its own because SQLite's locking must never be shared between machines (NFS).
std::string ShardDbPath(const std::string& experiment_name, const Shard& shard);

}  // namespace mnb

#endif  // MNISTBENCH_HARNESS_RUN_SHARD_H_
