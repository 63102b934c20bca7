// `mnistbench check` (the CI accuracy gate) and `mnistbench baseline` (freeze results to compare
// against later).
#include <fmt/format.h>

#include <filesystem>

#include "harness/base/atomic_write.h"
#include "harness/base/error.h"
#include "harness/check/check.h"
#include "harness/cli/command.h"
#include "harness/cli/torch_side.h"
#include "harness/store/db_path.h"
#include "reports/tables/check_report.h"

namespace mnb {

void AddCheckCommand(CLI::App& app, CommandAction* action, const TorchSide& torch) {
  auto* cmd = app.add_subcommand(
      "check", "Gate on accuracy: compare an experiment's results with its [expect] and a baseline");
  auto runner = std::make_shared<RunnerOptions>();
  auto db = std::make_shared<std::string>();
  auto run_first = std::make_shared<bool>(false);
  auto baseline = std::make_shared<std::string>();
  auto tolerance = std::make_shared<std::string>("0.5pp");
  auto significance = std::make_shared<double>(0);
  auto min_effect = std::make_shared<std::string>("0pp");
  auto junit = std::make_shared<std::string>();
  auto markdown = std::make_shared<std::string>();
  cmd->add_option("file", runner->experiment_file, "experiment TOML file")->required();
  cmd->add_option("--db", *db, "results database (default: $MNISTBENCH_DB, else ./mnistbench.db)");
  cmd->add_flag("--run", *run_first, "run the experiment first (resuming as usual)");
  cmd->add_option("--baseline", *baseline, "BASE.db or BASE.csv (from `mnistbench baseline`)");
  cmd->add_option("--tolerance", *tolerance,
                  "allowed drop below the baseline mean: 0.5pp (points) or 2sd (baseline seeds' std)")
      ->capture_default_str();
  cmd->add_option("--significance", *significance,
                  "with --baseline: fail a variant only when a one-sided Welch test at this level "
                  "(e.g. 0.05) finds its mean below the baseline's by more than --min-effect; "
                  "--tolerance then decides only where a side has fewer than 2 seeds");
  cmd->add_option("--min-effect", *min_effect,
                  "with --significance: the drop that counts, in points (e.g. 0.2pp)")
      ->capture_default_str();
  cmd->add_option("--junit", *junit, "write JUnit XML here (one testcase per variant x check)");
  cmd->add_option("--markdown", *markdown, "write a Markdown summary here (for a PR comment)");
  AddWorkersOption(cmd, &runner->workers, "with --run: worker processes");
  cmd->add_option("--threads", runner->threads, "with --run: threads in total")->check(CLI::NonNegativeNumber);
  cmd->add_option("--data-dir", runner->data_dir, "with --run: data directory");
  cmd->add_option("--device", runner->device, "with --run: auto | cpu | cuda | cuda:N");
  cmd->callback([=] {
    *action = [=] {
      RunnerOptions o = *runner;
      o.db_path = ResolveDbPath(*db);
      Tolerance tol = ParseTolerance(*tolerance);
      if (cmd->count("--significance") > 0) {
        if (baseline->empty()) throw BadInput("--significance compares with a baseline: pass --baseline");
        SetSignificance(*significance, *min_effect, &tol);
      } else if (cmd->count("--min-effect") > 0) {
        throw BadInput("--min-effect is the effect --significance tests for: pass --significance too");
      }
      const Experiment experiment = LoadExperiment(o.experiment_file);
      const Plan plan = ExpandPlan(experiment);
      std::optional<Baseline> base;
      if (!baseline->empty()) base = LoadBaseline(*baseline, experiment.name);
      if (*run_first) {
        const int code = torch.run_sweep(o);
        if (code == kExitInterrupted) return code;
      }
      StoreReader reader(o.db_path, "run the experiment first, or use --run");
      const auto results = CollectResults(reader, experiment, plan);
      const auto rows = Evaluate(experiment, results, base, tol);
      fmt::print("{}", CheckTable(rows));
      if (!junit->empty()) WriteFileAtomically(*junit, CheckJUnitXml(experiment.name, rows));
      if (!markdown->empty()) WriteFileAtomically(*markdown, CheckMarkdown(experiment.name, rows));
      const bool ok = AllPassed(rows);
      int failed = 0;
      for (const CheckRow& r : rows) failed += r.verdict == CheckRow::Verdict::kFail;
      fmt::print("{}: {} of {} checks passed\n", ok ? "PASS" : "FAIL",
                 static_cast<int>(rows.size()) - failed, rows.size());
      return ok ? kExitOk : kExitFailed;
    };
  });

  auto* freeze = app.add_subcommand("baseline", "Freeze an experiment's current results as a baseline CSV");
  auto file = std::make_shared<std::string>();
  auto freeze_db = std::make_shared<std::string>();
  auto out = std::make_shared<std::string>();
  freeze->add_option("file", *file, "experiment TOML file")->required();
  freeze->add_option("--db", *freeze_db, "results database (default: $MNISTBENCH_DB, else ./mnistbench.db)");
  freeze->add_option("-o,--output", *out, "baseline CSV to write")->required();
  freeze->callback([=] {
    *action = [=] {
      const Experiment experiment = LoadExperiment(*file);
      const std::string path = ResolveDbPath(*freeze_db);
      StoreReader reader(path);
      const auto results = CollectResults(reader, experiment, ExpandPlan(experiment));
      const Baseline b = BaselineFromResults(results);
      for (const VariantResult& r : results) {
        if (r.completed < r.planned) {
          fmt::print(stderr, "warning: {}: {} of {} runs completed; the baseline uses those\n",
                     r.label, r.completed, r.planned);
        }
      }
      if (b.empty()) {
        throw BadInput(fmt::format("{}: no completed runs of '{}' to freeze", path,
                                   experiment.name));
      }
      WriteBaselineCsv(*out, b);
      fmt::print("{}: {} variant(s) from {}\n", *out, b.size(), path);
      return kExitOk;
    };
  });
}

}  // namespace mnb
