// `mnistbench reproduce RUN`: re-train a recorded run from its stored configuration and check
// that every stored per-epoch metric comes out bit-identical. This file reads the record and
// validates; the training and the comparison are the torch side's (torch_commands.cc).
#include <fmt/format.h>

#include <filesystem>
#include <optional>

#include "harness/base/build_info.h"
#include "harness/base/error.h"
#include "harness/check/reproduce.h"
#include "harness/cli/command.h"
#include "harness/cli/torch_side.h"
#include "harness/data/data_checksum.h"
#include "harness/data/registry.h"
#include "harness/plan/plan.h"
#include "harness/store/db_path.h"
#include "harness/store/reader.h"
#include "harness/store/store.h"

namespace mnb {

namespace {

struct ReproduceFlags {
  std::string run, db, data_dir, device;
  int64_t epochs = 0;
  std::optional<int> threads;
  bool allow_data_change = false;
};

int64_t ParseRunId(const std::string& text) {
  std::string digits = text.rfind("run ", 0) == 0 ? text.substr(4) : text;
  if (digits.empty() || digits.find_first_not_of("0123456789") != std::string::npos ||
      digits.size() > 18) {
    throw BadInput(fmt::format("RUN '{}': expected a run id, e.g. 12 or \"run 12\" (see "
                               "`mnistbench report` or the runs table)",
                               text));
  }
  return std::stoll(digits);
}

// The recorded run, its data checked, as the request the torch side trains and compares.
ReproduceRequest Resolve(const ReproduceFlags& flags) {
  const std::string path = ResolveDbPath(flags.db);
  const int64_t id = ParseRunId(flags.run);
  StoreReader results(path, "pass --db");
  const std::optional<RunRow> record = results.Record(id);
  if (!record) throw BadInput(fmt::format("{}: no run {}", path, id));
  if (record->epochs_done == 0) {
    throw BadInput(fmt::format("{}: run {} is {} with no recorded epoch: nothing to reproduce",
                               path, id, record->status));
  }
  if (flags.epochs > record->epochs_done) {
    throw BadInput(fmt::format("--epochs {}: run {} recorded {} epoch(s)", flags.epochs, id,
                               record->epochs_done));
  }
  ReproduceRequest request;
  request.record = *record;
  try {
    request.run = RunSpecFromJson(record->config_json);
  } catch (const std::exception& e) {
    throw BadInput(fmt::format("{}: run {}: its stored configuration does not read back: {}",
                               path, id, e.what()));
  }
  // Bit-identity on CPU holds for the same thread count, so the recorded one is the default.
  request.run.threads = flags.threads ? *flags.threads : static_cast<int>(record->threads);
  request.run.device = !flags.device.empty() ? flags.device
                       : record->device.empty() ? "auto"
                                                : record->device.substr(0, record->device.find(' '));
  request.data_dir = ResolveDataDir(flags.data_dir);
  request.epochs = flags.epochs > 0 ? flags.epochs : record->epochs_done;
  request.here = {"", "", BuildGitRevision(), MeasuredDataChecksum(request.run, request.data_dir),
                  WorkerId::Current().host, 0};
  if (!record->data_sha256.empty() && record->data_sha256 != request.here.data_sha256 &&
      !flags.allow_data_change) {
    throw BadInput(fmt::format(
        "{}: run {} read data with SHA-256 {}, the files under {} give {} now (pass "
        "--allow-data-change to re-train on them anyway)",
        path, id, record->data_sha256.substr(0, 12), request.data_dir,
        request.here.data_sha256.substr(0, 12)));
  }
  for (const EpochResult& e : results.Epochs(id)) {
    if (e.epoch <= request.epochs) request.recorded.push_back(e);
  }
  for (StoredPredictions& p : results.Predictions(id)) {
    if (p.epoch <= request.epochs) request.recorded_predictions.push_back(std::move(p));
  }
  return request;
}

}  // namespace

void AddReproduceCommand(CLI::App& app, CommandAction* action, const TorchSide& torch) {
  auto* cmd = app.add_subcommand(
      "reproduce", "Re-train a recorded run and check every stored metric is bit-identical");
  auto flags = std::make_shared<ReproduceFlags>();
  cmd->add_option("run", flags->run, "the run's id (12 or \"run 12\")")->required();
  cmd->add_option("--db", flags->db, "results database (default: $MNISTBENCH_DB, else ./mnistbench.db)");
  cmd->add_option("--epochs", flags->epochs, "check only the first K epochs (default: all recorded)")
      ->check(CLI::PositiveNumber);
  cmd->add_option("--data-dir", flags->data_dir, "data directory (default: $MNISTBENCH_DATA, else ./data)");
  cmd->add_option("--threads", flags->threads,
                  "intra-op threads (default: the recorded ones, which bit-identity needs)")
      ->check(CLI::NonNegativeNumber);
  cmd->add_option("--device", flags->device, "auto | cpu | cuda | cuda:N (default: the recorded one)");
  cmd->add_flag("--allow-data-change", flags->allow_data_change,
                "re-train even when the data files' checksum differs from the recorded one");
  cmd->callback([=] {
    *action = [=] { return torch.reproduce(Resolve(*flags)); };
  });
}

}  // namespace mnb
