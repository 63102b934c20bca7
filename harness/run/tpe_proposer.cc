#include "harness/run/tpe_proposer.h"

#include <algorithm>
#include <map>
#include <set>
#include <vector>

#include "harness/config/grid_keys.h"
#include "harness/config/search_config.h"
#include "harness/config/search_plan.h"
#include "harness/plan/plan.h"
#include "harness/run/eta.h"
#include "harness/search/space_json.h"
#include "harness/search/tpe.h"
#include "harness/store/store.h"
#include "models/layer_spec.h"

namespace mnb {

namespace {

struct TpeRun {
  RunRow row;
  RunSpec spec;
};

// The TPE runs of an experiment by [[model]] block.
std::map<int64_t, std::vector<TpeRun>> Blocks(Database& db, int64_t experiment_id) {
  std::map<int64_t, std::vector<TpeRun>> blocks;
  for (RunRow& row : TpeSearchRuns(db, experiment_id)) {
    RunSpec spec = RunSpecFromJson(row.config_json);
    blocks[spec.search_trial.block].push_back({std::move(row), std::move(spec)});
  }
  return blocks;
}

// The block's runs of its lowest trial number: one per seed, the template of a new trial.
std::vector<const RunSpec*> SeedTemplates(const std::vector<TpeRun>& runs) {
  int64_t first = runs.front().spec.search_trial.trial;
  for (const TpeRun& r : runs) first = std::min(first, r.spec.search_trial.trial);
  std::vector<const RunSpec*> templates;
  for (const TpeRun& r : runs) {
    if (r.spec.search_trial.trial == first) templates.push_back(&r.spec);
  }
  return templates;
}

std::vector<search::FinishedTrial> Finished(const std::vector<TpeRun>& runs) {
  struct Sum {
    search::FinishedTrial trial;
    double total = 0;
    int n = 0;
  };
  std::map<int64_t, Sum> by_trial;
  for (const TpeRun& r : runs) {
    const bool pruned = r.row.status == "pruned";
    if (r.row.status != "completed" && !pruned) continue;
    const std::optional<double> metric =
        r.spec.prune.metric == "val_loss" && r.spec.prune.active() ? r.row.val_loss
                                                                     : r.row.val_accuracy;
    if (!metric) continue;
    Sum& sum = by_trial[r.spec.search_trial.trial];
    sum.trial.trial = static_cast<uint64_t>(r.spec.search_trial.trial);
    sum.trial.params = search::ParamsFromJson(r.spec.search_trial.params_json);
    sum.trial.pruned = sum.trial.pruned || pruned;
    sum.trial.last_epoch = std::max(sum.trial.last_epoch, r.row.final_epoch.value_or(0));
    sum.total += *metric;
    ++sum.n;
  }
  std::vector<search::FinishedTrial> finished;
  for (auto& [number, sum] : by_trial) {
    sum.trial.objective = sum.total / sum.n;
    finished.push_back(sum.trial);
  }
  return finished;
}

// The runs of trial `number` with `params`, one per seed template.
std::vector<NewRun> TrialRuns(const std::vector<const RunSpec*>& templates,
                              const search::SearchSpace& space, const search::Params& params,
                              int64_t number) {
  std::vector<NewRun> runs;
  for (const RunSpec* t : templates) {
    RunSpec spec = *t;
    for (size_t d = 0; d < space.size(); ++d) ApplyAxis(spec, space[d].name, ConfigValueOf(params[d]));
    spec.search_trial.trial = number;
    spec.search_trial.params_json = search::ParamsToJson(params);
    runs.push_back({RunKey(spec), spec, RunSpecToJson(spec),
                    CostOf(ParseLayerList(ModelLayersText(spec))).params});
  }
  return runs;
}

int64_t NextTrial(const std::vector<TpeRun>& runs) {
  int64_t highest = -1;
  for (const TpeRun& r : runs) highest = std::max(highest, r.spec.search_trial.trial);
  return highest + 1;
}

}  // namespace

bool ProposeTpeTrial(Database& db, int64_t experiment_id) {
  for (const auto& [block, runs] : Blocks(db, experiment_id)) {
    const SearchTrial& search = runs.front().spec.search_trial;
    const search::SearchSpace space = search::SpaceFromJson(search.space_json);
    const std::vector<search::FinishedTrial> finished = Finished(runs);
    const std::vector<const RunSpec*> templates = SeedTemplates(runs);
    search::TpeOptions options;
    options.startup_trials = static_cast<size_t>(kTpeStartupTrials);
    options.maximize = !(runs.front().spec.prune.active() &&
                         runs.front().spec.prune.metric == "val_loss");
    for (int64_t number = NextTrial(runs); number < search.trials; ++number) {
      const search::Params params =
          search::ProposeTpe(space, finished, search.seed, static_cast<uint64_t>(number), options);
      if (InsertRunRows(db, experiment_id, TrialRuns(templates, space, params, number)) > 0) {
        return true;
      }
    }
  }
  return false;
}

std::vector<RunRow> UnproposedTpeRunRows(Database& db, int64_t experiment_id) {
  std::vector<RunRow> rows;
  for (const auto& [block, runs] : Blocks(db, experiment_id)) {
    const int64_t left = runs.front().spec.search_trial.trials - NextTrial(runs);
    for (int64_t i = 0; i < left; ++i) {
      for (const RunSpec* t : SeedTemplates(runs)) {
        // The trial's own epochs are not known yet: its template's.
        rows.push_back(RunToCome((int64_t{1} << 40) + static_cast<int64_t>(rows.size()),
                                 experiment_id, t->model, t->epochs));
      }
    }
  }
  return rows;
}

int64_t UnproposedTpeRuns(Database& db, int64_t experiment_id) {
  return static_cast<int64_t>(UnproposedTpeRunRows(db, experiment_id).size());
}

}  // namespace mnb
