// `mnistbench report`: leaderboards, comparisons, learning curves, confusion matrices and the
// fidelity table from a results database, as Markdown, CSV and/or self-contained HTML. Reads
// only; safe during a sweep.
#include <fmt/format.h>
#include <fmt/ranges.h>

#include <filesystem>

#include "harness/base/atomic_write.h"
#include "harness/base/error.h"
#include "harness/cli/command.h"
#include "harness/store/db_path.h"
#include "harness/store/reader.h"
#include "harness/store/schema.h"
#include "harness/store/sqlite.h"
#include "reports/render/csv_report.h"
#include "reports/tables/fidelity_table.h"
#include "reports/render/html.h"
#include "reports/render/markdown.h"
#include "reports/data/report_data.h"

namespace mnb {

namespace {

namespace fs = std::filesystem;

// Written atomically, so a reader never sees half a report; -o may name a new directory.
void WriteFile(const fs::path& path, const std::string& text) {
  if (path.has_parent_path()) fs::create_directories(path.parent_path());
  WriteFileAtomically(path.string(), text);
}

// -o names a file for md/html, unless it is an existing directory or ends in '/'.
fs::path FileTarget(const std::string& output, const char* default_name) {
  if (output.back() == '/' || fs::is_directory(output)) return fs::path(output) / default_name;
  return output;
}

}  // namespace

void AddReportCommand(CLI::App& app, CommandAction* action) {
  auto* cmd = app.add_subcommand(
      "report", "Leaderboards, variant comparisons, learning curves and confusion matrices "
                "(Markdown, CSV, HTML)");
  auto db = std::make_shared<std::string>();
  auto options = std::make_shared<ReportOptions>();
  auto format = std::make_shared<std::string>("md");
  auto output = std::make_shared<std::string>();
  auto fidelity = std::make_shared<bool>(false);
  cmd->add_option("--db", *db, "results database (default: $MNISTBENCH_DB, else ./mnistbench.db)");
  cmd->add_option("--experiment", options->experiments,
                  "only these experiments (repeatable; default: all)");
  cmd->add_option("--format", *format,
                  "md | csv | html | all (all: report.md, report.html and the CSVs in -o DIR)")
      ->check(CLI::IsMember({"md", "csv", "html", "all"}))
      ->capture_default_str();
  cmd->add_option("-o,--output", *output,
                  "md/html: a file (default: stdout); csv/all: a directory (csv without -o: "
                  "leaderboard.csv on stdout)");
  cmd->add_option("--baseline", options->baseline,
                  "compare every variant with this one (a variant label as shown in the "
                  "leaderboard, or a model name); default: per model, its first variant");
  cmd->add_option("--top", options->top_runs,
                  "learning curves for the best run of this many top variants per experiment")
      ->check(CLI::Range(0, 1000))
      ->capture_default_str();
  cmd->add_flag("--fidelity", *fidelity,
                "only the fidelity table: each seed model's variants against the accuracy its "
                "project published, mean [95% CI] over seeds, and a verdict (md, csv, html, all)");
  cmd->callback([=] {
    *action = [=] {
      const std::string path = ResolveDbPath(*db);
      if (*format == "all" && output->empty()) {
        throw BadInput("report: --format all writes several files: pass -o DIR");
      }
      StoreReader results(path);
      const ReportData data = LoadReport(results, *options);
      if (data.runs.empty()) {
        fmt::print("{}: no runs yet{}; nothing to report (run `mnistbench run FILE` first)\n", path,
                   options->experiments.empty() ? "" : " in the selected experiments");
        return kExitOk;
      }
      std::vector<std::string> written;
      auto write = [&](const fs::path& target, const std::string& text) {
        WriteFile(target, text);
        written.push_back(target.string());
      };
      // md and html: one document to -o FILE (or a directory), stdout without -o; all: into -o DIR.
      auto document = [&](const char* name, const std::string& text) {
        if (*format == "all") {
          write(fs::path(*output) / name, text);
        } else if (output->empty()) {
          fmt::print("{}", text);
        } else {
          write(FileTarget(*output, name), text);
        }
      };
      const bool md = *format == "md" || *format == "all";
      const bool html = *format == "html" || *format == "all";
      const bool csv = *format == "csv" || *format == "all";
      if (*fidelity) {
        if (md) document("fidelity.md", RenderFidelityMarkdown(data));
        if (html) document("fidelity.html", RenderFidelityHtml(data));
        if (csv && output->empty()) fmt::print("{}", FidelityCsv(data));
        if (csv && !output->empty()) write(fs::path(*output) / "fidelity.csv", FidelityCsv(data));
      } else {
        if (md) document("report.md", RenderMarkdown(data, *options));
        if (html) document("report.html", RenderHtml(data, *options));
        for (const CsvFile& file : csv ? RenderCsv(data) : std::vector<CsvFile>{}) {
          if (output->empty()) {
            if (file.name == "leaderboard.csv") fmt::print("{}", file.text);
          } else {
            write(fs::path(*output) / file.name, file.text);
          }
        }
      }
      if (!written.empty()) {
        fmt::print("{} variant{}, {} run{} from {}; wrote {}\n", data.leaderboard.size(),
                   data.leaderboard.size() == 1 ? "" : "s", data.runs.size(),
                   data.runs.size() == 1 ? "" : "s", path, fmt::join(written, ", "));
      }
      return kExitOk;
    };
  });
}

}  // namespace mnb
