#include "harness/check/check.h"

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <stdexcept>

#include "harness/base/error.h"
#include "harness/base/sha256.h"
#include "harness/plan/plan.h"
#include "harness/stats/fidelity.h"
#include "harness/stats/gate.h"
#include "harness/stats/summary.h"
#include "harness/store/reader.h"
#include "harness/results/variants.h"

namespace mnb {

namespace {

// The seeds' statistics as every reader computes them (stats::Summarize); 0 where there are
// too few seeds, as the gate and baseline CSVs have always shown it.
double Mean(const std::vector<double>& v) {
  const auto s = stats::Summarize(v);
  return s ? s->mean : 0.0;
}
double SampleStd(const std::vector<double>& v) {
  const auto s = stats::Summarize(v);
  return s && s->n >= 2 ? s->std_dev : 0.0;
}

std::string Points(double fraction) { return fmt::format("{:.2f}%", 100 * fraction); }

// Why a mean below min_test_accuracy fails; against a published figure, whether the seeds can
// tell the two apart (harness/stats/fidelity.h).
std::string BelowWhy(double accuracy, double want, bool published,
                     const std::vector<double>& seeds) {
  std::string why =
      fmt::format("test accuracy {} is below the expected {}", Points(accuracy), Points(want));
  const auto summary = stats::Summarize(seeds);
  if (published && summary &&
      stats::JudgeFidelity(want, *summary) == stats::FidelityVerdict::kWithinNoise) {
    why += " (within noise: the published figure lies inside the seeds' 95% interval)";
  }
  return why;
}


// What the model is, apart from how it is trained: a baseline entry of the same model trained
// differently is still the thing to compare with when the exact configuration is not there.
std::string ModelKey(const RunSpec& spec) {
  std::string text = spec.model + "|" + spec.layers + "|" + spec.dataset;
  for (const auto& [k, v] : spec.model_options) text += "|" + k + "=" + v;
  return Sha256Hex(text).substr(0, 16);
}

// A run's spec back from what the results reader returns: its variant_config (the config
// without seed and execution fields) and its seed.
RunSpec SpecOf(const RunRow& run) {
  nlohmann::json config = nlohmann::json::parse(run.variant_config);
  config["seed"] = static_cast<uint64_t>(run.seed);
  return RunSpecFromJson(config.dump());
}

// The stored run of a planned one (an index into the runs `by_key` maps to), trained wherever
// it was: the plan is expanded without a device (a CPU key), and a sweep on a GPU stored the
// same run under its CUDA key (plan.h). None when it is not in the store.
std::optional<size_t> FindTrained(const std::map<std::string, size_t>& by_key,
                                  const PlannedRun& run) {
  const auto cpu = by_key.find(run.run_key);
  if (cpu != by_key.end()) return cpu->second;
  for (const bool fast : {false, true}) {
    RunSpec spec = run.spec;
    spec.device_kind = "cuda";
    spec.fast = fast;
    const auto cuda = by_key.find(RunKey(spec));
    if (cuda != by_key.end()) return cuda->second;
  }
  return std::nullopt;
}

}  // namespace

std::vector<VariantResult> CollectResults(StoreReader& reader, const Experiment& experiment,
                                          const Plan& plan) {
  // The plan's variants, labelled as every reader labels them (harness/results/variants.h).
  std::map<std::string, size_t> index;
  std::vector<VariantResult> results;
  std::vector<std::pair<std::string, std::string>> configs;  // (model, variant_config)
  for (const PlannedRun& run : plan.runs) {
    const std::string key = VariantKey(run.spec);
    if (!index.emplace(key, results.size()).second) continue;
    VariantResult r;
    r.key = key;
    r.model_key = ModelKey(run.spec);
    r.block = run.block;
    results.push_back(r);
    configs.emplace_back(run.spec.model, VariantConfigJson(RunSpecToJson(run.spec)));
  }
  const std::vector<std::string> labels = VariantLabels(configs);
  for (size_t i = 0; i < results.size(); ++i) results[i].label = labels[i];

  // Each planned run's final epoch, and its variant as the leaderboard reads it.
  const std::vector<std::string> names = reader.Experiments();
  const bool known = std::find(names.begin(), names.end(), experiment.name) != names.end();
  ResultSet set;
  if (known) set = ReadResultSet(reader, {experiment.name});
  std::map<std::string, size_t> by_key;  // run key -> index into set.runs
  for (size_t i = 0; i < set.runs.size(); ++i) by_key[set.runs[i].run_key] = i;
  for (const PlannedRun& run : plan.runs) {
    VariantResult& r = results[index.at(VariantKey(run.spec))];
    ++r.planned;
    if (!known) {
      r.unfinished.push_back(fmt::format("seed {}: not in the database", run.spec.seed));
      continue;
    }
    const std::optional<size_t> found = FindTrained(by_key, run);
    if (!found) {
      r.unfinished.push_back(fmt::format("seed {}: not in the database (run the experiment, or "
                                         "check --run)", run.spec.seed));
      continue;
    }
    if (!r.leaderboard) r.leaderboard = set.variants[set.variant_of_run[*found]];
    const RunRow& done = set.runs[*found];
    if (!done.completed() || !done.test_accuracy) {
      r.unfinished.push_back(fmt::format("seed {} (run {}): {} after {}/{} epochs", run.spec.seed,
                                         done.run_id, done.status, done.epochs_done, done.epochs));
      continue;
    }
    ++r.completed;
    r.test_accuracy.push_back(*done.test_accuracy);
    r.test_loss.push_back(done.test_loss.value_or(0.0));
    r.seconds_per_epoch.push_back(done.seconds_per_epoch.value_or(0.0));
  }
  return results;
}

Baseline BaselineFromResults(const std::vector<VariantResult>& results) {
  Baseline b;
  for (const VariantResult& r : results) {
    if (r.completed == 0) continue;
    b[r.key] = {r.label, r.model_key, r.completed, Mean(r.test_accuracy),
                SampleStd(r.test_accuracy), Mean(r.test_loss), Mean(r.seconds_per_epoch)};
  }
  return b;
}

Baseline LoadBaseline(const std::string& path, const std::string& experiment_name) {
  if (!std::filesystem::exists(path)) {
    throw BadInput(fmt::format("{}: no such baseline file", path));
  }
  if (std::filesystem::path(path).extension() == ".csv") return ReadBaselineCsv(path);
  StoreReader reader(path, "pass a baseline CSV or results database");
  const std::vector<std::string> names = reader.Experiments();
  if (std::find(names.begin(), names.end(), experiment_name) == names.end()) {
    throw BadInput(
        fmt::format("{}: has no experiment named '{}' to compare with", path, experiment_name));
  }
  // Completed runs, grouped by the key a plan gives their variant.
  const ResultSet set = ReadResultSet(reader, {experiment_name});
  std::map<std::string, VariantResult> by_key;
  for (size_t i = 0; i < set.runs.size(); ++i) {
    const RunRow& run = set.runs[i];
    if (!run.completed() || !run.test_accuracy) continue;
    const RunSpec spec = SpecOf(run);
    const std::string key = VariantKey(spec);
    VariantResult& r = by_key[key];
    r.key = key;
    r.model_key = ModelKey(spec);
    r.label = set.variants[set.variant_of_run[i]].label;
    ++r.completed;
    r.test_accuracy.push_back(*run.test_accuracy);
    r.test_loss.push_back(run.test_loss.value_or(0.0));
    r.seconds_per_epoch.push_back(run.seconds_per_epoch.value_or(0.0));
  }
  std::vector<VariantResult> results;
  for (auto& [key, r] : by_key) results.push_back(r);
  return BaselineFromResults(results);
}

Tolerance ParseTolerance(const std::string& text) {
  Tolerance t;
  std::string number = text;
  if (number.size() > 2 && number.substr(number.size() - 2) == "pp") {
    number = number.substr(0, number.size() - 2);
  } else if (number.size() > 2 && number.substr(number.size() - 2) == "sd") {
    t.kind = Tolerance::Kind::kStdDevs;
    number = number.substr(0, number.size() - 2);
  }
  char* end = nullptr;
  t.value = std::strtod(number.c_str(), &end);
  if (number.empty() || *end != '\0' || !(t.value >= 0) || !std::isfinite(t.value)) {
    throw BadInput(fmt::format(
        "--tolerance '{}': expected percentage points (e.g. 0.5pp) or standard deviations of "
        "the baseline's seeds (e.g. 2sd)", text));
  }
  return t;
}

void SetSignificance(double alpha, const std::string& min_effect, Tolerance* tolerance) {
  if (!(alpha > 0 && alpha < 0.5)) {
    throw BadInput(fmt::format("--significance {:g}: expected a level in (0, 0.5), e.g. 0.05",
                               alpha));
  }
  std::string number = min_effect;
  if (number.size() > 2 && number.substr(number.size() - 2) == "pp") {
    number = number.substr(0, number.size() - 2);
  }
  char* end = nullptr;
  const double points = std::strtod(number.c_str(), &end);
  if (number.empty() || *end != '\0' || !(points >= 0) || !std::isfinite(points)) {
    throw BadInput(fmt::format("--min-effect '{}': expected percentage points >= 0 (e.g. 0.2pp)",
                               min_effect));
  }
  tolerance->significance = alpha;
  tolerance->min_effect = points / 100.0;
}

namespace {

// The baseline entry a variant is judged against: the same configuration, else the one entry
// of the same model (its training settings changed in this file: that must not hide a
// regression), named in `note`. nullptr: the baseline does not know the variant.
const BaselineEntry* MatchBaseline(const Baseline& baseline, const VariantResult& r,
                                   std::string* note) {
  if (auto it = baseline.find(r.key); it != baseline.end()) return &it->second;
  const BaselineEntry* match = nullptr;
  int same_model = 0;
  for (const auto& [key, entry] : baseline) {
    if (entry.model_key == r.model_key) {
      match = &entry;
      ++same_model;
    }
  }
  if (same_model != 1) return nullptr;
  *note = fmt::format(" [baseline: {}]", match->label);
  return match;
}

// A baseline row's cells and verdict.
struct Judgement {
  std::string expected, delta;
  bool pass = false;
  std::string why;
};

// --tolerance: the mean may fall at most a fixed number of points, or of the baseline's seed
// stds, below the baseline's mean. `fallback` says why the Welch gate could not decide.
Judgement ByTolerance(const BaselineEntry& b, const std::vector<double>& seeds,
                      const Tolerance& tolerance, const std::string& note,
                      const std::string& fallback = "") {
  const double accuracy = Mean(seeds);
  const double allowed = tolerance.kind == Tolerance::Kind::kPoints
                             ? tolerance.value / 100.0
                             : tolerance.value * b.std_accuracy;
  const double floor = b.mean_accuracy - allowed;
  const std::string how = tolerance.kind == Tolerance::Kind::kPoints
                              ? fmt::format("{:g}pp", tolerance.value)
                              : fmt::format("{:g}sd = {:.2f}pp", tolerance.value, 100 * allowed);
  return {fmt::format(">= {} ({} - {}){}{}", Points(floor), Points(b.mean_accuracy), how, note,
                      fallback),
          fmt::format("{:+.2f}pp", 100 * (accuracy - b.mean_accuracy)), accuracy >= floor,
          fmt::format("test accuracy {} regressed from the baseline's {} (n={}) beyond {}",
                      Points(accuracy), Points(b.mean_accuracy), b.runs, how)};
}

// --significance: stats::RegressionGate, a one-sided Welch test of "our mean is below the
// baseline's by more than min_effect"; the row shows p and the (1 - 2 alpha) interval of the
// difference. With fewer than two seeds on either side it falls back to the tolerance.
std::optional<Judgement> BySignificance(const BaselineEntry& b, const std::vector<double>& seeds,
                                        const Tolerance& tolerance, const std::string& note) {
  const auto ours = stats::Summarize(seeds);
  stats::Summary theirs;
  theirs.n = static_cast<size_t>(b.runs);
  theirs.mean = b.mean_accuracy;
  theirs.std_dev = b.std_accuracy;
  const double alpha = *tolerance.significance;
  const stats::GateDecision d = stats::RegressionGateFromSummaries(
      ours.value_or(stats::Summary{}), theirs, alpha, tolerance.min_effect);
  if (d.verdict == stats::GateDecision::Verdict::kTooFewSeeds) {
    return ByTolerance(b, seeds, tolerance, note,
                       fmt::format(" [too few seeds for the Welch gate: n={} vs {}]",
                                   ours ? ours->n : 0, b.runs));
  }
  const double difference = d.welch->difference;
  const std::string effect = fmt::format("{:g}pp", 100 * tolerance.min_effect);
  return Judgement{
      fmt::format("not below {} by > {} (Welch, \xCE\xB1={:g}){}", Points(b.mean_accuracy),
                  effect, alpha, note),
      fmt::format("{:+.2f}pp [{:+.2f}, {:+.2f}] p={:.3g}", 100 * difference, 100 * d.ci.low,
                  100 * d.ci.high, d.p),
      d.verdict == stats::GateDecision::Verdict::kPass,
      fmt::format("test accuracy {} is below the baseline's {} (n={}) by more than {}: one-sided "
                  "Welch p={:.3g} < {:g}; the {:.0f}% interval of the difference is [{:+.2f}, "
                  "{:+.2f}]pp",
                  Points(Mean(seeds)), Points(b.mean_accuracy), b.runs, effect, d.p, alpha,
                  100 * (1 - 2 * alpha), 100 * d.ci.low, 100 * d.ci.high)};
}

}  // namespace

std::vector<CheckRow> Evaluate(const Experiment& experiment,
                               const std::vector<VariantResult>& results,
                               const std::optional<Baseline>& baseline, const Tolerance& tolerance) {
  using V = CheckRow::Verdict;
  std::vector<CheckRow> rows;
  for (const VariantResult& r : results) {
    const bool complete = r.completed == r.planned;
    CheckRow done{r.label, "completed", std::to_string(r.planned), std::to_string(r.completed),
                  "", complete ? V::kPass : V::kFail, "", r.leaderboard};
    for (const std::string& u : r.unfinished) done.detail += (done.detail.empty() ? "" : "; ") + u;
    rows.push_back(done);

    const double accuracy = Mean(r.test_accuracy), loss = Mean(r.test_loss);
    const double seconds = Mean(r.seconds_per_epoch);
    const std::string n = fmt::format(" (mean of {})", r.completed);
    auto add = [&](const std::string& check, const std::string& expected, const std::string& got,
                   const std::string& delta, bool pass, const std::string& why) {
      if (!complete) {
        rows.push_back({r.label, check, expected, "-", "", V::kFail,
                        "not every run of this variant completed", std::nullopt});
      } else {
        rows.push_back({r.label, check, expected, got, delta, pass ? V::kPass : V::kFail,
                        pass ? "" : why, std::nullopt});
      }
    };
    const Expectation& e = experiment.models[r.block].expect;
    if (e.min_test_accuracy) {
      const double want = *e.min_test_accuracy / 100.0;
      add("min_test_accuracy",
          ">= " + Points(want) + (e.min_test_accuracy_is_published ? " (published)" : ""),
          Points(accuracy) + n,
          fmt::format("{:+.2f}pp", 100 * (accuracy - want)), accuracy >= want,
          BelowWhy(accuracy, want, e.min_test_accuracy_is_published, r.test_accuracy));
    }
    if (e.max_test_loss) {
      add("max_test_loss", fmt::format("<= {:.4f}", *e.max_test_loss), fmt::format("{:.4f}", loss) + n,
          fmt::format("{:+.4f}", loss - *e.max_test_loss), loss <= *e.max_test_loss,
          fmt::format("test loss {:.4f} is above {:.4f}", loss, *e.max_test_loss));
    }
    if (e.max_seconds_per_epoch) {
      add("max_seconds_per_epoch", fmt::format("<= {:.1f}s", *e.max_seconds_per_epoch),
          fmt::format("{:.1f}s", seconds) + n, fmt::format("{:+.1f}s", seconds - *e.max_seconds_per_epoch),
          seconds <= *e.max_seconds_per_epoch,
          fmt::format("{:.1f}s per epoch is above {:.1f}s", seconds, *e.max_seconds_per_epoch));
    }
    if (baseline) {
      std::string note;
      const BaselineEntry* match = MatchBaseline(*baseline, r, &note);
      if (match == nullptr) {
        rows.push_back({r.label, "baseline", "-", complete ? Points(accuracy) : "-", "", V::kNew,
                        "not in the baseline yet", std::nullopt});
      } else {
        std::optional<Judgement> j;
        if (tolerance.significance) j = BySignificance(*match, r.test_accuracy, tolerance, note);
        if (!j) j = ByTolerance(*match, r.test_accuracy, tolerance, note);
        add("baseline", j->expected, Points(accuracy) + n, j->delta, j->pass, j->why);
      }
    }
  }
  return rows;
}

bool AllPassed(const std::vector<CheckRow>& rows) {
  return std::none_of(rows.begin(), rows.end(),
                      [](const CheckRow& r) { return r.verdict == CheckRow::Verdict::kFail; });
}

}  // namespace mnb
