#include "reports/plot/curve_overlay.h"

#include <fmt/format.h>

namespace mnb {

std::vector<CurveRole> OverlayRoles(size_t variants) {
  std::vector<CurveRole> roles;
  for (size_t i = 0; i < variants; ++i) {
    roles.push_back(i < kHighlightedVariants ? CurveRole::kHighlighted
                    : i < kListedVariants    ? CurveRole::kListed
                                             : CurveRole::kBackground);
  }
  return roles;
}

std::string MoreVariantsText(size_t variants) {
  if (variants <= kListedVariants) return "";
  return fmt::format("+{} more (grey, not listed)", variants - kListedVariants);
}

}  // namespace mnb
