#include "models/torch/builder.h"

#include "harness/base/error.h"
#include "models/torch/max_pool.h"

namespace mnb {

namespace nn = torch::nn;

namespace {

// Non-overlapping windows (the zoo's only kind) get mnistbench's own kernel, which computes the
// same as torch's (models/torch/max_pool.h), faster.
void PushMaxPool(nn::Sequential& model, const LayerSpec& pool) {
  const int64_t stride = pool.stride > 0 ? pool.stride : pool.size;
  if (stride == pool.size) {
    model->push_back(NonOverlappingMaxPool2d(pool.size));
  } else {
    model->push_back(nn::MaxPool2d(nn::MaxPool2dOptions(pool.size).stride(stride)));
  }
}

// Keras's glorot_uniform kernels and zero biases. torch's xavier_uniform_ computes the same
// bound: fan_in = in_channels * kernel area, fan_out = out_channels * kernel area.
void InitializeLikeKeras(nn::Sequential& model) {
  torch::NoGradGuard no_grad;
  for (const std::shared_ptr<nn::Module>& module : model->children()) {
    torch::Tensor weight, bias;
    if (const auto* conv = module->as<nn::Conv2d>()) {
      weight = conv->weight;
      bias = conv->bias;
    } else if (const auto* dense = module->as<nn::Linear>()) {
      weight = dense->weight;
      bias = dense->bias;
    } else {
      continue;
    }
    nn::init::xavier_uniform_(weight);
    if (bias.defined()) nn::init::zeros_(bias);
  }
}

}  // namespace

torch::nn::Sequential BuildModel(const std::vector<LayerSpec>& layers, double pad_value,
                                 const std::string& init) {
  if (init != "torch" && init != "keras") {
    throw BadInput("init '" + init + "': expected torch or keras");
  }
  const std::vector<LayerShape> shapes = InferShapes(layers);
  nn::Sequential model;
  Shape in = {1, 28, 28};
  for (size_t i = 0; i < layers.size(); ++i) {
    const LayerSpec& l = layers[i];
    if (l.kind == "conv") {
      int64_t padding = l.padding;
      if (l.same) {
        // TensorFlow's "same": for even kernels the extra row/column goes right and bottom.
        // Symmetric cases use the conv's own padding; asymmetric ones an explicit pad, which
        // avoids torch's padded-copy path (and its warning) for padding="same".
        const int64_t total = l.kernel - 1;
        if (total % 2 == 0) {
          padding = total / 2;
        } else {
          model->push_back(nn::ZeroPad2d(nn::ZeroPad2dOptions(
              {total / 2, total - total / 2, total / 2, total - total / 2})));
          padding = 0;
        }
      }
      model->push_back(nn::Conv2d(nn::Conv2dOptions(in[0], l.size, l.kernel)
                                      .stride(l.stride > 0 ? l.stride : 1)
                                      .padding(padding)));
    } else if (l.kind == "dense") {
      model->push_back(nn::Linear(in[0], l.size));
    } else if (l.kind == "maxpool") {
      PushMaxPool(model, l);
    } else if (l.kind == "avgpool") {
      model->push_back(
          nn::AvgPool2d(nn::AvgPool2dOptions(l.size).stride(l.stride > 0 ? l.stride : l.size)));
    } else if (l.kind == "pad") {
      model->push_back(nn::ConstantPad2d(nn::ConstantPad2dOptions(l.size, pad_value)));
    } else if (l.kind == "relu") {
      if (i + 1 < layers.size() && layers[i + 1].kind == "maxpool") {
        // relu then max pool equals max pool then relu, exactly: max commutes with max(0, .),
        // and the gradient reaches the same input element either way (a window whose maximum
        // is <= 0 passes no gradient in both orders). Pooling first runs the ReLU and its
        // backward on a quarter of the elements: lenet5 trains ~10% faster (BENCHMARKS.md).
        PushMaxPool(model, layers[i + 1]);
        model->push_back(nn::ReLU());
        in = shapes[++i].output;
        continue;
      }
      model->push_back(nn::ReLU());
    } else if (l.kind == "tanh") {
      model->push_back(nn::Tanh());
    } else if (l.kind == "sigmoid") {
      model->push_back(nn::Sigmoid());
    } else if (l.kind == "softmax") {
      model->push_back(nn::Softmax(nn::SoftmaxOptions(1)));
    } else if (l.kind == "dropout") {
      model->push_back(nn::Dropout(nn::DropoutOptions(l.p)));
    } else if (l.kind == "flatten") {
      model->push_back(nn::Flatten());
    } else if (l.kind == "batchnorm") {
      if (in.size() == 3) {
        model->push_back(nn::BatchNorm2d(in[0]));
      } else {
        model->push_back(nn::BatchNorm1d(in[0]));
      }
    } else {
      throw LayerListError("builder: no module for layer '" + l.kind + "'");
    }
    in = shapes[i].output;
  }
  if (init == "keras") InitializeLikeKeras(model);
  return model;
}

int64_t TrainableParameterCount(const torch::nn::Module& module) {
  int64_t count = 0;
  for (const torch::Tensor& p : module.parameters()) {
    if (p.requires_grad()) count += p.numel();
  }
  return count;
}

void PlaceModel(torch::nn::Module& model, const torch::Device& device) {
  model.to(device);
  if (!device.is_cpu()) return;
  torch::NoGradGuard no_grad;
  for (torch::Tensor& p : model.parameters()) {
    // to(), not contiguous(): a weight with one input channel already counts as channels-last
    // contiguous, so contiguous() would keep its NCHW strides and torch would then run that
    // convolution in NCHW, with a reorder of its whole output (~0.4 ms a batch for lenet5).
    if (p.dim() == 4) {
      p.set_data(p.to(p.options(), /*non_blocking=*/false, /*copy=*/false,
                      torch::MemoryFormat::ChannelsLast));
    }
  }
}

}  // namespace mnb
