#include "reports/tables/seeds_plan.h"

#include <fmt/format.h>

#include <algorithm>

#include "harness/base/error.h"
#include "harness/base/text_escape.h"
#include "harness/stats/power.h"
#include "reports/format/text_format.h"

namespace mnb {

SeedsPlanData LoadSeedsPlan(StoreReader& results, const std::string& name,
                            const std::vector<std::string>& experiments, double min_effect) {
  SeedsPlanData data;
  {
    ReadSnapshot snapshot(results);
    data.side = ResolveSide(ReadResultSet(results, experiments), name);
  }
  const std::optional<stats::Summary>& s = data.side.summary;
  if (!s || s->n < 2) {
    throw BadInput(fmt::format("seeds: '{}' has {} completed seed(s); its noise needs at least 2 "
                               "(expected a variant with two or more completed seeds)",
                               name, data.side.test_accuracies.size()));
  }
  std::vector<double> effects = {min_effect};
  for (double e : {0.001, 0.002, 0.005, 0.01, 0.02, 0.05}) {
    if (std::find(effects.begin(), effects.end(), e) == effects.end()) effects.push_back(e);
  }
  std::sort(effects.begin() + 1, effects.end());
  const double n = static_cast<double>(s->n);
  for (double effect : effects) {
    data.rows.push_back({effect, stats::SeedsNeeded(effect, s->std_dev, s->std_dev),
                         stats::WelchPower(effect, s->std_dev, s->std_dev, n, n)});
  }
  return data;
}

std::string RenderSeedsPlan(const SeedsPlanData& d) {
  const stats::Summary& s = *d.side.summary;
  std::string out = fmt::format(
      "# mnistbench seeds: {}\n\n{} completed seeds, test accuracy {:.2f} \xC2\xB1 {:.2f} pp "
      "(mean \xC2\xB1 sample std). Seeds per variant to separate two variants this noisy that "
      "differ by the difference shown: two-sided Welch test, \xCE\xB1 = 0.05, 80% power (exact "
      "noncentral t). The first row is the one asked for (--min-effect).\n\n",
      MarkdownText(d.side.title), s.n, 100 * s.mean, 100 * s.std_dev);
  std::vector<std::vector<std::string>> rows;
  for (const SeedsPlanRow& r : d.rows) {
    rows.push_back({fmt::format("{:.2f} pp", 100 * r.effect),
                    r.needed ? fmt::format("{}", *r.needed) : "more than 10,000",
                    fmt::format("{:.0f}%", 100 * r.power_now)});
  }
  out += MarkdownTable({"difference", "seeds per variant", fmt::format("power with {} now", s.n)},
                       {false, true, true}, rows);
  return out;
}

}  // namespace mnb
