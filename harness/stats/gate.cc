#include "harness/stats/gate.h"

#include "harness/base/error.h"
#include "harness/stats/holm.h"
#include "harness/stats/power.h"

namespace mnb::stats {

GateDecision RegressionGate(const std::vector<double>& candidate,
                            const std::vector<double>& baseline, double alpha,
                            double min_effect) {
  const std::optional<Summary> c = Summarize(candidate), b = Summarize(baseline);
  if (!c || !b) return RegressionGateFromSummaries(Summary{}, Summary{}, alpha, min_effect);
  return RegressionGateFromSummaries(*c, *b, alpha, min_effect);
}

GateDecision RegressionGateFromSummaries(const Summary& candidate, const Summary& baseline,
                                         double alpha, double min_effect) {
  RequireOpenUnit(alpha, "alpha");
  if (!(min_effect >= 0)) throw InternalError("the minimum effect must be >= 0");
  if (!(alpha < 0.5)) throw InternalError("the gate's alpha must be below 0.5");
  GateDecision d;
  d.min_effect = min_effect;
  // The (1 - 2 alpha) two-sided interval is the one-sided test's dual (see the header).
  d.welch = ShiftedWelchFromSummaries(candidate, baseline, -min_effect, 1 - 2 * alpha);
  if (!d.welch) return d;
  d.p = d.welch->p_a_less;
  d.ci = d.welch->ci;
  d.verdict = d.p < alpha ? GateDecision::Verdict::kFail : GateDecision::Verdict::kPass;
  return d;
}

std::vector<BestComparison> CompareWithBest(const std::vector<std::vector<double>>& samples,
                                            size_t best, double alpha, double min_effect) {
  RequireOpenUnit(alpha, "alpha");
  if (!(min_effect > 0)) throw InternalError("the minimum effect must be > 0");
  if (best >= samples.size()) throw InternalError("the best variant's index is out of range");
  std::vector<BestComparison> out(samples.size());
  std::vector<size_t> compared;
  std::vector<double> p_values;
  for (size_t i = 0; i < samples.size(); ++i) {
    if (i == best) continue;
    out[i].welch = WelchTest(samples[i], samples[best]);  // nothing when either has n < 2
    if (!out[i].welch) continue;
    compared.push_back(i);
    p_values.push_back(out[i].welch->p_two_sided);
  }
  if (samples[best].size() >= 2) out[best].standing = Standing::kBest;
  const HolmResult holm = Holm(p_values, alpha);
  for (size_t j = 0; j < compared.size(); ++j) {
    BestComparison& c = out[compared[j]];
    c.p_adjusted = holm.adjusted[j];
    const std::optional<Summary> mine = Summarize(samples[compared[j]]);
    const std::optional<Summary> top = Summarize(samples[best]);
    const auto n = [](const Summary& s) { return static_cast<double>(s.n); };
    c.power = WelchPower(min_effect, mine->std_dev, top->std_dev, n(*mine), n(*top), alpha);
    c.seeds_needed = SeedsNeeded(c.welch->difference, mine->std_dev, top->std_dev, kPlanningPower,
                                 alpha);
    if (holm.reject[j]) {
      c.standing = Standing::kDistinguishable;
    } else {
      c.standing = c.power >= kPlanningPower ? Standing::kIndistinguishable : Standing::kUndecided;
    }
  }
  return out;
}

}  // namespace mnb::stats
