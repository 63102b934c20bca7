// Fidelity: does our result reproduce a published figure? The verdict behind `report --fidelity`.
//
// Contract: JudgeFidelity compares a published accuracy with the summary of our seeds (both in
// the same unit, percent or fraction):
//   kAtOrAbove    our mean >= the published figure;
//   kWithinNoise  our mean is below it, but the figure lies inside our Student-t interval of the
//                 mean (summary.h), so the seeds cannot tell the two apart;
//   kBelow        the whole interval lies below the figure;
//   kOneSeed      our single seed is below it: one seed has no interval, so no verdict on noise.
// "At or above" is judged on the mean alone: a published figure is usually one run, and the
// question a reader asks is whether we get there on average. Pure function: no store, no torch.
#ifndef MNISTBENCH_HARNESS_STATS_FIDELITY_H_
#define MNISTBENCH_HARNESS_STATS_FIDELITY_H_

#include "harness/stats/summary.h"

namespace mnb::stats {

enum class FidelityVerdict { kAtOrAbove, kWithinNoise, kBelow, kOneSeed };

FidelityVerdict JudgeFidelity(double published, const Summary& ours);

// "at or above", "within noise", "below", "below (one seed)": the words the reports print.
const char* FidelityVerdictText(FidelityVerdict verdict);

}  // namespace mnb::stats

#endif  // MNISTBENCH_HARNESS_STATS_FIDELITY_H_
