#include "harness/results/race_standings.h"

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <map>
#include <set>
#include <utility>

#include "harness/results/variants.h"
#include "harness/search/race.h"
#include "harness/store/rows.h"

namespace mnb {

const char* const kRacing = "racing";

namespace {

// Fills s's rounds, verdict and latest round from its variant's round rows (any order).
void ApplyRounds(const std::vector<const RaceRoundRow*>& rows, RaceStanding* s) {
  s->rounds = static_cast<int64_t>(rows.size());
  s->verdict = kRacing;
  const RaceRoundRow* latest = nullptr;
  for (const RaceRoundRow* row : rows) {
    if (latest == nullptr || row->round > latest->round) latest = row;
  }
  if (latest == nullptr) return;
  s->round_seeds = latest->seeds;
  if (latest->verdict != search::RaceVerdictName(search::RaceVerdict::kContinue)) {
    s->verdict = latest->verdict;
  }
  s->p_adjusted = latest->p_adjusted;
  s->mean = latest->mean;
  s->best_mean = latest->best_mean;
}

// The index of the variant of set's run `run_id` when that run is in `experiment`.
std::optional<size_t> VariantOfRun(const ResultSet& set, const std::string& experiment,
                                   int64_t run_id) {
  const auto found = std::lower_bound(
      set.runs.begin(), set.runs.end(), run_id,
      [](const RunRow& run, int64_t id) { return run.run_id < id; });
  if (found == set.runs.end() || found->run_id != run_id) return std::nullopt;
  const size_t variant = set.variant_of_run[static_cast<size_t>(found - set.runs.begin())];
  if (set.variants[variant].experiment != experiment) return std::nullopt;
  return variant;
}

// The standings of one race over set's variants.
void AppendStandings(const ResultSet& set, const ExperimentRace& race,
                     std::vector<RaceStanding>* out) {
  std::map<size_t, std::vector<const RaceRoundRow*>> rows;  // by variant
  std::set<size_t> raced;
  for (const RaceRoundRow& row : race.rounds) {
    if (const auto v = VariantOfRun(set, race.experiment, row.run_id)) {
      rows[*v].push_back(&row);
      raced.insert(*v);
    }
  }
  for (int64_t run_id : race.race_run_ids) {
    if (const auto v = VariantOfRun(set, race.experiment, run_id)) raced.insert(*v);
  }
  std::vector<size_t> order(raced.begin(), raced.end());
  std::sort(order.begin(), order.end(), [&](size_t a, size_t b) {
    return set.variants[a].first_run_id < set.variants[b].first_run_id;
  });
  for (size_t v : order) {
    const Variant& variant = set.variants[v];
    RaceStanding s;
    s.experiment = race.experiment;
    s.label = variant.label;
    s.variant = v;
    s.seeds = variant.runs;
    s.unfinished = variant.queued + variant.running + variant.interrupted;
    ApplyRounds(rows[v], &s);
    out->push_back(std::move(s));
  }
}

}  // namespace

std::optional<double> RaceAlphaOf(const std::string& config_json) {
  const nlohmann::json config =
      nlohmann::json::parse(config_json, nullptr, /*allow_exceptions=*/false);
  if (!config.is_object()) return std::nullopt;
  const auto race = config.find("race");
  if (race == config.end() || !race->is_object()) return std::nullopt;
  const auto alpha = race->find("alpha");
  if (alpha == race->end() || !alpha->is_number()) return std::nullopt;
  return alpha->get<double>();
}

std::vector<ExperimentRace> ReadRaces(StoreReader& reader,
                                      const std::vector<std::string>& experiments) {
  std::map<std::string, int64_t> ids;
  for (const ExperimentRow& e : reader.ExperimentRows()) ids[e.name] = e.id;
  std::vector<ExperimentRace> races;
  for (const std::string& name : experiments) {
    const auto id = ids.find(name);
    if (id == ids.end()) continue;
    ExperimentRace race;
    race.experiment = name;
    race.rounds = reader.RaceRounds(id->second);
    if (race.rounds.empty()) continue;
    for (const RunRow& run : reader.RaceRuns(id->second)) {
      const std::optional<double> alpha = RaceAlphaOf(run.config_json);
      if (!alpha) continue;
      if (race.race_run_ids.empty()) race.alpha = *alpha;  // one race: every run holds the same
      race.race_run_ids.push_back(run.run_id);
    }
    races.push_back(std::move(race));
  }
  return races;
}

std::vector<RaceStanding> RaceStandings(const ResultSet& set,
                                        const std::vector<ExperimentRace>& races) {
  std::vector<RaceStanding> out;
  for (const ExperimentRace& race : races) AppendStandings(set, race, &out);
  return out;
}

std::vector<RaceStanding> RaceStandingsOfRuns(const std::vector<RunRow>& runs,
                                              const std::vector<RaceRoundRow>& rounds) {
  struct Group {
    RaceStanding standing;
    bool raced = false;
    std::vector<const RaceRoundRow*> rows;
  };
  std::vector<Group> groups;  // by first run, as `runs` come by id
  std::map<std::string, size_t> by_config;
  std::map<int64_t, size_t> group_of_run;
  for (const RunRow& run : runs) {
    const auto [at, fresh] =
        by_config.try_emplace(VariantConfigJson(run.config_json), groups.size());
    if (fresh) groups.emplace_back();
    Group& g = groups[at->second];
    ++g.standing.seeds;
    g.standing.unfinished += StatusStillOpen(run.status) ? 1 : 0;
    g.raced = g.raced || RaceAlphaOf(run.config_json).has_value();
    group_of_run[run.run_id] = at->second;
  }
  for (const RaceRoundRow& row : rounds) {
    const auto found = group_of_run.find(row.run_id);
    if (found == group_of_run.end()) continue;
    groups[found->second].rows.push_back(&row);
    groups[found->second].raced = true;
  }
  std::vector<RaceStanding> out;
  for (Group& g : groups) {
    if (!g.raced) continue;
    ApplyRounds(g.rows, &g.standing);
    out.push_back(std::move(g.standing));
  }
  return out;
}

RaceCounts CountRace(const std::vector<RaceStanding>& standings) {
  RaceCounts c;
  const std::pair<const char*, int64_t RaceCounts::*> ended[] = {
      {"best", &RaceCounts::best},         {"below_best", &RaceCounts::below_best},
      {"tied", &RaceCounts::tied},         {"max_seeds", &RaceCounts::max_seeds},
      {"pruned", &RaceCounts::pruned},
      {"diverged", &RaceCounts::diverged}, {"failed", &RaceCounts::failed}};
  for (const RaceStanding& s : standings) {
    ++c.variants;
    if (s.racing()) {
      c.racing_seeds_low = c.racing == 0 ? s.seeds : std::min(c.racing_seeds_low, s.seeds);
      c.racing_seeds_high = std::max(c.racing_seeds_high, s.seeds);
      ++c.racing;
      continue;
    }
    for (const auto& [verdict, count] : ended) {
      if (s.verdict == verdict) ++(c.*count);
    }
  }
  return c;
}

std::string RaceStatusLine(const RaceCounts& c, int64_t unplanned_runs) {
  std::string line = fmt::format("race: {} of {} variant(s) still racing", c.racing, c.variants);
  if (c.racing > 0) {
    line += c.racing_seeds_low == c.racing_seeds_high
                ? fmt::format(" at {} seeds", c.racing_seeds_low)
                : fmt::format(" at {}-{} seeds", c.racing_seeds_low, c.racing_seeds_high);
  }
  const std::pair<int64_t, const char*> ended[] = {
      {c.best, "best"},         {c.below_best, "below the best"}, {c.tied, "tied at the top"},
      {c.max_seeds, "at max seeds"},
      {c.pruned, "pruned"},     {c.diverged, "diverged"},         {c.failed, "failed"}};
  std::string list;
  for (const auto& [n, words] : ended) {
    if (n > 0) list += fmt::format("{}{} {}", list.empty() ? "" : ", ", n, words);
  }
  if (!list.empty()) line += "; " + list;
  if (unplanned_runs > 0) line += fmt::format("; at most {} more run(s)", unplanned_runs);
  return line;
}

}  // namespace mnb
