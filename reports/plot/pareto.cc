#include "reports/plot/pareto.h"

#include <algorithm>
#include <cmath>

namespace mnb {

namespace {

bool Finite(const ParetoPoint& p) { return std::isfinite(p.cost) && std::isfinite(p.value); }

// `a` dominates `b`: no worse on both, strictly better on one.
bool Dominates(const ParetoPoint& a, const ParetoPoint& b) {
  return a.cost <= b.cost && a.value >= b.value && (a.cost < b.cost || a.value > b.value);
}

}  // namespace

std::vector<bool> ParetoFront(const std::vector<ParetoPoint>& points) {
  std::vector<bool> on_front(points.size(), false);
  for (size_t i = 0; i < points.size(); ++i) {
    if (!Finite(points[i])) continue;
    on_front[i] = std::none_of(points.begin(), points.end(), [&](const ParetoPoint& other) {
      return Finite(other) && Dominates(other, points[i]);
    });
  }
  return on_front;
}

std::vector<size_t> FrontInCostOrder(const std::vector<ParetoPoint>& points,
                                     const std::vector<bool>& on_front) {
  std::vector<size_t> order;
  for (size_t i = 0; i < points.size() && i < on_front.size(); ++i) {
    if (on_front[i]) order.push_back(i);
  }
  std::stable_sort(order.begin(), order.end(), [&](size_t a, size_t b) {
    if (points[a].cost != points[b].cost) return points[a].cost < points[b].cost;
    return points[a].value > points[b].value;
  });
  return order;
}

}  // namespace mnb
