// mnistbench-torch's side of the commands: training a `train` run and printing it, the sweep
// (harness/run/sweep/runner.h) and the hidden `worker` command that a sweep's worker processes run.
// Only the torch executable links this file (see torch_side.h).
#include <fmt/format.h>
#include <fmt/ranges.h>

#include <nlohmann/json.hpp>

#include <atomic>
#include <chrono>
#include <csignal>

#include "harness/base/build_info.h"
#include "harness/cli/command.h"
#include "harness/cli/torch_side.h"
#include "harness/data/registry.h"
#include "harness/plan/plan.h"
#include "harness/run/stop_signal.h"
#include "harness/run/sweep/worker.h"
#include "harness/train/device.h"
#include "harness/train/torch_compat.h"
#include "harness/train/trainer.h"
#include "models/layer_spec.h"

namespace mnb {

namespace {

std::atomic<bool> g_stop_requested{false};

extern "C" void RequestStop(int) { g_stop_requested = true; }

std::string Percent(double fraction) { return fmt::format("{:.2f}%", 100.0 * fraction); }

std::string EpochLine(const EpochMetrics& m, int64_t epochs) {
  std::string line = fmt::format("epoch {}/{}  train loss {:.4f} acc {}", m.epoch, epochs,
                                 m.train.loss, Percent(m.train.accuracy));
  if (m.val) line += fmt::format("  val loss {:.4f} acc {}", m.val->loss, Percent(m.val->accuracy));
  if (m.test) {
    line += fmt::format("  test loss {:.4f} acc {}", m.test->loss, Percent(m.test->accuracy));
  }
  for (const EvalSetMetrics& e : m.evals) {
    line += fmt::format("  {} acc {}", e.name, Percent(e.metrics.accuracy));
  }
  line += fmt::format("  {:.1f}s  {:.0f} img/s  lr {:g}", m.seconds, m.samples_per_second, m.lr);
  return line;
}

nlohmann::json SplitJson(const std::optional<SplitMetrics>& m) {
  if (!m) return nullptr;
  return {{"loss", m->loss}, {"accuracy", m->accuracy}};
}

void PrintConfusion(const RunOutcome& outcome) {
  fmt::print("confusion (rows: true, columns: predicted) and per-class metrics on test:\n");
  fmt::print("      {}   precision recall  f1\n",
             fmt::format("{:>5}", fmt::join(std::vector<int>{0, 1, 2, 3, 4, 5, 6, 7, 8, 9}, " ")));
  for (size_t t = 0; t < outcome.confusion.size(); ++t) {
    std::string row;
    for (int64_t c : outcome.confusion[t]) row += fmt::format("{:>5} ", c);
    const ClassMetrics& cm = outcome.per_class[t];
    fmt::print("  {:>2}  {}  {:.4f}  {:.4f}  {:.4f}\n", t, row, cm.precision, cm.recall, cm.f1);
  }
}

nlohmann::json FinalJson(const TrainRequest& request, const TrainSetup& setup,
                         const RunOutcome& outcome, const std::vector<EpochMetrics>& epochs,
                         double seconds) {
  nlohmann::json j;
  j["model"] = request.run.model;
  j["dataset"] = request.run.dataset;
  j["params"] = setup.params;
  j["status"] = RunStatusName(outcome.status);
  j["epochs"] = outcome.epochs_done;
  j["device"] = setup.device;
  j["threads"] = setup.threads;
  j["openmp_wait"] = setup.openmp_wait;
  j["seconds"] = seconds;
  const EpochMetrics* last = epochs.empty() ? nullptr : &epochs.back();
  j["train_accuracy"] = last ? nlohmann::json(last->train.accuracy) : nlohmann::json();
  j["train_loss"] = last ? nlohmann::json(last->train.loss) : nlohmann::json();
  const auto val = last ? SplitJson(last->val) : nlohmann::json();
  j["val_accuracy"] = val.is_null() ? val : val["accuracy"];
  j["val_loss"] = val.is_null() ? val : val["loss"];
  const auto test = last ? SplitJson(last->test) : nlohmann::json();
  j["test_accuracy"] = test.is_null() ? test : test["accuracy"];
  j["test_loss"] = test.is_null() ? test : test["loss"];
  nlohmann::json evals = nlohmann::json::object();
  if (last) {
    for (const EvalSetMetrics& e : last->evals) {
      evals[e.name] = {{"loss", e.metrics.loss}, {"accuracy", e.metrics.accuracy}};
    }
  }
  j["evals"] = evals;
  j["confusion"] = outcome.confusion;
  if (!outcome.error.empty()) j["error"] = outcome.error;
  return j;
}

int TrainAndPrint(const TrainRequest& request) {
  const RunSpec& run = request.run;
  ResolveDevice(run.device);  // no device: one line (BadInput, exit 2) before anything is printed
  const ModelCost cost = CostOf(ParseLayerList(ModelLayersText(run)));
  g_stop_requested = false;
  std::signal(SIGINT, RequestStop);
  std::signal(SIGTERM, RequestStop);
  TrainHooks hooks;
  hooks.checkpoint_dir = request.checkpoint_dir;
  hooks.should_stop = [] { return g_stop_requested.load(); };
  std::vector<EpochMetrics> epochs;
  hooks.on_epoch = [&](const EpochMetrics& m) {
    epochs.push_back(m);
    fmt::print("{}\n", EpochLine(m, run.epochs));
    std::fflush(stdout);
  };
  TrainSetup setup;
  const auto start = std::chrono::steady_clock::now();
  fmt::print("train {} on {}: {} params, {:.2f} MFLOPs/image, {} {} lr {:g} batch {} "
             "epochs {} seed {} {}\n",
             run.model, run.dataset, cost.params, 2.0 * cost.macs / 1e6, run.optimizer,
             run.loss, run.lr, run.batch_size, run.epochs, run.seed, TrainingProfileText(run));
  std::fflush(stdout);
  const RunOutcome outcome = Train(run, request.data_dir, hooks, &setup);
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();

  fmt::print("{}: {} epoch(s) on {} ({} threads, {}), {} train / {} val / {} test images, "
             "{:.1f}s\n",
             RunStatusName(outcome.status), outcome.epochs_done, setup.device, setup.threads,
             setup.openmp_wait, setup.train_size, setup.val_size, setup.test_size, seconds);
  if (!outcome.error.empty()) fmt::print("{}\n", outcome.error);
  if (!outcome.confusion.empty()) PrintConfusion(outcome);
  if (request.json) fmt::print("{}\n", FinalJson(request, setup, outcome, epochs, seconds).dump());
  switch (outcome.status) {
    case RunStatus::kCompleted: return kExitOk;
    case RunStatus::kInterrupted: return kExitInterrupted;
    default: return kExitFailed;
  }
}

// Trains the run again, epoch by epoch, stopping at the first epoch that differs, and prints
// the verdict (harness/check/reproduce.h). Nothing is written: no store, no checkpoint.
int ReproduceAndCompare(const ReproduceRequest& request) {
  const RunSpec& run = request.run;
  g_stop_requested = false;
  std::signal(SIGINT, RequestStop);
  std::signal(SIGTERM, RequestStop);
  fmt::print("reproduce run {} ({}): {} on {}, seed {}, epochs 1..{} of {}; nothing is written\n",
             request.record.run_id, request.record.experiment, run.model, run.dataset, run.seed,
             request.epochs, run.epochs);
  std::fflush(stdout);
  std::vector<ReproducedEpoch> epochs;
  bool differs = false;
  TrainHooks hooks;
  hooks.on_epoch = [&](const EpochMetrics& m) {
    epochs.push_back(AsRecorded(m));
    differs = CompareEpochs(request.recorded, request.recorded_predictions, epochs)
                  .first_difference.has_value();
    fmt::print("epoch {}/{} re-trained in {:.1f}s: {}\n", m.epoch, request.epochs, m.seconds,
               differs ? "differs" : "identical");
    std::fflush(stdout);
  };
  hooks.should_stop = [&] {
    return g_stop_requested.load() || differs ||
           static_cast<int64_t>(epochs.size()) >= request.epochs;
  };
  TrainSetup setup;
  const RunOutcome outcome = Train(run, request.data_dir, hooks, &setup);
  if (g_stop_requested) return kExitInterrupted;
  if (outcome.status == RunStatus::kFailed) {
    fmt::print(stderr, "mnistbench: reproduce run {}: training failed: {}\n",
               request.record.run_id, outcome.error);
    return kExitFailed;
  }
  ReproduceComparison comparison =
      CompareEpochs(request.recorded, request.recorded_predictions, epochs);
  if (!comparison.first_difference && comparison.epochs < request.epochs) {
    comparison.first_difference = MetricDifference{
        comparison.epochs + 1, "end of the run", "an epoch recorded",
        fmt::format("{} after epoch {}", RunStatusName(outcome.status), comparison.epochs)};
  }
  WhereRun recorded{request.record.device, request.record.torch_version,
                          request.record.git_rev, request.record.data_sha256,
                          request.record.host, request.record.threads};
  WhereRun here = request.here;
  here.device = setup.device;
  here.torch_version = setup.torch_version;
  here.threads = setup.threads;
  fmt::print("{}", RenderReproduction(request.record, comparison,
                                      EnvironmentDifferences(recorded, here)));
  return comparison.first_difference ? kExitFailed : kExitOk;
}

int PrintEnvironment(bool json) {
  const CudaInfo cuda = DescribeCuda();
  const std::string device = ResolveDevice("auto");
  if (json) {
    nlohmann::json gpus = nlohmann::json::array();
    for (const GpuInfo& g : cuda.gpus) {
      gpus.push_back({{"index", g.index}, {"name", g.name},
                      {"compute_capability", g.compute_capability}, {"memory_mib", g.memory_mib}});
    }
    const nlohmann::json j = {{"built_with", BuildTorch()},     {"libtorch", TorchVersion()},
                              {"cuda_built", cuda.built_with_cuda},
                              {"cuda_available", !cuda.gpus.empty()},
                              {"cuda_runtime", cuda.runtime}, {"cuda_driver", cuda.driver},
                              {"cudnn", cuda.cudnn},          {"gpus", gpus},
                              {"auto_device", device},        {"deterministic", true}};
    fmt::print("{}\n", j.dump());
    return kExitOk;
  }
  fmt::print("mnistbench {} ({}), built against {}\n", BuildVersion(), BuildGitRevision(),
             BuildTorch());
  if (cuda.built_with_cuda) {
    fmt::print("CUDA runtime {}, cuDNN {}, driver supports CUDA {}\n", cuda.runtime,
               cuda.cudnn.empty() ? "none" : cuda.cudnn, cuda.driver.empty() ? "?" : cuda.driver);
  }
  if (cuda.gpus.empty()) fmt::print("GPUs: none visible\n");
  for (const GpuInfo& g : cuda.gpus) {
    fmt::print("cuda:{}  {}  compute {}  {} MiB\n", g.index, g.name, g.compute_capability,
               g.memory_mib);
  }
  fmt::print("--device auto trains on: {} (deterministic unless --fast)\n", device);
  return kExitOk;
}

}  // namespace

TorchSide InProcessTorchSide() {
  return {TrainAndPrint, RunSweep, ReproduceAndCompare, PrintEnvironment};
}

void AddWorkerCommand(CLI::App& app, CommandAction* action) {
  auto* cmd = app.add_subcommand("worker", "internal: one worker process of `run --workers N`");
  cmd->group("");  // hidden from --help: only the runner starts it
  auto options = std::make_shared<WorkerOptions>();
  cmd->add_option("--db", options->db_path, "results database")->required();
  cmd->add_option("--experiment-id", options->experiment_id, "the experiment's id in it")
      ->required();
  cmd->add_option("--data-dir", options->data_dir, "data directory")->required();
  cmd->add_option("--threads", options->threads, "this worker's threads");
  cmd->add_option("--device", options->device, "auto | cpu | cuda | cuda:N");
  cmd->add_option("--stale-after", options->stale_after, "seconds without a heartbeat");
  cmd->callback([=] {
    *action = [=] {
      InstallStopHandlers();
      return RunWorker(*options);
    };
  });
}

}  // namespace mnb
