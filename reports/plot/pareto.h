// The Pareto front of accuracy against a cost (parameters, seconds per epoch): the points no
// other point beats on both at once, i.e. what a reader should choose among.
//
// Contract: a point is dominated when another has a value at least as high and a cost at most as
// low, and is strictly better in one of the two; the front is the points not dominated. Exact
// duplicates do not dominate each other, so they are on or off the front together. A point
// with a non-finite cost or value is never on the front and dominates nothing. Pure; O(n^2) in
// the points, which are one experiment's variants.
#ifndef MNISTBENCH_REPORTS_PLOT_PARETO_H_
#define MNISTBENCH_REPORTS_PLOT_PARETO_H_

#include <cstddef>
#include <vector>

namespace mnb {

struct ParetoPoint {
  double cost = 0;   // lower is better
  double value = 0;  // higher is better
};

// Parallel to `points`: true for those on the front.
std::vector<bool> ParetoFront(const std::vector<ParetoPoint>& points);

// The indices of the front's points by cost, then by value (highest first): the order the
// front's staircase is drawn in.
std::vector<size_t> FrontInCostOrder(const std::vector<ParetoPoint>& points,
                                     const std::vector<bool>& on_front);

}  // namespace mnb

#endif  // MNISTBENCH_REPORTS_PLOT_PARETO_H_
