// `mnistbench seeds VARIANT`: how many seeds a difference of X points needs, planned from the
// noise a variant already in the store shows.
//
// Contract: LoadSeedsPlan resolves `name` as compare does (ResolveSide: run id, run key, variant
// label, model) and, from its completed seeds' sample std (at least 2 seeds, else a bad-input
// Error saying so), gives for each effect (accuracy fractions, > 0, the one asked for first)
// the seeds per variant that separate two variants this noisy differing by that much, with a
// two-sided Welch test at alpha 0.05 and 80% power (stats/power.h: exact noncentral t), and the
// power the variant's current n has for it. RenderSeedsPlan formats it as a Markdown table.
#ifndef MNISTBENCH_REPORTS_TABLES_SEEDS_PLAN_H_
#define MNISTBENCH_REPORTS_TABLES_SEEDS_PLAN_H_

#include <optional>
#include <string>
#include <vector>

#include "reports/tables/compare.h"

namespace mnb {

struct SeedsPlanRow {
  double effect = 0;                // accuracy fraction
  std::optional<int> needed;        // per variant; none past 10,000
  double power_now = 0;             // with n seeds on each side
};

struct SeedsPlanData {
  CompareSide side;
  std::vector<SeedsPlanRow> rows;
};

SeedsPlanData LoadSeedsPlan(StoreReader& results, const std::string& name,
                            const std::vector<std::string>& experiments, double min_effect);
std::string RenderSeedsPlan(const SeedsPlanData& data);

}  // namespace mnb

#endif  // MNISTBENCH_REPORTS_TABLES_SEEDS_PLAN_H_
