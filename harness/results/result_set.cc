#include "harness/results/result_set.h"

#include <fmt/format.h>

#include <utility>

#include "harness/results/variants.h"

namespace mnb {

std::string Variant::StatusText() const {
  std::string out;
  const std::pair<const char*, int64_t> counts[] = {{"completed", completed}, {"running", running},
                                                    {"queued", queued},       {"failed", failed},
                                                    {"interrupted", interrupted},
                                                    {"diverged", diverged},
                                                    {"pruned", pruned}};
  for (const auto& [name, n] : counts) {
    if (n > 0) out += fmt::format("{}{} {}", out.empty() ? "" : ", ", n, name);
  }
  return out;
}

ResultSet ReadResultSet(StoreReader& reader, const std::vector<std::string>& wanted) {
  ResultSet set;
  set.experiments = reader.SelectExperiments(wanted);
  set.runs = reader.LoadRuns(set.experiments);
  VariantBuilder variants(set.runs, set.experiments);
  reader.ScanCurves(set.runs, [&](size_t run, int64_t epoch, const std::optional<double>& accuracy) {
    variants.AddCurvePoint(run, epoch, accuracy);
  });
  set.eval_sets = reader.ScanFinalEvals(set.runs, [&](size_t run, const std::string& s, double value) {
    variants.AddFinalEval(run, s, value);
  });
  variants.Finish(&set);
  return set;
}

}  // namespace mnb
