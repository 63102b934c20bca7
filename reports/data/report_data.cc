#include "reports/data/report_data.h"

#include <fmt/format.h>

#include <ctime>
#include <utility>

#include "reports/data/fidelity_select.h"
#include "reports/data/plot_select.h"
#include "reports/data/report_select.h"

namespace mnb {

namespace {

std::string NowUtc() {
  const std::time_t now = std::time(nullptr);
  std::tm tm{};
  gmtime_r(&now, &tm);
  char text[32];
  std::strftime(text, sizeof(text), "%Y-%m-%dT%H:%M:%SZ", &tm);
  return text;
}

std::string EnvironmentLine(const EnvironmentResult& e) {
  return fmt::format("{}, torch {}, {} threads, git {} ({} run{})", e.device, e.torch_version,
                     e.threads, e.git_rev, e.runs, e.runs == 1 ? "" : "s");
}

}  // namespace

ReportData LoadReport(StoreReader& results, const ReportOptions& options) {
  ReportData data;
  data.db_path = results.path();
  data.generated_at = NowUtc();
  ReadSnapshot snapshot(results);

  // Load and aggregate: the runs, their variants and the variants' statistics.
  ResultSet set = ReadResultSet(results, options.experiments);
  const std::vector<ExperimentRace> races = ReadRaces(results, set.experiments);
  data.race = RaceStandings(set, races);
  for (const ExperimentRace& race : races) data.race_alpha[race.experiment] = race.alpha;
  data.experiments = std::move(set.experiments);
  data.eval_sets = std::move(set.eval_sets);
  data.leaderboard = std::move(set.variants);
  data.runs = std::move(set.runs);
  data.variant_of_run = std::move(set.variant_of_run);
  for (size_t i = 0; i < data.runs.size(); ++i) {
    if (!data.runs[i].completed()) data.unfinished.push_back(i);
  }
  for (const EnvironmentResult& e : results.Environments(data.experiments)) {
    data.environment.push_back(EnvironmentLine(e));
  }

  // Select what the report shows beyond the leaderboard.
  SelectBestConfigs(data);
  SelectBestRuns(results, data);
  SelectCurves(results, options.top_runs, data);
  SelectComparisons(options.baseline, data);
  SelectFidelity(data);
  SelectBudgetCurves(data);
  SelectPlots(results, data);
  return data;
}

}  // namespace mnb
