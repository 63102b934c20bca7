#include "harness/run/race_proposer.h"

#include <algorithm>
#include <map>
#include <set>
#include <string>

#include "harness/plan/plan.h"
#include "harness/run/eta.h"
#include "harness/run/tpe_proposer.h"
#include "harness/search/race.h"
#include "harness/store/race_rounds.h"
#include "harness/store/rows.h"
#include "harness/store/store.h"
#include "models/layer_spec.h"

namespace mnb {
namespace {

struct RaceVariant {
  int64_t name_run = 0;             // its run with the race's first seed
  RunSpec spec;                     // of that run
  std::vector<const RunRow*> runs;  // by seed
  std::string last_verdict;         // of its latest round; empty before its first
  int64_t last_round = 0;           // the number of that round; 0 before the first
};

// The experiment's race variants by dataset, each group in order of the variants' first runs. A
// variant races when one of its runs holds the race's settings; the others are left out.
std::map<std::string, std::vector<RaceVariant>> Variants(Database& db, int64_t experiment_id,
                                                         const std::vector<RunRow>& runs) {
  std::map<std::string, RaceVariant> by_key;
  std::vector<std::string> order;  // keys by first run
  for (const RunRow& run : runs) {
    RunSpec spec = RunSpecFromJson(run.config_json);
    const std::string key = VariantKey(spec);
    auto [at, fresh] = by_key.try_emplace(key);
    RaceVariant& v = at->second;
    if (fresh) {
      order.push_back(key);
      v.name_run = run.run_id;
    }
    const bool names = spec.race.active() && static_cast<uint64_t>(run.seed) == spec.race.first_seed;
    if (names) v.name_run = run.run_id;
    if (spec.race.active() && (names || !v.spec.race.active())) v.spec = std::move(spec);
    v.runs.push_back(&run);
  }
  std::map<int64_t, const RaceRoundRow*> latest;  // rounds come by run_id, then round
  const std::vector<RaceRoundRow> rounds = ReadRaceRounds(db, experiment_id);
  for (const RaceRoundRow& round : rounds) latest[round.run_id] = &round;
  std::map<std::string, std::vector<RaceVariant>> groups;
  for (const std::string& key : order) {
    RaceVariant& v = by_key.at(key);
    if (!v.spec.race.active()) continue;
    std::sort(v.runs.begin(), v.runs.end(),
              [](const RunRow* a, const RunRow* b) { return a->seed < b->seed; });
    if (auto it = latest.find(v.name_run); it != latest.end()) {
      v.last_verdict = it->second->verdict;
      v.last_round = it->second->round;
    }
    groups[v.spec.dataset].push_back(std::move(v));
  }
  return groups;
}

bool Racing(const RaceVariant& v) { return v.last_verdict.empty() || v.last_verdict == "continue"; }

bool Unfinished(const RunRow& run) { return StatusStillOpen(run.status); }

search::RaceEntrant EntrantOf(const RaceVariant& v) {
  search::RaceEntrant e;
  for (const RunRow* run : v.runs) {
    if (run->status == "pruned") e.ended = search::RaceEntrant::Ended::kPruned;
    if (run->status == "diverged" && e.ended == search::RaceEntrant::Ended::kNo) {
      e.ended = search::RaceEntrant::Ended::kDiverged;
    }
    if (run->status == "failed" && e.ended == search::RaceEntrant::Ended::kNo) {
      e.ended = search::RaceEntrant::Ended::kFailed;
    }
    if (run->status == "completed" && run->val_accuracy) e.scores.push_back(*run->val_accuracy);
  }
  return e;
}

NewRun NextSeedRun(const RaceVariant& v) {
  RunSpec spec = v.spec;
  // The first seed from first_seed up that the variant has not run (seeds planned before the race
  // may leave gaps).
  std::set<uint64_t> used;
  for (const RunRow* run : v.runs) used.insert(static_cast<uint64_t>(run->seed));
  spec.seed = spec.race.first_seed;
  while (used.count(spec.seed) > 0) ++spec.seed;
  return {RunKey(spec), spec, RunSpecToJson(spec),
          CostOf(ParseLayerList(ModelLayersText(spec))).params};
}

// Judges the group's round if it is complete; returns the runs it adds.
std::vector<NewRun> JudgeGroup(Database& db, const std::vector<RaceVariant>& group) {
  std::vector<const RaceVariant*> racing;
  int64_t round_number = 1;
  for (const RaceVariant& v : group) {
    round_number = std::max(round_number, v.last_round + 1);
    if (!Racing(v)) continue;
    for (const RunRow* run : v.runs) {
      if (Unfinished(*run)) return {};  // the round is still running
    }
    racing.push_back(&v);
  }
  if (racing.empty()) return {};
  std::vector<search::RaceEntrant> entrants;
  for (const RaceVariant* v : racing) entrants.push_back(EntrantOf(*v));
  const RaceSettings& race = racing.front()->spec.race;
  const search::RaceRound round = search::JudgeRaceRound(entrants, race.max_seeds, race.alpha, race.tie_within);
  std::vector<NewRun> next;
  for (size_t i = 0; i < racing.size(); ++i) {
    const search::RaceDecision& d = round.decisions[i];
    RaceRoundRow row;
    row.run_id = racing[i]->name_run;
    row.round = round_number;
    row.seeds = static_cast<int64_t>(racing[i]->runs.size());
    row.verdict = search::RaceVerdictName(d.verdict);
    if (round.best >= 0 && static_cast<size_t>(round.best) != i && !entrants[i].scores.empty() &&
        entrants[i].ended == search::RaceEntrant::Ended::kNo) {
      row.p_adjusted = d.p_adjusted;
    }
    if (!entrants[i].scores.empty()) row.mean = d.mean;
    if (round.best >= 0) row.best_mean = round.decisions[static_cast<size_t>(round.best)].mean;
    WriteRaceRound(db, row);
    if (d.verdict == search::RaceVerdict::kContinue &&
        static_cast<int64_t>(racing[i]->runs.size()) < race.max_seeds) {
      next.push_back(NextSeedRun(*racing[i]));
    }
  }
  return next;
}

}  // namespace

bool ProposeRaceRound(Database& db, int64_t experiment_id) {
  if (UnproposedTpeRuns(db, experiment_id) > 0) return false;  // TPE's trials race once all exist
  const std::vector<RunRow> runs = RaceRuns(db, experiment_id);
  if (runs.empty()) return false;
  std::vector<NewRun> next;
  for (const auto& [dataset, group] : Variants(db, experiment_id, runs)) {
    std::vector<NewRun> more = JudgeGroup(db, group);
    next.insert(next.end(), more.begin(), more.end());
  }
  return InsertRunRows(db, experiment_id, next) > 0;
}

std::vector<RunRow> UnplannedRaceRunRows(Database& db, int64_t experiment_id) {
  std::vector<RunRow> rows;
  const std::vector<RunRow> runs = RaceRuns(db, experiment_id);
  if (runs.empty()) return rows;
  for (const auto& [dataset, group] : Variants(db, experiment_id, runs)) {
    for (const RaceVariant& v : group) {
      if (!Racing(v)) continue;
      const int64_t left =
          std::max<int64_t>(0, v.spec.race.max_seeds - static_cast<int64_t>(v.runs.size()));
      for (int64_t i = 0; i < left; ++i) {
        rows.push_back(RunToCome((int64_t{1} << 41) + static_cast<int64_t>(rows.size()),
                                 experiment_id, v.spec.model, v.spec.epochs));
      }
    }
  }
  return rows;
}

int64_t UnplannedRaceRuns(Database& db, int64_t experiment_id) {
  return static_cast<int64_t>(UnplannedRaceRunRows(db, experiment_id).size());
}

}  // namespace mnb
