// Colours for the report's plots, chosen so a reader with any common colour-vision deficiency
// can still tell them apart: the Okabe-Ito palette for categories (Okabe & Ito 2008, "Color
// Universal Design") and viridis for a quantity (perceptually uniform, monotone in lightness, so
// it reads the same in greyscale).
//
// Contract: every colour is "#rrggbb" (lower-case hex), safe to put in an SVG attribute as-is.
// Pure functions; no state.
#ifndef MNISTBENCH_REPORTS_PLOT_PALETTE_H_
#define MNISTBENCH_REPORTS_PLOT_PALETTE_H_

#include <string>
#include <vector>

namespace mnb {

// The eight Okabe-Ito colours, ordered for lines and marks on a white page: the strongest
// contrasts first (blue, vermillion, bluish green), black and yellow (weak on white) last.
const std::vector<std::string>& OkabeIto();

// The i-th category colour, cycling through OkabeIto().
const std::string& CategoryColour(size_t i);

// What is drawn but not singled out: the variants below the top three, dominated points.
extern const char* const kMutedColour;       // a mid grey, readable as a line
extern const char* const kBackgroundColour;  // a light grey, for context only

// Viridis at t in [0, 1] (clamped; NaN reads as 0), linear in sRGB between nine stops of the
// published map: dark purple at 0, yellow at 1.
std::string Viridis(double t);

// Whether text over a viridis colour at t should be white (the dark end) rather than dark.
bool LightTextOnViridis(double t);

}  // namespace mnb

#endif  // MNISTBENCH_REPORTS_PLOT_PALETTE_H_
