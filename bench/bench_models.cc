// Models: one training step (forward, cross-entropy, backward, Adam) at batch 128 and evaluation
// under NoGradGuard at batch 128 and 1000 (the argument), for every zoo model, plus the
// machine's float GEMM peak.
//
// Each reports images/s (items_per_second) and achieved GFLOP/s, so the distance to BM_GemmPeak
// -- what this CPU and BLAS reach on a large, friendly matrix product -- is visible. FLOPs are
// models/layer_spec.h's forward count (2 x MACs per image); a training step is counted as 3x the
// forward (backward computes gradients for both inputs and weights), the usual convention.
// Inputs are real MNIST train batches, shuffled and gathered as the trainer gathers them (a
// fixed random batch was memorised within a few steps and timed a different workload: lenet5
// took 50 ms a step against 7 ms in real training).
#include <benchmark/benchmark.h>
#include <torch/torch.h>

#include <string>

#include "bench/bench_support.h"
#include "harness/train/dataset.h"
#include "harness/train/fused_adam.h"
#include "models/torch/builder.h"
#include "models/layer_spec.h"
#include "models/zoo.h"

namespace {

using namespace mnb;

constexpr int64_t kTrainBatch = 128;

// All of MNIST train with its pixel mean and std, loaded once for all model benchmarks; an
// empty train split when the data is missing.
const DatasetSplits& Mnist() {
  static const DatasetSplits splits = [] {
    SplitOptions options;
    options.val_size = 0;
    try {
      return LoadSplits(mnb::bench::DataDir(), "mnist", options);
    } catch (const std::exception&) {
      return DatasetSplits{};
    }
  }();
  return splits;
}
const LabeledSplit& MnistTrain() { return Mnist().train; }

// Endless shuffled batches of `batch` normalised images and their labels, as in an epoch.
class BatchStream {
 public:
  explicit BatchStream(int64_t batch)
      : batch_(batch), order_(torch::randperm(MnistTrain().size(), torch::kInt64)) {}
  std::pair<torch::Tensor, torch::Tensor> Next() {
    if (next_ + batch_ > order_.size(0)) next_ = 0;
    const torch::Tensor idx = order_.narrow(0, next_, batch_);
    next_ += batch_;
    return {GatherBatch(MnistTrain().images, idx, Mnist().mean, Mnist().std),
            MnistTrain().labels.index_select(0, idx)};
  }

 private:
  int64_t batch_, next_ = 0;
  torch::Tensor order_;
};

double ForwardFlopsPerImage(const std::vector<LayerSpec>& layers) {
  return 2.0 * static_cast<double>(CostOf(layers).macs);
}

void SetRates(benchmark::State& state, int64_t batch, double flops_per_image) {
  state.SetItemsProcessed(state.iterations() * batch);
  state.counters["GFLOP/s"] = benchmark::Counter(batch * flops_per_image / 1e9,
                                                 benchmark::Counter::kIsIterationInvariantRate);
  state.counters["MFLOP/img"] = flops_per_image / 1e6;
  state.counters["threads"] = torch::get_num_threads();
}

void TrainStep(benchmark::State& state, const std::string& model_name) {
  if (MnistTrain().size() == 0) return state.SkipWithError(mnb::bench::kNoMnist);
  mnb::bench::ConfigureRuntime();
  const std::vector<LayerSpec> layers = ParseLayerList(LayersFor(model_name));
  torch::manual_seed(1);
  torch::nn::Sequential model = BuildModel(layers, -0.4242);
  PlaceModel(*model, torch::kCPU);
  model->train();
  FusedAdam optimizer(model->parameters(), torch::optim::AdamOptions(1e-3));
  BatchStream batches(kTrainBatch);
  for (auto _ : state) {
    const auto [x, y] = batches.Next();
    ClearGradients(optimizer);
    const torch::Tensor loss = torch::nn::functional::cross_entropy(model->forward(x), y);
    loss.backward();
    optimizer.step();
  }
  SetRates(state, kTrainBatch, 3.0 * ForwardFlopsPerImage(layers));
}

void EvalBatch(benchmark::State& state, const std::string& model_name) {
  if (MnistTrain().size() == 0) return state.SkipWithError(mnb::bench::kNoMnist);
  mnb::bench::ConfigureRuntime();
  const std::vector<LayerSpec> layers = ParseLayerList(LayersFor(model_name));
  torch::manual_seed(1);
  torch::nn::Sequential model = BuildModel(layers, -0.4242);
  PlaceModel(*model, torch::kCPU);
  model->eval();
  const int64_t batch = state.range(0);
  BatchStream batches(batch);
  torch::NoGradGuard no_grad;
  for (auto _ : state) {
    const torch::Tensor x = batches.Next().first;
    torch::Tensor predicted = model->forward(x).argmax(1);
    benchmark::DoNotOptimize(predicted.data_ptr());
  }
  SetRates(state, batch, ForwardFlopsPerImage(layers));
}

// Square float matrix product, out = a @ b: the ceiling the models are measured against.
void BM_GemmPeak(benchmark::State& state) {
  mnb::bench::ConfigureRuntime();
  const int64_t n = state.range(0);
  torch::manual_seed(1);
  const torch::Tensor a = torch::randn({n, n}), b = torch::randn({n, n});
  torch::Tensor out = torch::empty({n, n});
  for (auto _ : state) {
    torch::mm_out(out, a, b);
    benchmark::DoNotOptimize(out.data_ptr());
  }
  state.counters["GFLOP/s"] = benchmark::Counter(2.0 * n * n * n / 1e9,
                                                 benchmark::Counter::kIsIterationInvariantRate);
  state.counters["threads"] = torch::get_num_threads();
}
BENCHMARK(BM_GemmPeak)->Arg(256)->Arg(1024)->Unit(benchmark::kMillisecond)->UseRealTime();

const bool registered = [] {
  for (const ZooEntry& entry : ZooEntries()) {
    benchmark::RegisterBenchmark(("BM_TrainStep/" + entry.name).c_str(), TrainStep, entry.name)
        ->Unit(benchmark::kMillisecond)->UseRealTime();
  }
  for (const ZooEntry& entry : ZooEntries()) {
    benchmark::RegisterBenchmark(("BM_Eval/" + entry.name).c_str(), EvalBatch, entry.name)
        ->Arg(128)->Arg(1000)->Unit(benchmark::kMillisecond)->UseRealTime();
  }
  return true;
}();

}  // namespace
