// `mnistbench data list|verify`: what datasets exist, where, and whether their files check out.
#include <fmt/format.h>

#include "harness/cli/command.h"
#include "harness/data/data_error.h"
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
  auto* data = app.add_subcommand("data", "List and verify datasets");
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
        fmt::print(stderr, "mnistbench: data verify: {} file(s) missing or not as the registry "
                           "expects in {} (run scripts/fetch_data.sh)\n", bad, root);
        return kExitBadInput;
      }
      return kExitOk;
    };
  });
}

}  // namespace mnb
