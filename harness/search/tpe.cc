#include "harness/search/tpe.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>

#include "harness/search/parzen_estimator.h"
#include "harness/search/random_sampler.h"
#include "harness/search/random_stream.h"

namespace mnb::search {

size_t TpeGamma(size_t n) {
  return std::min<size_t>(static_cast<size_t>(std::ceil(0.1 * static_cast<double>(n))), 25);
}

std::vector<double> TpeWeights(size_t n) {
  if (n < 25) return std::vector<double>(n, 1.0);
  const size_t ramp = n - 25;  // linspace(1/n, 1, ramp) for the oldest, then 25 ones
  const double lo = 1.0 / static_cast<double>(n);
  const double step = ramp == 1 ? 0.0 : (1 - lo) / static_cast<double>(ramp - 1);
  std::vector<double> weights;
  for (size_t k = 0; k < ramp; ++k) weights.push_back(lo + step * static_cast<double>(k));
  weights.resize(n, 1.0);
  return weights;
}

namespace {

using Trials = std::vector<const FinishedTrial*>;

// Good-first order: completed by objective, then pruned by epoch reached, then objective.
bool RanksBefore(const FinishedTrial& a, const FinishedTrial& b, bool maximize) {
  if (a.pruned != b.pruned) return !a.pruned;
  if (a.pruned && a.last_epoch != b.last_epoch) return a.last_epoch > b.last_epoch;
  if (a.objective != b.objective)
    return maximize ? a.objective > b.objective : a.objective < b.objective;
  return a.trial < b.trial;
}

void SortByTrialNumber(Trials& trials) {
  std::sort(trials.begin(), trials.end(),
            [](const FinishedTrial* a, const FinishedTrial* b) { return a->trial < b->trial; });
}

// The best-scoring of `candidates` draws from `good`, scored by log good(x) - log bad(x).
template <typename Estimator, typename Draw>
Draw BestCandidate(const Estimator& good, const Estimator& bad, RandomStream& rng,
                   size_t candidates) {
  Draw best{};
  double best_score = -std::numeric_limits<double>::infinity();
  for (size_t c = 0; c < std::max<size_t>(candidates, 1); ++c) {
    const Draw x = good.Sample(rng);
    const double score = good.LogPdf(x) - bad.LogPdf(x);
    if (c == 0 || score > best_score) {
      best = x;
      best_score = score;
    }
  }
  return best;
}

Value ProposeChoice(const Distribution& dist, size_t d, const Trials& good, const Trials& bad,
                    RandomStream& rng, const TpeOptions& options) {
  auto estimator = [&](const Trials& trials) {
    std::vector<size_t> observed;
    for (const FinishedTrial* t : trials)
      if (auto index = ChoiceIndex(dist, t->params[d])) observed.push_back(*index);
    return CategoricalParzen(observed, TpeWeights(observed.size()), dist.choices.size(),
                             options.prior_weight);
  };
  const CategoricalParzen l = estimator(good), g = estimator(bad);
  return dist.choices[BestCandidate<CategoricalParzen, size_t>(l, g, rng, options.ei_candidates)];
}

Value ProposeNumber(const Distribution& dist, size_t d, const Trials& good, const Trials& bad,
                    RandomStream& rng, const TpeOptions& options) {
  const bool log = dist.kind == Distribution::Kind::kLogUniform;
  const bool discrete = dist.kind == Distribution::Kind::kInt;
  auto internal = [&](double x) { return log ? std::log(x) : x; };
  auto estimator = [&](const Trials& trials) {
    std::vector<double> observed;
    for (const FinishedTrial* t : trials)
      if (Contains(dist, t->params[d])) observed.push_back(internal(t->params[d].number));
    return NumericParzen(observed, TpeWeights(observed.size()), internal(dist.low),
                         internal(dist.high), discrete, options.prior_weight);
  };
  const NumericParzen l = estimator(good), g = estimator(bad);
  const double x = BestCandidate<NumericParzen, double>(l, g, rng, options.ei_candidates);
  if (discrete) return Value::Integer(static_cast<int64_t>(std::llround(x)));
  return Value::Float(RoundFloat(log ? std::exp(x) : x, dist.low, dist.high));
}

}  // namespace

Params ProposeTpe(const SearchSpace& space, const std::vector<FinishedTrial>& finished,
                  uint64_t seed, uint64_t trial, const TpeOptions& options) {
  Trials usable;
  for (const FinishedTrial& t : finished)
    if (std::isfinite(t.objective) && t.params.size() == space.size()) usable.push_back(&t);
  if (trial < options.startup_trials || usable.size() < options.startup_trials)
    return RandomTrial(space, seed, trial);

  std::sort(usable.begin(), usable.end(), [&](const FinishedTrial* a, const FinishedTrial* b) {
    return RanksBefore(*a, *b, options.maximize);
  });
  const size_t n_good = TpeGamma(usable.size());
  Trials good(usable.begin(), usable.begin() + static_cast<std::ptrdiff_t>(n_good));
  Trials bad(usable.begin() + static_cast<std::ptrdiff_t>(n_good), usable.end());
  SortByTrialNumber(good);  // weights favour recent trials within each group
  SortByTrialNumber(bad);

  Params params;
  for (size_t d = 0; d < space.size(); ++d) {
    RandomStream rng(seed, StreamDomain::kTpeCandidates, trial * space.size() + d);
    const Distribution& dist = space[d].distribution;
    params.push_back(dist.kind == Distribution::Kind::kChoice
                         ? ProposeChoice(dist, d, good, bad, rng, options)
                         : ProposeNumber(dist, d, good, bad, rng, options));
  }
  return params;
}

}  // namespace mnb::search
