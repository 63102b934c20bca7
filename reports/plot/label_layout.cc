#include "reports/plot/label_layout.h"

#include <algorithm>

namespace mnb {

namespace {

constexpr double kGap = 7;  // between a point and its label

PlacedLabel At(const LabelRequest& r, double baseline, bool anchor_end) {
  PlacedLabel p;
  p.x = anchor_end ? r.x - kGap : r.x + kGap;
  p.y = baseline;
  p.anchor_end = anchor_end;
  const double width = kCharWidth * static_cast<double>(r.chars);
  p.box = {anchor_end ? p.x - width : p.x, baseline - kLineHeight + 3, width, kLineHeight};
  return p;
}

bool Inside(const LabelBox& box, const LabelBox& frame) {
  return box.left >= frame.left && box.top >= frame.top &&
         box.left + box.width <= frame.left + frame.width &&
         box.top + box.height <= frame.top + frame.height;
}

// Candidates in order of preference: below and beside the point (a front climbs to the right,
// so the space under it holds only dominated points), above, then a line further each way.
std::vector<PlacedLabel> Candidates(const LabelRequest& r, const LabelBox& frame) {
  const double width = kCharWidth * static_cast<double>(r.chars);
  const bool room_right = r.x + kGap + width <= frame.left + frame.width;
  std::vector<PlacedLabel> out;
  for (int step = 0; step < 8; ++step) {
    const double below = r.y + 15 + kLineHeight * step, above = r.y - 8 - kLineHeight * step;
    for (bool end : {!room_right, room_right}) {
      out.push_back(At(r, below, end));
      out.push_back(At(r, above, end));
    }
  }
  return out;
}

}  // namespace

bool LabelBox::Overlaps(const LabelBox& o) const {
  return left < o.left + o.width && o.left < left + width && top < o.top + o.height &&
         o.top < top + height;
}

std::vector<PlacedLabel> PlaceLabels(const std::vector<LabelRequest>& labels,
                                     const LabelBox& frame) {
  std::vector<PlacedLabel> placed;
  for (const LabelRequest& r : labels) {
    const std::vector<PlacedLabel> candidates = Candidates(r, frame);
    const PlacedLabel* fallback = nullptr;
    const PlacedLabel* chosen = nullptr;
    for (const PlacedLabel& c : candidates) {
      if (!Inside(c.box, frame)) continue;
      if (fallback == nullptr) fallback = &c;
      const bool free = std::none_of(placed.begin(), placed.end(), [&](const PlacedLabel& p) {
        return p.box.Overlaps(c.box);
      });
      if (free) {
        chosen = &c;
        break;
      }
    }
    if (chosen == nullptr) chosen = fallback != nullptr ? fallback : &candidates.front();
    placed.push_back(*chosen);
  }
  return placed;
}

}  // namespace mnb
