// `mnistbench compare A B`: two variants or runs side by side, with the Welch difference of means,
// P(A > B) and, where predictions are stored, McNemar per seed pair (reports/tables/compare.h).
#include <fmt/format.h>

#include <filesystem>

#include "harness/base/error.h"
#include "harness/cli/command.h"
#include "harness/data/registry.h"
#include "harness/data/test_labels.h"
#include "harness/store/db_path.h"
#include "harness/store/reader.h"
#include "reports/tables/compare.h"

namespace mnb {

void AddCompareCommand(CLI::App& app, CommandAction* action) {
  auto* cmd = app.add_subcommand(
      "compare", "Is A really better than B? Welch interval and p, P(A > B), McNemar per seed pair");
  auto db = std::make_shared<std::string>();
  auto a = std::make_shared<std::string>();
  auto b = std::make_shared<std::string>();
  auto experiments = std::make_shared<std::vector<std::string>>();
  auto format = std::make_shared<std::string>("md");
  auto min_effect = std::make_shared<double>(100 * kVsBestMinEffect);
  auto data_dir = std::make_shared<std::string>();
  cmd->add_option("a", *a, "a run id, run key, variant label (as the leaderboard shows it) or model")
      ->required();
  cmd->add_option("b", *b, "the same, for B")->required();
  cmd->add_option("--db", *db, "results database (default: $MNISTBENCH_DB, else ./mnistbench.db)");
  cmd->add_option("--experiment", *experiments, "look for A and B only in these experiments");
  cmd->add_option("--data-dir", *data_dir,
                  "where the test labels are, for McNemar (default: $MNISTBENCH_DATA, else ./data)");
  cmd->add_option("--min-effect", *min_effect,
                  "the difference to plan seeds for, in accuracy points (default 1)")
      ->check(CLI::Range(0.001, 100.0))
      ->capture_default_str();
  cmd->add_option("--format", *format, "md | csv | json")
      ->check(CLI::IsMember({"md", "csv", "json"}))
      ->capture_default_str();
  cmd->callback([=] {
    *action = [=] {
      std::vector<uint8_t> labels;
      const std::string path = ResolveDbPath(*db);
      StoreReader results(path, "pass --db");
      CompareData data = LoadComparison(results, *a, *b, *experiments, *min_effect / 100);
      data.mcnemar_note =
          LoadTestLabels(data.a.dataset, data.b.dataset, ResolveDataDir(*data_dir), &labels);
      if (data.mcnemar_note.empty()) AddMcNemar(results, labels, &data);
      if (*format == "csv") {
        fmt::print("{}", RenderCompareCsv(data));
      } else if (*format == "json") {
        fmt::print("{}", RenderCompareJson(data));
      } else {
        fmt::print("{}", RenderCompareMarkdown(data));
      }
      return kExitOk;
    };
  });
}

}  // namespace mnb
