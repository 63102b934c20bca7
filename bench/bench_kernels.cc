// Kernels mnistbench replaces, against torch's own, on the shapes the zoo trains with:
// BM_MaxPool/{torch,ours}: forward + backward of a 2x2 max pool on lenet5's first activation
// ([128, 6, 28, 28], channels-last, as PlaceModel lays it out); BM_AdamStep/{torch,fused}: one
// Adam step over fcnn-seed004's and lenet5's parameters (535,818 and 61,706 floats, the
// argument) with fixed gradients.
#include <benchmark/benchmark.h>
#include <torch/torch.h>

#include <vector>

#include "bench/bench_support.h"
#include "harness/train/fused_adam.h"
#include "models/torch/builder.h"
#include "models/torch/max_pool.h"
#include "models/zoo.h"

namespace {

using namespace mnb;

template <typename Pool>
void MaxPool(benchmark::State& state, Pool pool) {
  mnb::bench::ConfigureRuntime();
  torch::manual_seed(1);
  // ReLU'd conv output: half zeros, the rest positive, as after lenet5's first conv.
  torch::Tensor x = torch::randn({128, 6, 28, 28})
                        .clamp_min(0)
                        .contiguous(torch::MemoryFormat::ChannelsLast)
                        .requires_grad_();
  const torch::Tensor upstream =
      torch::randn({128, 6, 14, 14}).contiguous(torch::MemoryFormat::ChannelsLast);
  for (auto _ : state) {
    x.mutable_grad().reset();
    pool(x).backward(upstream);
    benchmark::DoNotOptimize(x.grad().data_ptr());
  }
  state.SetItemsProcessed(state.iterations() * 128);
}
void BM_MaxPool_torch(benchmark::State& state) {
  MaxPool(state, [](const torch::Tensor& x) { return torch::max_pool2d(x, {2, 2}, {2, 2}); });
}
void BM_MaxPool_ours(benchmark::State& state) {
  MaxPool(state, [](const torch::Tensor& x) { return NonOverlappingMaxPool(x, 2); });
}
BENCHMARK(BM_MaxPool_torch)->Unit(benchmark::kMicrosecond)->UseRealTime();
BENCHMARK(BM_MaxPool_ours)->Unit(benchmark::kMicrosecond)->UseRealTime();

template <typename Optimizer>
void AdamStep(benchmark::State& state) {
  mnb::bench::ConfigureRuntime();
  const std::string model_name = state.range(0) == 0 ? "fcnn-seed004" : "lenet5";
  torch::manual_seed(1);
  torch::nn::Sequential model = BuildModel(ParseLayerList(LayersFor(model_name)));
  PlaceModel(*model, torch::kCPU);
  int64_t floats = 0;
  for (torch::Tensor& p : model->parameters()) {
    p.mutable_grad() = torch::randn_like(p) * 1e-3;
    floats += p.numel();
  }
  Optimizer optimizer(model->parameters(), torch::optim::AdamOptions(1e-3));
  for (auto _ : state) optimizer.step();
  state.SetLabel(model_name);
  state.counters["params"] = static_cast<double>(floats);
}
void BM_AdamStep_torch(benchmark::State& state) { AdamStep<torch::optim::Adam>(state); }
void BM_AdamStep_fused(benchmark::State& state) { AdamStep<FusedAdam>(state); }
BENCHMARK(BM_AdamStep_torch)->Arg(0)->Arg(1)->Unit(benchmark::kMicrosecond)->UseRealTime();
BENCHMARK(BM_AdamStep_fused)->Arg(0)->Arg(1)->Unit(benchmark::kMicrosecond)->UseRealTime();

}  // namespace
