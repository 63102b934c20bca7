#include "harness/train/trainer.h"

#include <fmt/format.h>

#include <chrono>
#include <cmath>
#include <filesystem>
#include <memory>
#include <optional>

#include "harness/base/artifact_layout.h"
#include "harness/base/atomic_write.h"
#include "harness/base/error.h"
#include "harness/train/dataset.h"
#include "harness/plan/plan.h"
#include "harness/train/augment.h"
#include "harness/train/cpu_runtime.h"
#include "harness/train/device.h"
#include "harness/train/divergence.h"
#include "harness/train/fused_adam.h"
#include "harness/train/loss.h"
#include "harness/train/torch_compat.h"
#include "models/torch/builder.h"
#include "models/zoo.h"

namespace mnb {

namespace {

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

// Evaluation batch, the same on every device so runs stay deterministic. On CPU, batch 1,000
// was once 3-12x slower per image than 128 for conv models, because each 1,000-image activation
// was fresh mmap'd memory; with freed memory kept in the heap (cpu_runtime.h) batch 1,000 is
// 1.0-1.9x faster per image than 128 for every zoo model (BENCHMARKS.md, BM_Eval), and a GPU
// wants large batches anyway. The batch changes only the order of float sums (the loss's last
// digits, or an argmax in an exact near-tie).
constexpr int64_t kEvalBatch = 1000;
constexpr int64_t kNumClasses = 10;

uint64_t EpochSeed(uint64_t seed, int64_t epoch) {
  // splitmix64 of (seed, epoch): nearby seeds and epochs get unrelated streams.
  uint64_t z = seed * 0x9E3779B97F4A7C15ULL + static_cast<uint64_t>(epoch) + 0x632BE59BD9B4E019ULL;
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
  return z ^ (z >> 31);
}

std::unique_ptr<torch::optim::Optimizer> MakeOptimizer(const RunSpec& spec,
                                                       std::vector<torch::Tensor> params) {
  if (spec.optimizer == "adam") {
    return std::make_unique<FusedAdam>(
        params,
        torch::optim::AdamOptions(spec.lr).weight_decay(spec.weight_decay).eps(spec.adam_eps));
  }
  if (spec.optimizer == "sgd") {
    return std::make_unique<torch::optim::SGD>(
        params, torch::optim::SGDOptions(spec.lr)
                    .momentum(spec.momentum)
                    .weight_decay(spec.weight_decay));
  }
  throw BadInput(
      fmt::format("optimizer '{}': expected adam or sgd", spec.optimizer));
}

double LearningRateForEpoch(const RunSpec& spec, int64_t epoch) {
  if (spec.lr_schedule == "constant") return spec.lr;
  if (spec.lr_schedule == "cosine") {
    const double progress = static_cast<double>(epoch - 1) / static_cast<double>(spec.epochs);
    return spec.lr * 0.5 * (1.0 + std::cos(M_PI * progress));
  }
  throw BadInput(
      fmt::format("lr_schedule '{}': expected constant or cosine", spec.lr_schedule));
}

// Sum-reduced loss for evaluation, so batch sizes weigh correctly.
torch::Tensor LossSum(const std::string& loss, const torch::Tensor& output,
                      const torch::Tensor& labels, bool probabilities) {
  return Loss(loss, output, labels, probabilities) * labels.size(0);
}

// The first of an epoch's losses and accuracies that is not finite, if any.
std::optional<std::string> NonFiniteMetric(const EpochMetrics& m) {
  const auto bad = [](const SplitMetrics& s) {
    return !std::isfinite(s.loss) || !std::isfinite(s.accuracy);
  };
  if (bad(m.train)) return "the train loss";
  if (m.val && bad(*m.val)) return "the validation loss";
  if (m.test && bad(*m.test)) return "the test loss";
  for (const EvalSetMetrics& e : m.evals) {
    if (bad(e.metrics)) return e.name + "'s loss";
  }
  return std::nullopt;
}

struct Evaluation {
  SplitMetrics metrics;
  std::vector<std::vector<int64_t>> confusion;
  std::vector<uint8_t> predicted;  // the predicted class of every example, in split order
};

Evaluation Evaluate(torch::nn::Sequential& model, const LabeledSplit& split,
                    const std::string& loss, bool probabilities, const torch::Device& device,
                    bool want_confusion) {
  torch::NoGradGuard no_grad;
  model->eval();
  const int64_t n = split.size();
  torch::Tensor loss_sum = torch::zeros({}, torch::TensorOptions(device).dtype(torch::kFloat64));
  torch::Tensor correct = torch::zeros({}, torch::TensorOptions(device).dtype(torch::kInt64));
  torch::Tensor confusion = torch::zeros({kNumClasses * kNumClasses}, torch::kInt64);
  const int64_t batch = kEvalBatch;
  std::vector<torch::Tensor> predicted_parts;
  for (int64_t start = 0; start < n; start += batch) {
    const int64_t end = std::min(n, start + batch);
    const torch::Tensor idx = torch::arange(start, end, torch::TensorOptions(device).dtype(torch::kInt64));
    const torch::Tensor x = split.images.index_select(0, idx);  // normalised once (ToDevice)
    const torch::Tensor y = split.labels.index_select(0, idx);
    const torch::Tensor out = model->forward(x);
    loss_sum += LossSum(loss, out, y, probabilities).to(torch::kFloat64);
    const torch::Tensor predicted = out.argmax(1);
    predicted_parts.push_back(predicted.to(torch::kUInt8));
    correct += predicted.eq(y).sum();
    // On the CPU: bincount has no deterministic CUDA kernel, and this is 1,000 integers a batch.
    if (want_confusion) {
      confusion += torch::bincount((y * kNumClasses + predicted).cpu(), {}, kNumClasses * kNumClasses);
    }
  }
  Evaluation e;
  if (!predicted_parts.empty()) {
    const torch::Tensor all = torch::cat(predicted_parts).to(torch::kCPU).contiguous();
    e.predicted.assign(all.data_ptr<uint8_t>(), all.data_ptr<uint8_t>() + all.numel());
  }
  e.metrics.loss = n > 0 ? loss_sum.item<double>() / n : 0.0;
  e.metrics.accuracy = n > 0 ? static_cast<double>(correct.item<int64_t>()) / n : 0.0;
  if (want_confusion) {
    const torch::Tensor& cpu = confusion;
    e.confusion.assign(kNumClasses, std::vector<int64_t>(kNumClasses));
    for (int64_t t = 0; t < kNumClasses; ++t) {
      for (int64_t p = 0; p < kNumClasses; ++p) e.confusion[t][p] = cpu[t * kNumClasses + p].item<int64_t>();
    }
  }
  return e;
}

// The split on the device, its images normalised once there as float NCHW (the same arithmetic
// GatherBatch would do per batch, so the numbers are the same), its labels beside them.
LabeledSplit ToDevice(const LabeledSplit& split, const torch::Device& device, double mean,
                      double std) {
  if (!split.images.defined()) return split;
  const bool cpu = device.is_cpu();
  const torch::Tensor images = cpu ? split.images : split.images.pin_memory().to(device, true);
  const torch::Tensor labels = cpu ? split.labels : split.labels.pin_memory().to(device, true);
  return {NormalizeImages(images, mean, std), labels};
}

// One epoch's batches: the model trained on each, the batches' loss and correct predictions
// summed on the device. `ended` is set when the run diverged or was stopped mid-epoch.
struct EpochTraining {
  torch::Tensor loss_sum, correct;
  std::optional<RunOutcome> ended;
};

EpochTraining TrainBatches(torch::nn::Sequential& model, torch::optim::Optimizer& optimizer,
                           const RunSpec& spec, const LabeledSplit& train, double background,
                           bool probabilities, const torch::Device& device, int64_t epoch,
                           const TrainHooks& hooks) {
  const int64_t n = train.size();
  const int64_t batches = (n + spec.batch_size - 1) / spec.batch_size;
  // A host sync per batch is free on CPU; on CUDA it would stall the stream, so the batches'
  // losses are checked through a flag kept on the device (no sync), read every 50th batch.
  const int64_t divergence_check_every = device.is_cpu() ? 1 : 50;
  model->train();
  const torch::Tensor order = torch::randperm(n, torch::kInt64).to(device);
  EpochTraining result{torch::zeros({}, torch::TensorOptions(device).dtype(torch::kFloat64)),
                       torch::zeros({}, torch::TensorOptions(device).dtype(torch::kInt64)),
                       std::nullopt};
  DivergenceWatch divergence(device);
  for (int64_t b = 0; b < batches; ++b) {
    const int64_t start = b * spec.batch_size;
    const int64_t size = std::min(spec.batch_size, n - start);
    const torch::Tensor idx = order.narrow(0, start, size);
    torch::Tensor x = train.images.index_select(0, idx);
    if (spec.augment_shift > 0) x = ShiftBatch(x, spec.augment_shift, background);
    const torch::Tensor y = train.labels.index_select(0, idx);

    ClearGradients(optimizer);
    const torch::Tensor out = model->forward(x);
    const torch::Tensor loss = Loss(spec.loss, out, y, probabilities);
    loss.backward();
    optimizer.step();

    const torch::Tensor batch_loss = loss.detach().to(torch::kFloat64) * size;
    result.loss_sum += batch_loss;
    result.correct += out.detach().argmax(1).eq(y).sum();
    divergence.Observe(batch_loss);
    if (((b + 1) % divergence_check_every == 0 || b + 1 == batches) && divergence.Diverged()) {
      RunOutcome diverged;
      diverged.status = RunStatus::kDiverged;
      diverged.diverged_epoch = epoch;
      diverged.error = fmt::format("loss became NaN or infinite in epoch {} (by batch {} of {})",
                                   epoch, b + 1, batches);
      result.ended = diverged;
      return result;
    }
    if (hooks.on_batch) hooks.on_batch(epoch, b + 1, batches);
    if (hooks.should_stop && hooks.should_stop()) {
      RunOutcome stopped;
      stopped.status = RunStatus::kInterrupted;
      result.ended = stopped;
      return result;
    }
  }
  return result;
}

// Through a temp file of this process's own: a late worker whose run was taken over may save the
// same checkpoint as its new owner at the same moment (harness/base/atomic_write.h).
void SaveCheckpoint(const std::string& path, torch::nn::Sequential& model,
                    torch::optim::Optimizer& optimizer) {
  WriteAtomically(path, [&](const std::string& tmp) {
    torch::serialize::OutputArchive archive, model_archive, optimizer_archive;
    model->save(model_archive);
    optimizer.save(optimizer_archive);
    archive.write("model", model_archive);
    archive.write("optimizer", optimizer_archive);
    archive.save_to(tmp);
  });
}

void LoadCheckpoint(const std::string& path, torch::nn::Sequential& model,
                    torch::optim::Optimizer& optimizer, const torch::Device& device) {
  torch::serialize::InputArchive archive, model_archive, optimizer_archive;
  archive.load_from(path, device);
  archive.read("model", model_archive);
  archive.read("optimizer", optimizer_archive);
  model->load(model_archive);
  optimizer.load(optimizer_archive);
  PlaceModel(*model, device);  // a checkpoint saved before channels-last brings NCHW strides
}

void ValidateSpec(const RunSpec& spec) {
  if (spec.batch_size < 1) throw BadInput("batch_size must be >= 1");
  if (spec.epochs < 1) throw BadInput("epochs must be >= 1");
  if (!(spec.lr > 0)) throw BadInput("lr must be > 0");
  if (!(spec.adam_eps > 0)) throw BadInput("adam_eps must be > 0");
  if (spec.init != "torch" && spec.init != "keras") {
    throw BadInput(fmt::format("init '{}': expected torch or keras", spec.init));
  }
}

// The run's splits, moved to the device once and normalised there once: batches are then
// gathered there, with no per-batch host transfer or conversion.
DatasetSplits LoadOnDevice(const RunSpec& spec, const std::string& data_dir,
                           const torch::Device& device) {
  SplitOptions split_options;
  split_options.val_size = spec.val_size;
  split_options.split_seed = spec.split_seed;
  split_options.limit_train = spec.limit_train;
  split_options.limit_test = spec.limit_test;
  split_options.eval_sets = spec.eval_sets;
  split_options.input_scale = spec.input_scale;
  split_options.custom_data = spec.custom_data;
  DatasetSplits data = LoadSplits(data_dir, spec.dataset, split_options);
  data.train = ToDevice(data.train, device, data.mean, data.std);
  data.val = ToDevice(data.val, device, data.mean, data.std);
  data.test = ToDevice(data.test, device, data.mean, data.std);
  for (auto& eval : data.evals) eval.second = ToDevice(eval.second, device, data.mean, data.std);
  return data;
}

TrainSetup DescribeSetup(const RunSpec& spec, const torch::Device& device, int threads,
                         torch::nn::Module& model, const DatasetSplits& data) {
  TrainSetup setup;
  setup.device = DeviceDescription(device.str(), spec.fast);
  setup.threads = threads;
  setup.params = TrainableParameterCount(model);
  setup.train_size = data.train.size();
  setup.val_size = data.val.size();
  setup.test_size = data.test.size();
  setup.torch_version = TorchVersion();
  setup.openmp_wait = OpenMpWaitSetting();
  return setup;
}

// The epoch's validation, test and extra evaluations into `m`; returns the test evaluation
// (with the confusion matrix when `last`).
Evaluation EvaluateEpoch(torch::nn::Sequential& model, const DatasetSplits& data,
                         const std::string& loss, bool probabilities, const torch::Device& device,
                         bool last, EpochMetrics& m) {
  if (data.val.size() > 0) {
    m.val = Evaluate(model, data.val, loss, probabilities, device, false).metrics;
  }
  Evaluation test = Evaluate(model, data.test, loss, probabilities, device, last);
  m.test = test.metrics;
  m.predictions.push_back({"test", test.predicted});
  for (const auto& [name, split] : data.evals) {
    Evaluation eval = Evaluate(model, split, loss, probabilities, device, false);
    m.evals.push_back({name, eval.metrics});
    m.predictions.push_back({name, std::move(eval.predicted)});
  }
  return test;
}

}  // namespace

RunOutcome Train(const RunSpec& spec, const std::string& data_dir, const TrainHooks& hooks,
                 TrainSetup* setup) {
  ValidateSpec(spec);
  const std::vector<LayerSpec> layers = ParseLayerList(ModelLayersText(spec));
  const torch::Device device(ResolveDevice(spec.device));
  const int threads = ResolveThreads(spec.threads);
  ConfigureCpuRuntime(threads);
  // Every kernel of this run on its own GPU (a worker of several GPUs' sweep), deterministic
  // unless the run asked to be fast.
  c10::OptionalDeviceGuard device_guard;
  if (device.is_cuda()) {
    ConfigureCudaNumerics(!spec.fast);
    device_guard.reset_device(device);
  }

  const DatasetSplits data = LoadOnDevice(spec, data_dir, device);

  torch::manual_seed(spec.seed);
  // Background (pixel 0) after normalisation: what LeNet's pad layer fills with.
  const double background = -data.mean / data.std;
  torch::nn::Sequential model = BuildModel(layers, background, spec.init);
  // A model ending in softmax (seed 003's) outputs probabilities; the loss must know.
  const bool probabilities = !layers.empty() && layers.back().kind == "softmax";
  PlaceModel(*model, device);
  std::unique_ptr<torch::optim::Optimizer> optimizer = MakeOptimizer(spec, model->parameters());

  int64_t first_epoch = 1;
  if (hooks.resume_after_epoch > 0 && !hooks.checkpoint_dir.empty()) {
    const std::string path = CheckpointPath(hooks.checkpoint_dir, hooks.resume_after_epoch);
    if (fs::exists(path)) {
      LoadCheckpoint(path, model, *optimizer, device);
      first_epoch = hooks.resume_after_epoch + 1;
    }
  }
  if (setup != nullptr) {
    *setup = DescribeSetup(spec, device, threads, *model, data);
    setup->resumed_from_epoch = first_epoch - 1;
  }
  if (!hooks.checkpoint_dir.empty()) fs::create_directories(hooks.checkpoint_dir);

  RunOutcome outcome;
  outcome.epochs_done = first_epoch - 1;
  const int64_t n = data.train.size();

  for (int64_t epoch = first_epoch; epoch <= spec.epochs; ++epoch) {
    const auto epoch_start = Clock::now();
    torch::manual_seed(EpochSeed(spec.seed, epoch));
    const double lr = LearningRateForEpoch(spec, epoch);
    for (auto& group : optimizer->param_groups()) group.options().set_lr(lr);

    const EpochTraining trained = TrainBatches(model, *optimizer, spec, data.train, background,
                                               probabilities, device, epoch, hooks);
    if (trained.ended) {
      RunOutcome ended = *trained.ended;
      ended.epochs_done = outcome.epochs_done;
      return ended;
    }
    const torch::Tensor& loss_sum = trained.loss_sum;
    const torch::Tensor& correct = trained.correct;
    const double train_seconds =
        std::chrono::duration<double>(Clock::now() - epoch_start).count();

    EpochMetrics m;
    m.epoch = epoch;
    m.lr = lr;
    m.train.loss = loss_sum.item<double>() / n;
    m.train.accuracy = static_cast<double>(correct.item<int64_t>()) / n;
    const bool last = epoch == spec.epochs;
    const Evaluation test = EvaluateEpoch(model, data, spec.loss, probabilities, device, last, m);
    m.seconds = std::chrono::duration<double>(Clock::now() - epoch_start).count();
    m.samples_per_second = train_seconds > 0 ? n / train_seconds : 0.0;
    if (const std::optional<std::string> what = NonFiniteMetric(m)) {
      // Never committed as a completed epoch: the run ends diverged here.
      outcome.status = RunStatus::kDiverged;
      outcome.diverged_epoch = epoch;
      outcome.error = fmt::format("{} became NaN or infinite in epoch {}", *what, epoch);
      return outcome;
    }

    if (!hooks.checkpoint_dir.empty()) {
      SaveCheckpoint(CheckpointPath(hooks.checkpoint_dir, epoch), model, *optimizer);
    }
    if (hooks.on_epoch) hooks.on_epoch(m);
    outcome.epochs_done = epoch;
    // A stop asked for by the time the epoch is handed over (Ctrl-C during evaluation, or the
    // runner finding its claim on the run lost when it tried to commit) ends the run here,
    // before the previous checkpoint is removed or model.pt written: the files stay as the
    // epoch's commit may have left them, for whoever resumes the run.
    if (hooks.should_stop && hooks.should_stop()) {
      outcome.status = RunStatus::kInterrupted;
      return outcome;
    }
    if (!hooks.checkpoint_dir.empty() && epoch > 1) {
      std::error_code ignored;
      fs::remove(CheckpointPath(hooks.checkpoint_dir, epoch - 1), ignored);
    }
    if (last) {
      outcome.confusion = test.confusion;
      outcome.per_class = ClassMetricsFromConfusion(test.confusion);
    }
  }
  if (outcome.confusion.empty()) {  // resumed after the last epoch had already committed
    Evaluation test = Evaluate(model, data.test, spec.loss, probabilities, device, true);
    outcome.confusion = test.confusion;
    outcome.per_class = ClassMetricsFromConfusion(test.confusion);
  }
  if (!hooks.checkpoint_dir.empty()) {
    WriteAtomically(FinalModelPath(hooks.checkpoint_dir),
                    [&](const std::string& tmp) { torch::save(model, tmp); });
  }
  outcome.status = RunStatus::kCompleted;
  return outcome;
}

}  // namespace mnb
