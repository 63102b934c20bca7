// How the overlay of every variant's curves stays legible: which variants are singled out in
// colour, which are drawn thin and grey with a legend entry, and which are context only.
//
// Contract: variants come by leaderboard rank (ties in leaderboard order). The first
// kHighlightedVariants are highlighted (colour, band, markers), the rest up to kListedVariants
// listed (a thin grey line with a legend entry and a tooltip), any beyond that background (a
// faint line, no legend entry, summarised as MoreVariantsText). Pure.
#ifndef MNISTBENCH_REPORTS_PLOT_CURVE_OVERLAY_H_
#define MNISTBENCH_REPORTS_PLOT_CURVE_OVERLAY_H_

#include <cstddef>
#include <string>
#include <vector>

namespace mnb {

enum class CurveRole { kHighlighted, kListed, kBackground };

constexpr size_t kHighlightedVariants = 3;
// Twenty legend rows still fit beside a chart and can be told apart by their order; more would
// be a list nobody reads next to lines nobody can tell apart.
constexpr size_t kListedVariants = 20;

// Parallel to the `variants` ranked variants.
std::vector<CurveRole> OverlayRoles(size_t variants);

// "+N more (grey, not listed)" for the background variants; empty when there are none.
std::string MoreVariantsText(size_t variants);

}  // namespace mnb

#endif  // MNISTBENCH_REPORTS_PLOT_CURVE_OVERLAY_H_
