#include "reports/tables/compare.h"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <map>
#include <random>
#include <utility>

#include <nlohmann/json.hpp>

#include "harness/base/error.h"
#include "harness/stats/power.h"
#include "reports/format/text_format.h"

namespace mnb {

namespace {

bool AllDigits(const std::string& s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), [](unsigned char c) { return std::isdigit(c); });
}

// The completed runs of `run_indices` (into set.runs) with a test accuracy, as one side.
CompareSide Side(const ResultSet& set, const std::vector<size_t>& run_indices,
                 const std::string& name, const std::string& title) {
  CompareSide side;
  side.name = name;
  side.title = title;
  for (size_t i : run_indices) {
    const RunRow& r = set.runs[i];
    side.experiment = r.experiment;
    side.dataset = r.dataset;
    if (!r.completed() || !r.test_accuracy) continue;
    side.run_ids.push_back(r.run_id);
    side.seeds.push_back(r.seed);
    side.test_accuracies.push_back(*r.test_accuracy);
  }
  side.summary = stats::SummarizeAccuracies(side.test_accuracies);
  return side;
}

std::vector<size_t> RunsOfVariant(const ResultSet& set, size_t variant) {
  std::vector<size_t> out;
  for (size_t i = 0; i < set.runs.size(); ++i) {
    if (set.variant_of_run[i] == variant) out.push_back(i);
  }
  return out;
}

std::string VariantTitle(const Variant& v) { return fmt::format("{} ({})", v.label, v.experiment); }

std::string Known(const ResultSet& set) {
  std::string names;
  for (size_t k = 0; k < set.variants.size() && k < 12; ++k) {
    names += (names.empty() ? "'" : ", '") + set.variants[k].label + "'";
  }
  if (set.variants.size() > 12) names += fmt::format(" and {} more", set.variants.size() - 12);
  return names.empty() ? "none" : names;
}

}  // namespace

CompareSide ResolveSide(const ResultSet& set, const std::string& name) {
  std::string id = name;
  if (id.rfind("run ", 0) == 0) id = id.substr(4);
  for (size_t i = 0; i < set.runs.size(); ++i) {
    const RunRow& r = set.runs[i];
    if ((AllDigits(id) && std::to_string(r.run_id) == id) || r.run_key == name) {
      const CompareSide side =
          Side(set, {i}, name, fmt::format("run {}: {}, seed {} ({})", r.run_id, r.label, r.seed,
                                           r.experiment));
      if (side.run_ids.empty()) {
        throw BadInput(fmt::format("compare: run {} is {} (expected a completed run)", r.run_id,
                                   r.status));
      }
      return side;
    }
  }
  std::vector<size_t> matches;
  for (size_t v = 0; v < set.variants.size(); ++v) {
    if (set.variants[v].label == name) matches.push_back(v);
  }
  if (matches.empty()) {
    for (size_t v = 0; v < set.variants.size(); ++v) {
      if (set.variants[v].model == name) matches.push_back(v);
    }
  }
  if (matches.size() != 1) {
    throw BadInput(fmt::format(
        "compare: '{}' {} (expected a run id, a run key, a variant label or a model with one "
        "variant; variants: {}; --experiment narrows the choice)",
        name, matches.empty() ? "names no run or variant" : "names several variants",
        Known(set)));
  }
  const Variant& v = set.variants[matches[0]];
  CompareSide side = Side(set, RunsOfVariant(set, matches[0]), name, VariantTitle(v));
  if (side.run_ids.empty()) {
    throw BadInput(fmt::format("compare: '{}' has no completed run yet", name));
  }
  return side;
}

CompareData LoadComparison(StoreReader& results, const std::string& a, const std::string& b,
                           const std::vector<std::string>& experiments, double min_effect) {
  CompareData data;
  data.db_path = results.path();
  ReadSnapshot snapshot(results);
  const ResultSet set = ReadResultSet(results, experiments);
  data.a = ResolveSide(set, a);
  data.b = ResolveSide(set, b);
  data.welch = stats::WelchTest(data.a.test_accuracies, data.b.test_accuracies);
  if (data.welch) {
    const double sd_a = data.a.summary->std_dev, sd_b = data.b.summary->std_dev;
    SeedsPlan plan;
    plan.min_effect = min_effect;
    plan.power_at_min_effect =
        stats::WelchPower(min_effect, sd_a, sd_b, static_cast<double>(data.welch->n_a),
                          static_cast<double>(data.welch->n_b));
    plan.needed_for_observed = stats::SeedsNeeded(data.welch->difference, sd_a, sd_b);
    plan.needed_for_min_effect = stats::SeedsNeeded(min_effect, sd_a, sd_b);
    data.seeds = plan;
  }
  // A fixed seed: the bootstrap interval is part of the output and must not change between runs.
  std::mt19937_64 rng(20190101);
  data.improvement =
      stats::BootstrapImprovement(data.a.test_accuracies, data.b.test_accuracies, rng);
  data.mcnemar_note = "no per-example predictions stored for these runs";
  return data;
}

namespace {

// The test split's predictions at the run's final stored epoch; empty when none.
std::vector<uint8_t> FinalTestPredictions(StoreReader& results, int64_t run_id) {
  std::vector<uint8_t> classes;
  int64_t epoch = -1;
  for (StoredPredictions& p : results.Predictions(run_id)) {
    if (p.eval_set == "test" && p.epoch > epoch) {
      epoch = p.epoch;
      classes = std::move(p.classes);
    }
  }
  return classes;
}

}  // namespace

void AddMcNemar(StoreReader& results, const std::vector<uint8_t>& test_labels, CompareData* data) {
  ReadSnapshot snapshot(results);
  std::vector<std::pair<size_t, size_t>> pairs;
  for (size_t i = 0; i < data->a.run_ids.size(); ++i) {
    for (size_t j = 0; j < data->b.run_ids.size(); ++j) {
      if (data->a.seeds[i] == data->b.seeds[j]) pairs.emplace_back(i, j);
    }
  }
  if (pairs.empty()) {
    for (size_t i = 0; i < data->a.run_ids.size(); ++i) {
      for (size_t j = 0; j < data->b.run_ids.size() && pairs.size() < 100; ++j) {
        pairs.emplace_back(i, j);
      }
    }
  }
  std::map<int64_t, std::vector<uint8_t>> cache;
  auto predictions = [&](int64_t run) -> const std::vector<uint8_t>& {
    auto it = cache.find(run);
    if (it == cache.end()) it = cache.emplace(run, FinalTestPredictions(results, run)).first;
    return it->second;
  };
  for (const auto& [i, j] : pairs) {
    const int64_t run_a = data->a.run_ids[i], run_b = data->b.run_ids[j];
    for (int64_t run : {run_a, run_b}) {
      const std::vector<uint8_t>& p = predictions(run);
      if (p.empty()) {
        data->mcnemar.clear();
        data->mcnemar_note = fmt::format("run {} has no stored predictions (recorded before "
                                         "schema 4)", run);
        return;
      }
      if (p.size() != test_labels.size()) {
        data->mcnemar.clear();
        data->mcnemar_note = fmt::format("run {} predicted {} test examples, the test split has "
                                         "{} (a limited or carved test set)",
                                         run, p.size(), test_labels.size());
        return;
      }
    }
    data->mcnemar.push_back({run_a, run_b, data->a.seeds[i], data->b.seeds[j],
                             stats::McNemarTest(predictions(run_a), predictions(run_b), test_labels)});
  }
}

namespace {

std::string SideSummary(const CompareSide& s) {
  if (!s.summary) return kMissing;
  std::string text = fmt::format("{} (n={})", Percent(s.summary->mean), s.summary->n);
  if (s.summary->ci) {
    text = fmt::format("{} \xC2\xB1 {} [{}, {}] (n={})", Percent(s.summary->mean),
                       Percent(s.summary->std_dev), Percent(s.summary->ci->low),
                       Percent(s.summary->ci->high), s.summary->n);
  }
  return text;
}

}  // namespace

TextTable CompareSidesTable(const CompareData& d) {
  return {{"", "what", "test acc % (mean \xC2\xB1 std [95% CI])"},
          {false, false, true},
          {{"A", d.a.title, SideSummary(d.a)}, {"B", d.b.title, SideSummary(d.b)}}};
}

std::string CompareVerdict(const CompareData& d) {
  if (!d.welch || !d.seeds) return "too few seeds";
  if (d.welch->p_two_sided < 0.05) return "differ";
  return d.seeds->power_at_min_effect >= stats::kPlanningPower ? "equal" : "undecided";
}

TextTable CompareStatsTable(const CompareData& d) {
  TextTable t{{"statistic", "value", "p / note"}, {false, true, false}, {}};
  if (d.welch) {
    t.rows.push_back({"A \xE2\x88\x92 B (Welch)",
                      fmt::format("{:+.2f} pp [{:+.2f}, {:+.2f}], df {:.1f}",
                                  100 * d.welch->difference, 100 * d.welch->ci.low,
                                  100 * d.welch->ci.high, d.welch->df),
                      PText(d.welch->p_two_sided)});
  } else {
    t.rows.push_back({"A \xE2\x88\x92 B (Welch)", "too few seeds (needs 2 on each side)", ""});
  }
  if (d.seeds) {
    const std::string verdict = CompareVerdict(d);
    const std::string why =
        verdict == "differ"  ? "the seeds separate A and B"
        : verdict == "equal" ? fmt::format("not separated, with {:.0f}% power for {:.2f} pp",
                                           100 * d.seeds->power_at_min_effect,
                                           100 * d.seeds->min_effect)
                             : fmt::format("not separated, and only {:.0f}% power for {:.2f} pp: "
                                           "more seeds needed",
                                           100 * d.seeds->power_at_min_effect,
                                           100 * d.seeds->min_effect);
    t.rows.push_back({"verdict", verdict == "equal" ? "\xE2\x89\x88 equal" : verdict, why});
    const auto needed = [](const std::optional<int>& n) {
      return n ? fmt::format("~{} per side", *n) : std::string("more than 10,000 per side");
    };
    t.rows.push_back({"seeds for the observed difference",
                      d.welch->difference == 0 ? "none: no difference"
                                               : needed(d.seeds->needed_for_observed),
                      "80% power, \xCE\xB1 = 0.05"});
    t.rows.push_back({fmt::format("seeds for {:.2f} pp (--min-effect)", 100 * d.seeds->min_effect),
                      needed(d.seeds->needed_for_min_effect),
                      fmt::format("power now {:.0f}%", 100 * d.seeds->power_at_min_effect)});
  }
  if (d.improvement) {
    t.rows.push_back({"P(A > B)",
                      fmt::format("{:.2f} [{:.2f}, {:.2f}] over {} seed pairs",
                                  d.improvement->probability, d.improvement->ci.low,
                                  d.improvement->ci.high,
                                  d.a.test_accuracies.size() * d.b.test_accuracies.size()),
                      "bootstrap 95%"});
  }
  return t;
}

TextTable McNemarTable(const CompareData& d) {
  TextTable t{{"A", "B", "b (only A right)", "c (only B right)", "exact p"},
              {false, false, true, true, true},
              {}};
  for (const SeedPairTest& p : d.mcnemar) {
    t.rows.push_back({fmt::format("run {} (seed {})", p.run_a, p.seed_a),
                      fmt::format("run {} (seed {})", p.run_b, p.seed_b),
                      fmt::format("{}", p.result.b), fmt::format("{}", p.result.c),
                      PValue(p.result.p)});
  }
  return t;
}

std::string RenderCompareMarkdown(const CompareData& d) {
  auto markdown = [](const TextTable& t) { return MarkdownTable(t.header, t.right, t.rows); };
  std::string out = fmt::format("# mnistbench compare\n\n{}\n", markdown(CompareSidesTable(d)));
  out += markdown(CompareStatsTable(d));
  out += "\n## McNemar per seed pair (test set)\n\n";
  if (d.mcnemar.empty()) {
    out += fmt::format("None: {}.\n", d.mcnemar_note);
  } else {
    out += markdown(McNemarTable(d));
  }
  return out;
}

std::string RenderCompareCsv(const CompareData& d) {
  std::string out;
  AppendCsvRecord(&out, {"statistic", "value", "ci_low", "ci_high", "p", "n_a", "n_b"});
  const std::string na = fmt::format("{}", d.a.test_accuracies.size());
  const std::string nb = fmt::format("{}", d.b.test_accuracies.size());
  auto side = [&](const char* name, const CompareSide& s) {
    AppendCsvRecord(&out, {name, s.summary ? Exact(s.summary->mean) : "",
                           s.summary && s.summary->ci ? Exact(s.summary->ci->low) : "",
                           s.summary && s.summary->ci ? Exact(s.summary->ci->high) : "", "", na, nb});
  };
  side("mean_a", d.a);
  side("mean_b", d.b);
  if (d.welch) {
    AppendCsvRecord(&out, {"difference", Exact(d.welch->difference), Exact(d.welch->ci.low),
                           Exact(d.welch->ci.high), Exact(d.welch->p_two_sided), na, nb});
  }
  if (d.seeds) {
    const auto count = [](const std::optional<int>& n) { return n ? fmt::format("{}", *n) : ""; };
    AppendCsvRecord(&out, {"verdict", CompareVerdict(d), "", "", "", na, nb});
    AppendCsvRecord(&out, {"seeds_needed_observed", count(d.seeds->needed_for_observed), "", "",
                           "", na, nb});
    AppendCsvRecord(&out, {"seeds_needed_min_effect", count(d.seeds->needed_for_min_effect), "",
                           "", "", na, nb});
    AppendCsvRecord(&out, {"min_effect", Exact(d.seeds->min_effect), "", "", "", na, nb});
    AppendCsvRecord(&out, {"power_at_min_effect", Exact(d.seeds->power_at_min_effect), "", "",
                           "", na, nb});
  }
  if (d.improvement) {
    AppendCsvRecord(&out, {"p_a_greater_b", Exact(d.improvement->probability),
                           Exact(d.improvement->ci.low), Exact(d.improvement->ci.high), "", na, nb});
  }
  for (const SeedPairTest& t : d.mcnemar) {
    AppendCsvRecord(&out, {fmt::format("mcnemar run {} vs run {}", t.run_a, t.run_b),
                           fmt::format("{}:{}", t.result.b, t.result.c), "", "",
                           Exact(t.result.p), "1", "1"});
  }
  return out;
}

std::string RenderCompareJson(const CompareData& d) {
  using nlohmann::ordered_json;
  auto side = [](const CompareSide& s) {
    ordered_json j = {{"name", s.name}, {"title", s.title}, {"experiment", s.experiment},
                      {"runs", s.run_ids}, {"seeds", s.seeds},
                      {"test_accuracies", s.test_accuracies}};
    if (s.summary) {
      j["mean"] = s.summary->mean;
      j["std"] = s.summary->std_dev;
      if (s.summary->ci) j["ci"] = {s.summary->ci->low, s.summary->ci->high};
    }
    return j;
  };
  ordered_json j = {{"database", d.db_path}, {"a", side(d.a)}, {"b", side(d.b)}};
  if (d.welch) {
    j["difference"] = {{"value", d.welch->difference},
                       {"ci", {d.welch->ci.low, d.welch->ci.high}},
                       {"df", d.welch->df},
                       {"p_two_sided", d.welch->p_two_sided}};
  }
  if (d.seeds) {
    auto count = [](const std::optional<int>& n) { return n ? ordered_json(*n) : ordered_json(); };
    j["verdict"] = CompareVerdict(d);
    j["seeds"] = {{"power", stats::kPlanningPower},
                  {"alpha", 0.05},
                  {"needed_per_side_for_observed", count(d.seeds->needed_for_observed)},
                  {"min_effect", d.seeds->min_effect},
                  {"needed_per_side_for_min_effect", count(d.seeds->needed_for_min_effect)},
                  {"power_at_min_effect_now", d.seeds->power_at_min_effect}};
  }
  if (d.improvement) {
    j["p_a_greater_b"] = {{"value", d.improvement->probability},
                          {"ci", {d.improvement->ci.low, d.improvement->ci.high}},
                          {"resamples", d.improvement->resamples}};
  }
  ordered_json pairs = ordered_json::array();
  for (const SeedPairTest& t : d.mcnemar) {
    pairs.push_back({{"run_a", t.run_a}, {"run_b", t.run_b}, {"seed_a", t.seed_a},
                     {"seed_b", t.seed_b}, {"b", t.result.b}, {"c", t.result.c},
                     {"p", t.result.p}});
  }
  j["mcnemar"] = pairs;
  if (d.mcnemar.empty()) j["mcnemar_note"] = d.mcnemar_note;
  return j.dump(2) + "\n";
}

}  // namespace mnb
