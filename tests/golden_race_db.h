// The golden race database: the golden database (tests/golden_db.h) plus two raced experiments,
// written through the real Store API with fixed metrics and race_rounds rows written with
// WriteRaceRound (harness/store/race_rounds.h), as a sweep with a [race] table leaves them. Shared
// by the race golden test (tests/reports/test_golden.cc) and the race standings' tests
// (tests/results/test_race_standings.cc).
//
// Contract: BuildGoldenRaceDb writes BuildGoldenDb's four experiments, then
//   5. kGoldenRaceRunning: race-mlp on mnist at five learning rates, a race with min_seeds 2,
//      max_seeds 6, alpha 0.05, in its third round. Round 1 (2 seeds; lr 0.1's seed 1 diverged):
//      lr 0.01 best, 0.003 and 0.001 go on, 0.1 diverged, 0.03 below the best (p 0.012). Round 2
//      (3 seeds): 0.01 best, 0.003 goes on (p 0.41), 0.001 below the best (p 0.003). Seed 4 of
//      lr 0.01 is running, of lr 0.003 queued: two variants racing at 4 seeds, at most 4 more runs.
//   6. kGoldenRaceDecided: the same model on mnist at four learning rates and on fashion-mnist at
//      two, max_seeds 3, alpha 0.1, every round judged. mnist: lr 0.03's seed 1 pruned and lr 0.3's
//      seed 2 failed (out in round 1), lr 0.001 below the best in round 2 (p 0.04), lr 0.01 best.
//      fashion-mnist: both at max seeds after round 2 (p 0.35).
// Every mean in a round row is the mean of the finished seeds' final validation accuracies that
// round saw; p values are fixed numbers (the rendering, not the test, is what is golden).
#ifndef MNISTBENCH_TESTS_GOLDEN_RACE_DB_H_
#define MNISTBENCH_TESTS_GOLDEN_RACE_DB_H_

#include <catch2/catch.hpp>

#include <optional>
#include <string>
#include <vector>

#include "harness/store/race_rounds.h"
#include "tests/golden_db.h"

namespace mnb::testing {

inline const char* kGoldenRaceRunning = "race: lr <grid> & 'q'";
inline const char* kGoldenRaceDecided = "race decided";

namespace golden {

enum class RaceEnd { kCompleted, kDiverged, kPruned, kFailed, kRunning, kQueued };

struct RaceRun {
  std::string dataset;
  double lr = 0;
  uint64_t seed = 1;
  double skill = 0;
  RaceEnd end = RaceEnd::kCompleted;
};

inline RunSpec RaceRunSpec(const RaceRun& run, const RaceSettings& race) {
  RunSpec spec;
  spec.model = "race-mlp";
  spec.layers = "flatten, dense(16), relu, dense(10)";
  spec.dataset = run.dataset;
  spec.val_size = 100;
  spec.lr = run.lr;
  spec.batch_size = 64;
  spec.epochs = 2;
  spec.seed = run.seed;
  spec.race = race;
  return spec;
}

// The final validation accuracy a completed race run of this skill records.
inline double RaceValAccuracy(double skill) {
  return Epoch(2, skill, 0.01, true, 1.0).val->accuracy;
}

// Inserts `runs` (queued ones last), claims and plays out all but the queued ones; returns their
// run ids, in the same order.
inline std::vector<int64_t> AddRaceRuns(Store& store, int64_t experiment, const RaceSettings& race,
                                        const std::vector<RaceRun>& runs) {
  std::vector<NewRun> rows;
  size_t queued = 0;
  for (const RaceRun& run : runs) {
    const RunSpec spec = RaceRunSpec(run, race);
    rows.push_back({RunKey(spec), spec, RunSpecToJson(spec), 12730});
    queued += run.end == RaceEnd::kQueued ? 1 : 0;
  }
  REQUIRE(store.InsertPlan(experiment, rows) == static_cast<int>(runs.size()));
  const auto claims =
      ClaimAll(store, experiment, runs.size(), queued, {"cpu", 2, "2.1.0", "race123", ""});
  std::vector<int64_t> ids;
  for (size_t i = 0; i < claims.size(); ++i) {
    const RaceRun& run = runs[i];
    ids.push_back(claims[i].run_id);
    const bool whole = run.end == RaceEnd::kCompleted;
    RecordEpochs(store, claims[i], whole ? 2 : 1, run.skill, 0.01, true, 0.8);
    RunOutcome outcome;
    outcome.epochs_done = 1;
    switch (run.end) {
      case RaceEnd::kCompleted: REQUIRE(store.FinishRun(claims[i], Completed(2, 20))); break;
      case RaceEnd::kDiverged:
        outcome.status = RunStatus::kDiverged;
        outcome.diverged_epoch = 2;
        outcome.error = "loss is nan at epoch 2";
        REQUIRE(store.FinishRun(claims[i], outcome));
        break;
      case RaceEnd::kPruned:
        outcome.status = RunStatus::kPruned;
        REQUIRE(store.FinishRun(claims[i], outcome));
        break;
      case RaceEnd::kFailed: REQUIRE(store.MarkFailed(claims[i], "out of memory")); break;
      case RaceEnd::kRunning:
      case RaceEnd::kQueued: break;
    }
  }
  for (size_t i = claims.size(); i < runs.size(); ++i) ids.push_back(0);  // queued: not needed
  return ids;
}

// The mean final validation accuracy of completed runs of these skills.
inline double RaceMean(const std::vector<double>& skills) {
  double sum = 0;
  for (double skill : skills) sum += RaceValAccuracy(skill);
  return sum / static_cast<double>(skills.size());
}

// Round `round` of the variant named by run `run_id`, which saw `seeds` seeds.
inline void Round(Store& store, int64_t run_id, int64_t round, int64_t seeds,
                  const std::string& verdict, std::optional<double> p, std::optional<double> mean,
                  double best_mean) {
  WriteRaceRound(store.db(), {run_id, round, seeds, verdict, p, mean, best_mean});
}

inline void BuildRaceRunningExperiment(Store& store) {
  const RaceSettings race{2, 6, 0.05, 1};
  const int64_t id = store.UpsertExperiment(kGoldenRaceRunning, "race.toml", "");
  // Per variant (lr 0.01, 0.003, 0.001, 0.1, 0.03): its seeds' skills.
  const double lr[] = {0.01, 0.003, 0.001, 0.1, 0.03};
  const std::vector<std::vector<double>> skill = {{0.931, 0.927, 0.935, 0.93},
                                                  {0.925, 0.919, 0.928, 0.92},
                                                  {0.903, 0.897, 0.9},
                                                  {0.2, 0.52},
                                                  {0.862, 0.858}};
  std::vector<RaceRun> first;
  for (size_t v = 0; v < 5; ++v) {
    for (uint64_t seed : {1, 2}) {
      first.push_back({"mnist", lr[v], seed, skill[v][seed - 1],
                       v == 3 && seed == 1 ? RaceEnd::kDiverged : RaceEnd::kCompleted});
    }
  }
  const std::vector<int64_t> ids = AddRaceRuns(store, id, race, first);
  auto name = [&](size_t v) { return ids[2 * v]; };  // each variant's seed-1 run
  auto mean = [&](size_t v, size_t seeds) {
    return RaceMean({skill[v].begin(), skill[v].begin() + static_cast<std::ptrdiff_t>(seeds)});
  };
  Round(store, name(0), 1, 2, "continue", std::nullopt, mean(0, 2), mean(0, 2));
  Round(store, name(1), 1, 2, "continue", 0.62, mean(1, 2), mean(0, 2));
  Round(store, name(2), 1, 2, "continue", 0.31, mean(2, 2), mean(0, 2));
  Round(store, name(3), 1, 2, "diverged", std::nullopt, RaceMean({skill[3][1]}), mean(0, 2));
  Round(store, name(4), 1, 2, "below_best", 0.012, mean(4, 2), mean(0, 2));
  AddRaceRuns(store, id, race, {{"mnist", lr[0], 3, skill[0][2]}, {"mnist", lr[1], 3, skill[1][2]},
                                {"mnist", lr[2], 3, skill[2][2]}});
  Round(store, name(0), 2, 3, "continue", std::nullopt, mean(0, 3), mean(0, 3));
  Round(store, name(1), 2, 3, "continue", 0.41, mean(1, 3), mean(0, 3));
  Round(store, name(2), 2, 3, "below_best", 0.003, mean(2, 3), mean(0, 3));
  AddRaceRuns(store, id, race, {{"mnist", lr[0], 4, skill[0][3], RaceEnd::kRunning},
                                {"mnist", lr[1], 4, skill[1][3], RaceEnd::kQueued}});
}

inline void BuildRaceDecidedExperiment(Store& store) {
  const RaceSettings race{2, 3, 0.1, 1};
  const int64_t id = store.UpsertExperiment(kGoldenRaceDecided, "decided.toml", "");
  // mnist lr 0.01, 0.001, 0.03 (seed 1 pruned), 0.3 (seed 2 failed); fashion-mnist 0.01, 0.003.
  const std::vector<RaceRun> first = {
      {"mnist", 0.01, 1, 0.95},         {"mnist", 0.01, 2, 0.952},
      {"mnist", 0.001, 1, 0.93},        {"mnist", 0.001, 2, 0.935},
      {"mnist", 0.03, 1, 0.6, RaceEnd::kPruned}, {"mnist", 0.03, 2, 0.91},
      {"mnist", 0.3, 1, 0.4},           {"mnist", 0.3, 2, 0.4, RaceEnd::kFailed},
      {"fashion-mnist", 0.01, 1, 0.85}, {"fashion-mnist", 0.01, 2, 0.846},
      {"fashion-mnist", 0.003, 1, 0.848}, {"fashion-mnist", 0.003, 2, 0.845}};
  const std::vector<int64_t> ids = AddRaceRuns(store, id, race, first);
  const double best = RaceMean({0.95, 0.952}), fashion = RaceMean({0.85, 0.846});
  Round(store, ids[0], 1, 2, "continue", std::nullopt, best, best);
  Round(store, ids[2], 1, 2, "continue", 0.2, RaceMean({0.93, 0.935}), best);
  Round(store, ids[4], 1, 2, "pruned", std::nullopt, RaceMean({0.91}), best);
  Round(store, ids[6], 1, 2, "failed", std::nullopt, RaceMean({0.4}), best);
  Round(store, ids[8], 1, 2, "continue", std::nullopt, fashion, fashion);
  Round(store, ids[10], 1, 2, "continue", 0.5, RaceMean({0.848, 0.845}), fashion);
  AddRaceRuns(store, id, race, {{"mnist", 0.01, 3, 0.949}, {"mnist", 0.001, 3, 0.931},
                                {"fashion-mnist", 0.01, 3, 0.847},
                                {"fashion-mnist", 0.003, 3, 0.846}});
  const double best3 = RaceMean({0.95, 0.952, 0.949});
  const double fashion3 = RaceMean({0.85, 0.846, 0.847});  // lr 0.01 leads fashion-mnist
  Round(store, ids[0], 2, 3, "best", std::nullopt, best3, best3);
  Round(store, ids[2], 2, 3, "below_best", 0.04, RaceMean({0.93, 0.935, 0.931}), best3);
  Round(store, ids[8], 2, 3, "max_seeds", std::nullopt, RaceMean({0.85, 0.846, 0.847}), fashion3);
  Round(store, ids[10], 2, 3, "max_seeds", 0.35, RaceMean({0.848, 0.845, 0.846}), fashion3);
}

}  // namespace golden

inline void BuildGoldenRaceDb(const std::string& path) {
  BuildGoldenDb(path);
  Store store(path);
  golden::BuildRaceRunningExperiment(store);
  golden::BuildRaceDecidedExperiment(store);
}

}  // namespace mnb::testing

#endif  // MNISTBENCH_TESTS_GOLDEN_RACE_DB_H_
