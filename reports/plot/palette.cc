#include "reports/plot/palette.h"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <cmath>

namespace mnb {

namespace {

struct Rgb {
  int r, g, b;
};

// viridis(9) as the viridisLite package publishes it: stops at 0, 1/8, ..., 1.
constexpr std::array<Rgb, 9> kViridisStops = {{{0x44, 0x01, 0x54},
                                               {0x47, 0x2d, 0x7b},
                                               {0x3b, 0x52, 0x8b},
                                               {0x2c, 0x72, 0x8e},
                                               {0x21, 0x90, 0x8c},
                                               {0x27, 0xad, 0x81},
                                               {0x5d, 0xc8, 0x63},
                                               {0xaa, 0xdc, 0x32},
                                               {0xfd, 0xe7, 0x25}}};

double Clamped(double t) { return std::isnan(t) ? 0.0 : std::clamp(t, 0.0, 1.0); }

}  // namespace

const std::vector<std::string>& OkabeIto() {
  static const std::vector<std::string> colours = {"#0072b2", "#d55e00", "#009e73", "#cc79a7",
                                                   "#e69f00", "#56b4e9", "#000000", "#f0e442"};
  return colours;
}

const std::string& CategoryColour(size_t i) { return OkabeIto()[i % OkabeIto().size()]; }

const char* const kMutedColour = "#8c8c8c";
const char* const kBackgroundColour = "#d0d0d0";

std::string Viridis(double t) {
  const double at = Clamped(t) * static_cast<double>(kViridisStops.size() - 1);
  const size_t low = std::min(static_cast<size_t>(at), kViridisStops.size() - 2);
  const double f = at - static_cast<double>(low);
  const Rgb& a = kViridisStops[low];
  const Rgb& b = kViridisStops[low + 1];
  auto mix = [f](int x, int y) {
    return static_cast<int>(std::lround(x + (y - x) * f));
  };
  return fmt::format("#{:02x}{:02x}{:02x}", mix(a.r, b.r), mix(a.g, b.g), mix(a.b, b.b));
}

// Below about 0.6 the map is darker than mid grey (its teal and purple end).
bool LightTextOnViridis(double t) { return Clamped(t) < 0.6; }

}  // namespace mnb
