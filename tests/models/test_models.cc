// Zoo and layer lists: exact parameter counts (shape inference and torch agree), parse errors.
#include <catch2/catch.hpp>

#include <cmath>

#include "models/torch/builder.h"
#include "models/layer_spec.h"
#include "models/torch/max_pool.h"
#include "models/zoo.h"

using namespace mnb;

namespace {

int64_t TorchParams(const std::string& layers) {
  auto model = BuildModel(ParseLayerList(layers));
  return TrainableParameterCount(*model);
}

}  // namespace

TEST_CASE("every zoo entry has the seed's exact parameter count", "[models]") {
  const std::map<std::string, int64_t> expected = {
      {"mlp-seed003", 9862},    {"cnn5-seed003", 9940},   {"lenet5", 61706},
      {"cnn-seed001", 65194},   {"fcnn-seed004", 535818}, {"cnn-seed004", 214538},
  };
  for (const auto& [name, params] : expected) {
    INFO(name);
    const std::string layers = LayersFor(name);
    CHECK(CostOf(ParseLayerList(layers)).params == params);
    CHECK(TorchParams(layers) == params);
  }
}

TEST_CASE("kannada-cnn-seed000 is within 0.5% of the seed's 888K", "[models]") {
  const int64_t params = TorchParams(LayersFor("kannada-cnn-seed000"));
  CHECK(params > 888000 * 0.995);
  CHECK(params < 888000 * 1.005);
}

TEST_CASE("shape inference and torch agree on every zoo entry and a forward pass works",
          "[models]") {
  for (const ZooEntry& e : ZooEntries()) {
    INFO(e.name);
    const auto layers = ParseLayerList(LayersFor(e.name));
    auto model = BuildModel(layers);
    CHECK(TrainableParameterCount(*model) == CostOf(layers).params);
    model->eval();
    torch::NoGradGuard no_grad;
    const torch::Tensor out = model->forward(torch::randn({3, 1, 28, 28}));
    CHECK(out.sizes() == torch::IntArrayRef({3, 10}));
  }
}

TEST_CASE("lenet5 options change the layers and the variants are presets", "[models]") {
  CHECK(LayersFor("lenet5") != LayersFor("lenet5", {{"activation", "tanh"}}));
  CHECK(LayersFor("lenet5-conv4-tanh") ==
        LayersFor("lenet5", {{"activation", "tanh"}, {"conv4", "50"}}));
  CHECK(LayersFor("lenet5-conv4-tanh-fc2") ==
        LayersFor("lenet5", {{"activation", "tanh"}, {"conv4", "50"}, {"fc", "2"}}));
  CHECK(LayersFor("lenet5", {{"conv4", "050"}}) == LayersFor("lenet5", {{"conv4", "50"}}));
  CHECK(LayersFor("lenet5", {{"pool1", "avg"}}).find("avgpool(2)") != std::string::npos);
  // fc=2 drops exactly the 84-unit layer: 120*84+84 + 84*10+10 replaced by 120*10+10.
  CHECK(CostOf(ParseLayerList(LayersFor("lenet5", {{"fc", "2"}}))).params ==
        61706 - (120 * 84 + 84) - (84 * 10 + 10) + (120 * 10 + 10));
}

TEST_CASE("zoo errors name the model or option and what was expected", "[models]") {
  REQUIRE_THROWS_WITH(LayersFor("lenet6"), Catch::Contains("unknown model 'lenet6'") &&
                                                Catch::Contains("lenet5"));
  REQUIRE_THROWS_WITH(LayersFor("lenet5", {{"activaton", "tanh"}}),
                      Catch::Contains("no option 'activaton'") && Catch::Contains("activation"));
  REQUIRE_THROWS_WITH(LayersFor("lenet5", {{"activation", "gelu"}}),
                      Catch::Contains("relu | tanh"));
  REQUIRE_THROWS_WITH(LayersFor("lenet5", {{"conv4", "-3"}}),
                      Catch::Contains("non-negative integer"));
  REQUIRE_THROWS_WITH(LayersFor("mlp-seed003", {{"fc", "2"}}), Catch::Contains("no options"));
}

TEST_CASE("layer lists round-trip through their canonical text", "[models]") {
  const std::string text =
      "pad(2), conv(6, k=5, stride=1), tanh,avgpool(2)\n conv(16,5), relu; maxpool(2, stride=2), "
      "flatten, dropout(0.25), dense(10), softmax";
  const auto layers = ParseLayerList(text);
  const std::string canonical = LayerListToString(layers);
  CHECK(canonical ==
        "pad(2), conv(6, k=5), tanh, avgpool(2), conv(16, k=5), relu, maxpool(2), flatten, "
        "dropout(0.25), dense(10), softmax");
  CHECK(LayerListToString(ParseLayerList(canonical)) == canonical);
}

TEST_CASE("bad layer lists are rejected with the layer and the expectation", "[models]") {
  REQUIRE_THROWS_WITH(ParseLayerList("flatten, dense(10), gelu"), Catch::Contains("unknown layer 'gelu'"));
  REQUIRE_THROWS_WITH(ParseLayerList("conv(32)"), Catch::Contains("kernel size"));
  REQUIRE_THROWS_WITH(ParseLayerList("dense(0)"), Catch::Contains("integer in 1..65536"));
  REQUIRE_THROWS_WITH(ParseLayerList("dropout(1.5)"), Catch::Contains("[0, 1)"));
  REQUIRE_THROWS_WITH(ParseLayerList("dense(10, x=3)"), Catch::Contains("unknown argument 'x'"));
  REQUIRE_THROWS_WITH(ParseLayerList(" , "), Catch::Contains("empty layer list"));
  REQUIRE_THROWS_WITH(CostOf(ParseLayerList("dense(10)")), Catch::Contains("add flatten"));
  REQUIRE_THROWS_WITH(CostOf(ParseLayerList("flatten, conv(4, k=3), dense(10)")),
                      Catch::Contains("before flatten"));
  REQUIRE_THROWS_WITH(CostOf(ParseLayerList("flatten, dense(12)")),
                      Catch::Contains("expected 10 class scores"));
  REQUIRE_THROWS_WITH(CostOf(ParseLayerList("conv(4, k=29), flatten, dense(10)")),
                      Catch::Contains("does not fit"));
}

TEST_CASE("same padding keeps the size for odd and even kernels as TensorFlow does", "[models]") {
  for (int64_t k : {2, 3, 4, 5}) {
    INFO(k);
    const std::string text = "conv(3, k=" + std::to_string(k) + ", pad=same), flatten, dense(10)";
    const auto shapes = InferShapes(ParseLayerList(text));
    CHECK(shapes[0].output == Shape({3, 28, 28}));
    auto model = BuildModel(ParseLayerList(text));
    torch::NoGradGuard no_grad;
    CHECK(model->forward(torch::zeros({1, 1, 28, 28})).size(1) == 10);
  }
}

TEST_CASE("relu, maxpool is built as maxpool, relu: same outputs and gradients, bit for bit",
          "[models]") {
  const std::vector<LayerSpec> layers = ParseLayerList(LayersFor("lenet5"));
  torch::manual_seed(11);
  torch::nn::Sequential built = BuildModel(layers, -0.42);
  // The layer list's own order, from the very same modules (so the very same weights).
  torch::nn::Sequential listed;
  std::string built_kinds;
  const std::vector<torch::nn::AnyModule> modules(built->begin(), built->end());
  for (size_t i = 0; i < modules.size(); ++i) {
    built_kinds += modules[i].ptr()->name() + " ";
    const bool pool_then_relu = i + 1 < modules.size() &&
                                modules[i].ptr()->as<NonOverlappingMaxPool2dImpl>() != nullptr &&
                                modules[i + 1].ptr()->as<torch::nn::ReLUImpl>() != nullptr;
    if (pool_then_relu) {
      built_kinds += modules[i + 1].ptr()->name() + " ";
      listed->push_back(modules[i + 1]);
      listed->push_back(modules[i]);
      ++i;
    } else {
      listed->push_back(modules[i]);
    }
  }
  INFO("built as " << built_kinds);
  REQUIRE(built->size() == listed->size());
  // pad, conv, maxpool, relu, conv, maxpool, relu, flatten, ...
  CHECK(built_kinds.find("NonOverlappingMaxPool2dImpl torch::nn::ReLUImpl torch::nn::Conv2dImpl") !=
        std::string::npos);

  // Inputs with many exact ties and non-positive windows, where the two orders could differ.
  const torch::Tensor x = torch::randn({16, 1, 28, 28}).clamp_min(0).round();
  const torch::Tensor labels = torch::randint(0, 10, {16}, torch::kInt64);
  std::vector<torch::Tensor> grads[2];
  torch::Tensor outputs[2];
  torch::nn::Sequential models[2] = {built, listed};
  for (int m = 0; m < 2; ++m) {
    for (auto& p : built->parameters()) p.mutable_grad().reset();
    outputs[m] = models[m]->forward(x);
    torch::nn::functional::cross_entropy(outputs[m], labels).backward();
    for (const auto& p : built->parameters()) grads[m].push_back(p.grad().clone());
  }
  CHECK(torch::equal(outputs[0], outputs[1]));
  for (size_t i = 0; i < grads[0].size(); ++i) CHECK(torch::equal(grads[0][i], grads[1][i]));
}

TEST_CASE("on CPU PlaceModel stores conv weights channels-last, one-channel ones too", "[models]") {
  torch::manual_seed(2);
  torch::nn::Sequential model = BuildModel(ParseLayerList(LayersFor("lenet5")), -0.42);
  const torch::Tensor x = torch::randn({8, 1, 28, 28});
  model->eval();
  torch::NoGradGuard no_grad;
  const torch::Tensor nchw_out = model->forward(x);
  PlaceModel(*model, torch::kCPU);
  int conv_weights = 0;
  for (const torch::Tensor& p : model->parameters()) {
    if (p.dim() != 4) continue;
    ++conv_weights;
    INFO("weight " << p.sizes() << " strides " << p.strides());
    // [6, 1, 5, 5] counts as channels-last contiguous already: only real channels-last strides
    // make torch run that convolution channels-last.
    CHECK(p.suggest_memory_format() == torch::MemoryFormat::ChannelsLast);
  }
  CHECK(conv_weights == 2);
  const torch::Tensor out = model->forward(x);
  CHECK(out.is_contiguous());
  CHECK(torch::allclose(out, nchw_out, /*rtol=*/1e-4, /*atol=*/1e-5));
}

TEST_CASE("keras init draws conv and dense weights glorot_uniform and zeroes their biases",
          "[models]") {
  torch::manual_seed(3);
  auto model = BuildModel(ParseLayerList("conv(8, k=5), batchnorm, relu, flatten, dense(10)"),
                          0.0, "keras");
  int checked = 0;
  for (const auto& module : model->children()) {
    torch::Tensor weight, bias;
    double bound = 0;
    if (const auto* conv = module->as<torch::nn::Conv2d>()) {
      weight = conv->weight;
      bias = conv->bias;
      bound = std::sqrt(6.0 / (1 * 25 + 8 * 25));  // fans include the 5x5 kernel area
    } else if (const auto* dense = module->as<torch::nn::Linear>()) {
      weight = dense->weight;
      bias = dense->bias;
      bound = std::sqrt(6.0 / (8 * 24 * 24 + 10));
    } else if (const auto* bn = module->as<torch::nn::BatchNorm2d>()) {
      CHECK(bn->weight.eq(1).all().item<bool>());  // batch norm keeps its own init
      CHECK(bn->bias.eq(0).all().item<bool>());
      continue;
    } else {
      continue;
    }
    ++checked;
    const double largest = weight.abs().max().item<double>();
    CHECK(largest <= bound);
    CHECK(largest > 0.95 * bound);  // uniform over the whole interval, not a narrower one
    CHECK(weight.mean().abs().item<double>() < 0.1 * bound);
    CHECK(bias.eq(0).all().item<bool>());
  }
  CHECK(checked == 2);
  // torch's default init differs: uniform non-zero biases, conv bound 1/sqrt(fan_in).
  torch::manual_seed(3);
  auto plain = BuildModel(ParseLayerList("conv(8, k=5), relu, flatten, dense(10)"));
  const auto* conv = plain->children()[0]->as<torch::nn::Conv2d>();
  REQUIRE(conv != nullptr);
  CHECK(conv->bias.ne(0).any().item<bool>());
  CHECK(conv->weight.abs().max().item<double>() <= 1.0 / std::sqrt(25.0));
  CHECK(conv->weight.abs().max().item<double>() > std::sqrt(6.0 / 225.0));
  CHECK_THROWS_WITH(BuildModel(ParseLayerList("flatten, dense(10)"), 0.0, "he"),
                    Catch::Contains("expected torch or keras"));
}

TEST_CASE("seed 003's models both end in softmax, as the seed fitted MSE to probabilities",
          "[models]") {
  for (const char* name : {"mlp-seed003", "cnn5-seed003"}) {
    INFO(name);
    const std::vector<LayerSpec> layers = ParseLayerList(LayersFor(name));
    CHECK(layers.back().kind == "softmax");
    auto model = BuildModel(layers);
    model->eval();
    const torch::Tensor out = model->forward(torch::randn({4, 1, 28, 28}));
    CHECK(out.sum(1).sub(1).abs().max().item<double>() < 1e-5);
  }
}
