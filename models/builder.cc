#include "models/builder.h"

namespace mnb {

namespace nn = torch::nn;

torch::nn::Sequential BuildModel(const std::vector<LayerSpec>& layers, double pad_value) {
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
      model->push_back(
          nn::MaxPool2d(nn::MaxPool2dOptions(l.size).stride(l.stride > 0 ? l.stride : l.size)));
    } else if (l.kind == "avgpool") {
      model->push_back(
          nn::AvgPool2d(nn::AvgPool2dOptions(l.size).stride(l.stride > 0 ? l.stride : l.size)));
    } else if (l.kind == "pad") {
      model->push_back(nn::ConstantPad2d(nn::ConstantPad2dOptions(l.size, pad_value)));
    } else if (l.kind == "relu") {
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
  return model;
}

int64_t TrainableParameterCount(const torch::nn::Module& module) {
  int64_t count = 0;
  for (const torch::Tensor& p : module.parameters()) {
    if (p.requires_grad()) count += p.numel();
  }
  return count;
}

}  // namespace mnb
