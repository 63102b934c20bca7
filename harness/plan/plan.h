// Plans: the runs an experiment expands into, each with a stable run key.
//
// Contract: RunKey is the first 16 hex digits of SHA-256 over NormalizedSpecJson, the canonical
// JSON of everything that defines *what* a run computes (zoo options filled with their defaults,
// inline layer lists in canonical form, eval sets sorted), the device kind and fast mode included
// where they are not the defaults (cpu, deterministic). Execution fields (threads, which device)
// are left out. So the same run always gets the same key, in any process or build, and a plan
// inserted twice adds nothing. RunSpecToJson/RunSpecFromJson round-trip every field exactly.
// The training-profile fields (init, adam_eps, input_scale) enter the JSON, and so the key, only
// when they differ from their defaults: a run that keeps them has the key it had before they
// existed, and JSON written then reads back with the defaults. adam_eps is left out of non-Adam
// runs' identity, as momentum is of non-SGD runs'.
#ifndef MNISTBENCH_HARNESS_PLAN_PLAN_H_
#define MNISTBENCH_HARNESS_PLAN_PLAN_H_

#include <cstdint>
#include <string>
#include <vector>

#include "harness/plan/run_spec.h"

namespace mnb {

// The most runs one experiment file may plan (docs/testing.md "Input limits"): a larger grid or more
// trials is refused with one line before any run is built, so no file can exhaust memory.
constexpr int64_t kMaxPlannedRuns = 1000000;

std::string NormalizedSpecJson(const RunSpec& spec);
// The resolved training values of a run as `key=value` words, for --dry-run and logs:
// "val=5000 init=torch input_scale=standardize adam_eps=1e-08 lr_schedule=constant ...".
std::string TrainingProfileText(const RunSpec& spec);
std::string RunKey(const RunSpec& spec);

// Layer-list text of the spec's model: the inline list, or the zoo entry with its options.
std::string ModelLayersText(const RunSpec& spec);

std::string RunSpecToJson(const RunSpec& spec);
RunSpec RunSpecFromJson(const std::string& json);  // not a run's JSON: mnb::Error kBadInput

struct PlannedRun {
  RunSpec spec;
  std::string run_key;
  int64_t params = 0;
  size_t block = 0;  // which [[model]] block of the experiment it came from
  int64_t trial = -1;  // a random or Sobol search's trial number; -1 for a grid
};

// Identifies a run's variant: the same configuration whatever its seed. Runs that share it are
// one row of a leaderboard and one subject of `mnistbench check`, aggregated over seeds.
std::string VariantKey(const RunSpec& spec);

struct Plan {
  std::string experiment_name;
  std::vector<PlannedRun> runs;
};

// Sets every run's device kind ("cpu" or "cuda") and fast mode (CUDA only) and recomputes its
// key: what the runner does once it knows where the sweep trains. Shards are chosen before.
void PlanForDevice(Plan& plan, const std::string& device_kind, bool fast);

}  // namespace mnb

#endif  // MNISTBENCH_HARNESS_PLAN_PLAN_H_
