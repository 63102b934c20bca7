// Shards: which runs of a plan one task of a job array trains.
//
// Contract: a run belongs to shard ShardOf(run_key, n) = the run key's 64 bits modulo n. The rule
// looks at the key alone, so the same run lands in the same shard whatever order the plan expands
// in, in any process or build, and adding runs to an experiment never moves existing ones (the
// price: small plans may split unevenly). Shards are numbered 0..n-1, as Slurm array task ids and
// Kubernetes completion indexes are.
// ResolveShard picks the shard of this process from, in order: --shard K/N; --shards N with the
// index from JOB_COMPLETION_INDEX (a Kubernetes Indexed Job) or SLURM_ARRAY_TASK_ID; or
// SLURM_ARRAY_TASK_ID with SLURM_ARRAY_TASK_COUNT (a Slurm array; ids are taken relative to
// SLURM_ARRAY_TASK_MIN, so --array=1-4 works too). None of them: not sharded. A malformed or
// out-of-range value throws mnb::Error kBadInput naming the flag or variable (exit code 2).
// ShardOf's arguments are the caller's to check (a run key from a plan, n >= 1): anything else is
// mnb::Error kInternal.
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

int ShardOf(const std::string& run_key, int count);
inline bool InShard(const std::string& run_key, const Shard& shard) {
  return ShardOf(run_key, shard.count) == shard.index;
}

// Looks up an environment variable; nullptr when unset. Tests pass their own.
using EnvLookup = std::function<const char*(const char*)>;
const char* ProcessEnv(const char* name);

// shard_flag: --shard ("" when not given); shards_flag: --shards (0 when not given).
std::optional<Shard> ResolveShard(const std::string& shard_flag, int shards_flag,
                                  const EnvLookup& env = ProcessEnv);

// Where a shard writes when no --db is given: results/<experiment>.shard-K.db. Each shard has a
// database of its own because SQLite's locking must never be shared between machines (NFS).
std::string ShardDbPath(const std::string& experiment_name, const Shard& shard);

}  // namespace mnb

#endif  // MNISTBENCH_HARNESS_RUN_SHARD_H_
