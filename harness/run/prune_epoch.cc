#include "harness/run/prune_epoch.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <vector>

#include "harness/search/asha.h"
#include "harness/search/median_pruner.h"
#include "harness/store/rungs.h"

namespace mnb {

namespace {

using search::PruneDecision;

double OrNaN(std::optional<double> v) {
  return v ? *v : std::numeric_limits<double>::quiet_NaN();
}

std::optional<double> Finite(double v) {
  return std::isfinite(v) ? std::optional<double>(v) : std::nullopt;
}

search::AshaSpec AshaSpecOf(const PruneSettings& settings) {
  search::AshaSpec spec;
  spec.min_epochs = settings.min_epochs;
  spec.reduction_factor = static_cast<int>(settings.reduction_factor);
  spec.maximize = settings.maximize();
  return spec;
}

// The decision `rung` recorded, as it was made: ASHA's rung index and reduction factor, which
// the row does not hold, come from the settings that made it (a run's settings never change).
PruneDecision FromRung(const RungRow& rung, const PruneSettings& settings, int64_t max_epochs) {
  PruneDecision d;
  d.checked = true;
  d.epoch = rung.epoch;
  d.rule = rung.rule == "asha" ? PruneDecision::Rule::kAsha : PruneDecision::Rule::kMedian;
  d.metric = OrNaN(rung.metric);
  d.action = rung.decision == "prune" ? PruneDecision::Action::kPrune
                                      : PruneDecision::Action::kContinue;
  d.cutoff = OrNaN(rung.cutoff);
  d.compared = static_cast<size_t>(rung.compared);
  d.kept = static_cast<size_t>(rung.kept.value_or(0));
  if (d.rule == PruneDecision::Rule::kAsha) {
    const search::AshaSpec spec = AshaSpecOf(settings);
    const std::vector<int64_t> rungs = search::AshaRungs(spec, max_epochs);
    const auto at = std::find(rungs.begin(), rungs.end(), rung.epoch);
    if (at != rungs.end()) d.rung = static_cast<int>(at - rungs.begin());
    d.reduction_factor = spec.reduction_factor;
  }
  return d;
}

RungRow ToRung(int64_t run_id, const PruneDecision& d) {
  const bool asha = d.rule == PruneDecision::Rule::kAsha;
  RungRow r;
  r.run_id = run_id;
  r.epoch = d.epoch;
  r.rule = asha ? "asha" : "median";
  r.metric = Finite(d.metric);
  r.decision = d.prune() ? "prune" : "continue";
  r.cutoff = Finite(d.cutoff);
  r.compared = static_cast<int64_t>(d.compared);
  if (asha) r.kept = static_cast<int64_t>(d.kept);
  r.why = d.Why();
  return r;
}

RungMetric MetricOf(const PruneSettings& settings) {
  return settings.metric == "val_loss" ? RungMetric::kValLoss : RungMetric::kValAccuracy;
}

std::vector<search::RunCurve> OtherCurves(Database& db, int64_t run_id,
                                          const PruneSettings& settings) {
  std::vector<search::RunCurve> curves;
  for (const EpochValue& e : CompletedCurves(db, run_id, MetricOf(settings))) {
    if (curves.empty() || curves.back().run_id != e.run_id) curves.push_back({e.run_id, {}});
    curves.back().epochs.push_back({e.epoch, OrNaN(e.value)});
  }
  return curves;
}

std::vector<search::EpochMetric> OwnCurve(Database& db, int64_t run_id,
                                          const PruneSettings& settings) {
  std::vector<search::EpochMetric> curve;
  for (const EpochValue& e : RunCurve(db, run_id, MetricOf(settings))) {
    curve.push_back({e.epoch, OrNaN(e.value)});
  }
  return curve;
}

}  // namespace

PruneDecision JudgeEpoch(Database& db, int64_t run_id, const PruneSettings& settings,
                         int64_t max_epochs, int64_t epoch, std::optional<double> metric) {
  if (std::optional<RungRow> recorded = ReadRung(db, run_id, epoch)) {
    return FromRung(*recorded, settings, max_epochs);
  }
  PruneDecision decision;
  if (settings.rule == "asha") {
    const search::AshaSpec spec = AshaSpecOf(settings);
    std::vector<search::RungResult> rung;
    for (const RungRow& r : RungsAt(db, run_id, epoch, "asha")) {
      rung.push_back({r.run_id, epoch, *r.metric});
    }
    decision = search::DecideAsha(spec, rung, run_id, epoch, OrNaN(metric), max_epochs);
  } else if (settings.rule == "median") {
    search::MedianSpec spec;
    spec.startup_trials = settings.startup_trials;
    spec.min_epochs = settings.min_epochs;
    spec.maximize = settings.maximize();
    decision = search::DecideMedian(spec, OtherCurves(db, run_id, settings), run_id,
                                    OwnCurve(db, run_id, settings), max_epochs);
  }
  if (decision.checked) WriteRung(db, ToRung(run_id, decision));
  return decision;
}

}  // namespace mnb
