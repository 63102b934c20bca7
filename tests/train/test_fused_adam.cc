// FusedAdam (harness/train/fused_adam.h) against torch's own Adam: close after real training
// steps, identical on the fallback path, thread-count independent, and its state round-trips.
#include <catch2/catch.hpp>
#include <torch/torch.h>

#include <vector>

#include "harness/train/dataset.h"
#include "harness/train/fused_adam.h"
#include "models/torch/builder.h"
#include "models/zoo.h"
#include "tests/test_support.h"

using namespace mnb;
using mnb::testing::DataDir;

namespace {

torch::nn::Sequential Lenet5(const torch::Device& device = torch::kCPU) {
  torch::manual_seed(7);
  torch::nn::Sequential model = BuildModel(ParseLayerList(LayersFor("lenet5")), -0.42);
  PlaceModel(*model, device);
  return model;
}

// `steps` real training steps of lenet5 on the first MNIST train images, batch 64.
void TrainSteps(torch::nn::Sequential& model, torch::optim::Optimizer& optimizer, int steps) {
  static const DatasetSplits data = [] {
    SplitOptions options;
    options.limit_train = 640;
    return LoadSplits(DataDir(), "mnist", options);
  }();
  for (int s = 0; s < steps; ++s) {
    const torch::Tensor idx = torch::arange(64 * (s % 10), 64 * (s % 10 + 1), torch::kInt64);
    const torch::Tensor x = GatherBatch(data.train.images, idx, data.mean, data.std);
    ClearGradients(optimizer);
    torch::nn::functional::cross_entropy(model->forward(x), data.train.labels.index_select(0, idx))
        .backward();
    optimizer.step();
  }
}

std::vector<torch::Tensor> Snapshot(const torch::nn::Module& model) {
  std::vector<torch::Tensor> out;
  for (const torch::Tensor& p : model.parameters()) out.push_back(p.detach().clone());
  return out;
}

}  // namespace

TEST_CASE("FusedAdam trains as torch's Adam does, to float rounding", "[optim]") {
  const auto options = torch::optim::AdamOptions(1e-3).weight_decay(1e-4);
  torch::nn::Sequential fused_model = Lenet5(), torch_model = Lenet5();
  const std::vector<torch::Tensor> initial = Snapshot(*fused_model);
  FusedAdam fused(fused_model->parameters(), options);
  torch::optim::Adam reference(torch_model->parameters(), options);
  TrainSteps(fused_model, fused, 20);
  TrainSteps(torch_model, reference, 20);

  const std::vector<torch::Tensor> a = Snapshot(*fused_model), b = Snapshot(*torch_model);
  REQUIRE(a.size() == b.size());
  for (size_t i = 0; i < a.size(); ++i) {
    INFO("parameter " << i << " " << a[i].sizes());
    CHECK(torch::allclose(a[i], b[i], /*rtol=*/1e-3, /*atol=*/1e-5));
    // 20 steps of lr 1e-3 move every tensor by far more than the tolerance.
    CHECK((a[i] - initial[i]).abs().max().item<float>() > 1e-3);
  }
}

TEST_CASE("FusedAdam's update does not depend on the thread count", "[optim]") {
  const int saved_threads = torch::get_num_threads();
  std::vector<std::vector<torch::Tensor>> results;
  for (const int threads : {1, 2}) {
    torch::set_num_threads(threads);
    torch::manual_seed(3);
    // 600k elements: several 16k-element chunks, so two threads really split it.
    torch::Tensor p = torch::randn({600, 1000}).requires_grad_();
    FusedAdam optimizer({p}, torch::optim::AdamOptions(1e-2));
    for (int step = 0; step < 3; ++step) {
      p.mutable_grad() = torch::randn({600, 1000});
      optimizer.step();
    }
    results.push_back({p.detach().clone()});
  }
  torch::set_num_threads(saved_threads);
  CHECK(torch::equal(results[0][0], results[1][0]));
}

TEST_CASE("FusedAdam falls back to torch's arithmetic when layouts differ, exactly", "[optim]") {
  // A channels-last weight whose gradient arrives in NCHW: no single flat loop covers both.
  torch::manual_seed(5);
  const torch::Tensor init =
      torch::randn({8, 3, 5, 5}).contiguous(torch::MemoryFormat::ChannelsLast);
  const std::vector<torch::Tensor> grads = {torch::randn({8, 3, 5, 5}), torch::randn({8, 3, 5, 5})};
  torch::Tensor a = init.clone().requires_grad_(), b = init.clone().requires_grad_();
  REQUIRE(a.is_contiguous(torch::MemoryFormat::ChannelsLast));
  FusedAdam fused({a}, torch::optim::AdamOptions(1e-2));
  torch::optim::Adam reference({b}, torch::optim::AdamOptions(1e-2));
  for (const torch::Tensor& g : grads) {
    a.mutable_grad() = g.clone();
    b.mutable_grad() = g.clone();
    fused.step();
    reference.step();
  }
  CHECK(torch::equal(a, b));
}

TEST_CASE("FusedAdam's state saves and loads: a resumed optimizer continues identically",
          "[optim]") {
  torch::nn::Sequential model = Lenet5();
  FusedAdam optimizer(model->parameters(), torch::optim::AdamOptions(1e-3));
  TrainSteps(model, optimizer, 3);
  std::stringstream model_bytes, optimizer_bytes;
  {
    torch::serialize::OutputArchive m, o;
    model->save(m);
    optimizer.save(o);
    m.save_to(model_bytes);
    o.save_to(optimizer_bytes);
  }
  torch::nn::Sequential resumed = Lenet5();
  FusedAdam resumed_optimizer(resumed->parameters(), torch::optim::AdamOptions(1e-3));
  {
    torch::serialize::InputArchive m, o;
    m.load_from(model_bytes);
    o.load_from(optimizer_bytes);
    resumed->load(m);
    resumed_optimizer.load(o);
    PlaceModel(*resumed, torch::kCPU);
  }
  TrainSteps(model, optimizer, 2);
  TrainSteps(resumed, resumed_optimizer, 2);
  const std::vector<torch::Tensor> a = Snapshot(*model), b = Snapshot(*resumed);
  for (size_t i = 0; i < a.size(); ++i) CHECK(torch::equal(a[i], b[i]));
}
