#include "harness/stats/fidelity.h"

namespace mnb::stats {

FidelityVerdict JudgeFidelity(double published, const Summary& ours) {
  if (ours.mean >= published) return FidelityVerdict::kAtOrAbove;
  if (!ours.ci) return FidelityVerdict::kOneSeed;
  // The interval's upper end reaching the figure is "inside": a closed interval, as a reader
  // checking "97.31 in [96.2, 97.31]" would count it.
  return ours.ci->high >= published ? FidelityVerdict::kWithinNoise : FidelityVerdict::kBelow;
}

const char* FidelityVerdictText(FidelityVerdict verdict) {
  switch (verdict) {
    case FidelityVerdict::kAtOrAbove: return "at or above";
    case FidelityVerdict::kWithinNoise: return "within noise";
    case FidelityVerdict::kBelow: return "below";
    case FidelityVerdict::kOneSeed: return "below (one seed)";
  }
  return "?";
}

}  // namespace mnb::stats
