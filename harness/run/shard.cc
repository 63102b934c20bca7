#include "harness/run/shard.h"

#include <fmt/format.h>

#include <cstdlib>
#include <limits>
#include <stdexcept>

#include "harness/base/error.h"

namespace mnb {

namespace {

// A whole decimal number in [0, INT_MAX], or nullopt.
std::optional<int> ParseCount(const std::string& text) {
  if (text.empty() || text.size() > 9) return std::nullopt;
  for (char c : text) {
    if (c < '0' || c > '9') return std::nullopt;
  }
  return std::stoi(text);
}

int EnvInt(const EnvLookup& env, const char* name) {
  const char* value = env(name);
  const std::optional<int> n = ParseCount(value != nullptr ? value : "");
  if (!n) {
    throw BadInput(fmt::format("${}='{}' (expected a whole number >= 0)", name,
                               value != nullptr ? value : ""));
  }
  return *n;
}

bool IsSet(const EnvLookup& env, const char* name) {
  const char* value = env(name);
  return value != nullptr && *value != '\0';
}

}  // namespace

std::string Shard::Text() const { return fmt::format("{}/{}", index, count); }

Shard ParseShard(const std::string& text) {
  const size_t slash = text.find('/');
  const std::optional<int> k =
      slash == std::string::npos ? std::nullopt : ParseCount(text.substr(0, slash));
  const std::optional<int> n =
      slash == std::string::npos ? std::nullopt : ParseCount(text.substr(slash + 1));
  if (!k || !n || *n < 1 || *k >= *n) {
    throw BadInput(
        fmt::format("--shard '{}' (expected K/N with 0 <= K < N, e.g. 0/4)", text));
  }
  return {*k, *n};
}

int ShardOf(const std::string& run_key, int count) {
  // Both are the caller's to guarantee (a parsed --shard, a planned run's key): a bug if not.
  if (count < 1) throw Error(ErrorKind::kInternal, "ShardOf: shard count must be >= 1");
  // A run key is 16 hex digits of SHA-256: uniformly spread, so a plain modulus balances well.
  uint64_t bits = 0;
  for (char c : run_key) {
    int digit = 0;
    if (c >= '0' && c <= '9') {
      digit = c - '0';
    } else if (c >= 'a' && c <= 'f') {
      digit = c - 'a' + 10;
    } else if (c >= 'A' && c <= 'F') {
      digit = c - 'A' + 10;
    } else {
      throw Error(ErrorKind::kInternal, fmt::format("ShardOf: '{}' is not a run key", run_key));
    }
    bits = (bits << 4) | static_cast<uint64_t>(digit);
  }
  return static_cast<int>(bits % static_cast<uint64_t>(count));
}

const char* ProcessEnv(const char* name) { return std::getenv(name); }

std::optional<Shard> ResolveShard(const std::string& shard_flag, int shards_flag,
                                  const EnvLookup& env) {
  if (!shard_flag.empty()) {
    if (shards_flag != 0) {
      throw BadInput("--shard K/N and --shards N exclude each other");
    }
    return ParseShard(shard_flag);
  }
  // Slurm numbers array tasks from the --array range's first id, which need not be 0.
  auto slurm_index = [&] {
    const int id = EnvInt(env, "SLURM_ARRAY_TASK_ID");
    const int min = IsSet(env, "SLURM_ARRAY_TASK_MIN") ? EnvInt(env, "SLURM_ARRAY_TASK_MIN") : 0;
    if (id < min) {
      throw BadInput(fmt::format(
          "$SLURM_ARRAY_TASK_ID={} is below $SLURM_ARRAY_TASK_MIN={}", id, min));
    }
    return id - min;
  };
  if (shards_flag != 0) {
    if (shards_flag < 1) {
      throw BadInput(fmt::format("--shards {} (expected N >= 1)", shards_flag));
    }
    int index = 0;
    const char* source = "JOB_COMPLETION_INDEX";
    if (IsSet(env, "JOB_COMPLETION_INDEX")) {
      index = EnvInt(env, "JOB_COMPLETION_INDEX");
    } else if (IsSet(env, "SLURM_ARRAY_TASK_ID")) {
      index = slurm_index();
      source = "SLURM_ARRAY_TASK_ID";
    } else {
      throw BadInput(
          fmt::format("--shards {} needs the shard index from $JOB_COMPLETION_INDEX (a Kubernetes "
                      "Indexed Job) or $SLURM_ARRAY_TASK_ID; outside those, pass --shard K/{}",
                      shards_flag, shards_flag));
    }
    if (index >= shards_flag) {
      throw BadInput(fmt::format("${} gives shard {}, but --shards is {} (expected "
                                 "an index below it)",
                                 source, index, shards_flag));
    }
    return Shard{index, shards_flag};
  }
  if (IsSet(env, "SLURM_ARRAY_TASK_ID")) {
    if (!IsSet(env, "SLURM_ARRAY_TASK_COUNT")) {
      throw BadInput(
          "$SLURM_ARRAY_TASK_ID is set but $SLURM_ARRAY_TASK_COUNT is not (an old Slurm?): pass "
          "--shard $SLURM_ARRAY_TASK_ID/N");
    }
    const int index = slurm_index();
    const int count = EnvInt(env, "SLURM_ARRAY_TASK_COUNT");
    if (count < 1 || index >= count) {
      throw BadInput(fmt::format(
          "Slurm array task {} of {} (task ids must be a dense range, e.g. --array=0-{}; "
          "otherwise pass --shard K/N)",
          index, count, count > 0 ? count - 1 : 0));
    }
    return Shard{index, count};
  }
  if (IsSet(env, "JOB_COMPLETION_INDEX")) {
    // Every pod of the Job would otherwise train the whole plan.
    throw BadInput(
        "$JOB_COMPLETION_INDEX is set (a Kubernetes Indexed Job) but --shards N is not: pass "
        "--shards with the Job's completions");
  }
  return std::nullopt;
}

std::string ShardDbPath(const std::string& experiment_name, const Shard& shard) {
  return fmt::format("results/{}.shard-{}.db", experiment_name, shard.index);
}

}  // namespace mnb
