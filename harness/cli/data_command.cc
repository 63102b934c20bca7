// `mnistbench data list|verify|fetch`: what datasets exist, where, whether their files check out,
// and getting the missing ones from upstream or a mirror.
#include <fmt/format.h>
#include <unistd.h>

#include "harness/cli/command.h"
#include "harness/data/data_error.h"
#include "harness/data/fetch.h"
#include "harness/data/idx.h"
#include "harness/data/registry.h"

namespace mnb {

namespace {

std::string SplitSummary(const DatasetInfo& info) {
  if (info.eval_only) return fmt::format("eval {}", info.files.front().images.count);
  if (info.carved_test > 0) {
    const int64_t all = info.files.front().images.count;
    return fmt::format("train {} (carved) / test {}", all - info.carved_test, info.carved_test);
  }
  std::string s;
  for (const SplitFiles& f : info.files) {
    s += fmt::format("{}{} {}", s.empty() ? "" : " / ", f.split, f.images.count);
  }
  return s;
}

bool Present(const std::string& dir, const DatasetInfo& info) {
  for (const SplitFiles& f : info.files) {
    if (!FindFile(dir, info, f.images) || !FindFile(dir, info, f.labels)) return false;
  }
  return true;
}

std::vector<const DatasetInfo*> Select(const std::vector<std::string>& names) {
  std::vector<const DatasetInfo*> out;
  if (names.empty()) {
    for (const DatasetInfo& info : AllDatasets()) out.push_back(&info);
    return out;
  }
  for (const std::string& name : names) {
    const DatasetInfo* info = FindDataset(name);
    if (info == nullptr) {
      std::string known;
      for (const DatasetInfo& d : AllDatasets()) known += (known.empty() ? "" : ", ") + d.name;
      throw DataError(fmt::format("unknown dataset '{}' (expected one of {})", name, known));
    }
    out.push_back(info);
  }
  return out;
}

}  // namespace

void AddDataCommand(CLI::App& app, CommandAction* action) {
  auto* data = app.add_subcommand("data", "List, verify and fetch datasets");
  data->require_subcommand(1);
  auto dir = std::make_shared<std::string>();
  auto names = std::make_shared<std::vector<std::string>>();

  auto* list = data->add_subcommand("list", "Each dataset's splits, sizes and whether present");
  const char* dir_help = "data directory (default: $MNISTBENCH_DATA, else ./data)";
  list->add_option("--data-dir", *dir, dir_help);
  list->callback([=] {
    *action = [=] {
      const std::string root = ResolveDataDir(*dir);
      fmt::print("data directory: {}\n", root);
      fmt::print("{:<15} {:<32} {:<8} {}\n", "dataset", "splits", "status", "description");
      for (const DatasetInfo& info : AllDatasets()) {
        fmt::print("{:<15} {:<32} {:<8} {}\n", info.name, SplitSummary(info),
                   Present(root, info) ? "present" : "missing", info.description);
      }
      return kExitOk;
    };
  });

  auto* verify = data->add_subcommand("verify", "Check every file's SHA-256 against the registry");
  verify->add_option("datasets", *names, "datasets to verify (default: all)");
  verify->add_option("--data-dir", *dir, dir_help);
  verify->callback([=] {
    *action = [=] {
      const std::string root = ResolveDataDir(*dir);
      int bad = 0;
      for (const DatasetInfo* info : Select(*names)) {
        for (const SplitFiles& split : info->files) {
          for (const DataFile* file : {&split.images, &split.labels}) {
            const auto path = FindFile(root, *info, *file);
            std::string verdict;
            if (!path) {
              verdict = "MISSING";
            } else {
              try {
                verdict = Sha256OfIdxContent(*path) == file->sha256 ? "ok" : "MISMATCH";
              } catch (const DataError& e) {
                verdict = std::string("UNREADABLE: ") + e.what();
              }
            }
            if (verdict != "ok") ++bad;
            fmt::print("{:<15} {:<36} {}\n", info->name, file->name, verdict);
          }
        }
      }
      if (bad > 0) {
        fmt::print(stderr,
                   "mnistbench: data verify: {} file(s) missing or not as the registry expects in "
                   "{} (run `mnistbench data fetch --all` or scripts/fetch_data.sh)\n",
                   bad, root);
        return kExitBadInput;
      }
      return kExitOk;
    };
  });

  auto* fetch = data->add_subcommand(
      "fetch", "Download missing dataset files from upstream (or --mirror), verified");
  auto fetch_options = std::make_shared<FetchOptions>();
  auto all = std::make_shared<bool>(false);
  auto mirror = std::make_shared<std::string>();
  fetch->add_option("datasets", *names, "datasets to fetch (or --all)");
  fetch->add_flag("--all", *all, "every dataset of the registry");
  fetch->add_option("--mirror", *mirror,
                    "base address replacing the upstream ones: MIRROR/DIR/FILE[.gz] "
                    "(http://, https://, file:// or a directory; default: $MNISTBENCH_MIRROR)");
  fetch->add_flag("--force", fetch_options->force,
                  "replace present files that do not match the registry (verified ones are "
                  "never touched)");
  fetch->add_option("--data-dir", *dir, dir_help);
  fetch->add_option("--attempts", fetch_options->attempts,
                    "tries per address for unreachable hosts and dropped transfers")
      ->check(CLI::Range(1, 20))
      ->capture_default_str();
  fetch->add_option("--connect-timeout", fetch_options->connect_timeout_seconds,
                    "seconds to wait for a connection")
      ->check(CLI::Range(1, 600))
      ->capture_default_str();
  fetch->callback([=] {
    *action = [=] {
      if (names->empty() && !*all) {
        throw DataError("data fetch: name the datasets to fetch or pass --all");
      }
      FetchOptions options = *fetch_options;
      options.data_dir = ResolveDataDir(*dir);
      options.mirror = ResolveMirror(*mirror);
      options.progress_bar = isatty(STDERR_FILENO) != 0;
      const std::vector<std::string> none;
      const FetchReport report =
          FetchDatasets(Select(*all ? none : *names), options, stdout, stderr);
      fmt::print("data fetch: {} present, {} fetched, {} failed in {} (from {})\n",
                 report.present, report.fetched, report.failed, options.data_dir,
                 options.mirror.empty() ? "upstream" : options.mirror);
      return report.failed > 0 ? kExitBadInput : kExitOk;
    };
  });
}

}  // namespace mnb
