// The experiment file parser (harness/config/experiment.h) on whole files: dataset, grid, search
// distributions, pruning and model tables, then the plan they expand to. Accepted files must
// plan runs whose stored configuration reads back as the same run.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "fuzz/fuzz_support.h"
#include "harness/config/experiment.h"
#include "harness/plan/plan.h"

namespace {

// Small enough that one input expands in milliseconds; the binary's own limit is
// kMaxPlannedRuns, checked the same way.
constexpr int64_t kFuzzMaxRuns = 2000;

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  mnb::fuzz::CleanlyRefused([&] {
    const mnb::Experiment experiment = mnb::ParseExperiment(text, "fuzz.toml");
    const mnb::Plan plan = mnb::ExpandPlan(experiment, kFuzzMaxRuns);
    mnb::fuzz::Expect(static_cast<int64_t>(plan.runs.size()) <= kFuzzMaxRuns, "the run limit");
    for (size_t i = 0; i < plan.runs.size() && i < 16; ++i) {
      const mnb::PlannedRun& run = plan.runs[i];
      const mnb::RunSpec back = mnb::RunSpecFromJson(mnb::RunSpecToJson(run.spec));
      mnb::fuzz::Expect(mnb::RunKey(back) == run.run_key, "a stored run reads back as itself");
    }
  });
  return 0;
}
