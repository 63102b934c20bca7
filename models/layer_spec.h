// Layer lists: the data a model is made of.
//
// Contract: a model is a text list of layers, e.g.
//   "pad(2), conv(6, k=5), relu, maxpool(2), flatten, dense(120), relu, dense(10)"
// ParseLayerList turns it into LayerSpecs or throws LayerListError naming the layer and what was
// expected; InferShapes walks the list from a 1x28x28 input and gives each layer's output shape,
// trainable parameter count and forward multiply-accumulates, without torch. The torch builder
// (models/torch/builder.h) turns the same list into modules, so experiment files can define new
// variants without recompiling.
//
// Layers (positional argument first, then key=value):
//   conv(C, k=K, stride=1, pad=0|same)   2-D convolution with C output channels, bias
//   dense(N)                             fully connected, bias
//   maxpool(K, stride=K) / avgpool(K, stride=K)
//   relu | tanh | sigmoid | softmax      softmax over features (for seed 003's MSE-on-softmax)
//   dropout(P)  flatten  pad(P)          pad: zero padding on every side (LeNet's 28 -> 32)
//   batchnorm                            BatchNorm2d after conv, BatchNorm1d after dense
#ifndef MNISTBENCH_MODELS_LAYER_SPEC_H_
#define MNISTBENCH_MODELS_LAYER_SPEC_H_

#include <cstdint>
#include <stdexcept>
#include <string>
#include <vector>

#include "harness/base/error.h"

namespace mnb {

class LayerListError : public Error {
 public:
  explicit LayerListError(const std::string& message) : Error(ErrorKind::kBadInput, message) {}
  std::string UserLine() const override { return std::string("mnistbench: layers: ") + what(); }
};

// Limits, each one clear LayerListError: any integer argument of a layer (channels, units,
// kernel, stride, padding, pixels); any image side a layer outputs; any count of features,
// weights or multiply-adds of one layer.
constexpr int64_t kMaxLayers = 1024;  // layers in one list
constexpr int64_t kMaxLayerArgument = 65536;
constexpr int64_t kMaxImageSide = 65536;
constexpr int64_t kMaxModelCount = int64_t{1} << 40;

struct LayerSpec {
  std::string kind;   // conv, dense, maxpool, avgpool, relu, tanh, sigmoid, softmax, dropout,
                      // flatten, pad, batchnorm
  int64_t size = 0;   // conv: out channels; dense: out features; pool: kernel; pad: pixels
  int64_t kernel = 0;  // conv only
  int64_t stride = 0;  // conv, pools (0 = default)
  bool same = false;   // conv: "same" padding (asymmetric for even kernels, as TensorFlow)
  int64_t padding = 0;  // conv: explicit symmetric padding
  double p = 0.0;       // dropout probability

  std::string ToString() const;  // canonical text, parses back to an equal spec
};

// Shape of one example: {C, H, W} for images, {F} once flattened.
using Shape = std::vector<int64_t>;

struct LayerShape {
  Shape output;
  int64_t params = 0;  // trainable parameters of this layer
  int64_t macs = 0;    // forward multiply-accumulates for one example
};

std::vector<LayerSpec> ParseLayerList(const std::string& text);
std::string LayerListToString(const std::vector<LayerSpec>& layers);

// Throws LayerListError when a layer does not fit its input (e.g. dense before flatten, a pool
// larger than the image, or a final output that is not 10 features).
std::vector<LayerShape> InferShapes(const std::vector<LayerSpec>& layers,
                                    const Shape& input = {1, 28, 28},
                                    int64_t num_classes = 10);

struct ModelCost {
  int64_t params = 0;
  int64_t macs = 0;  // forward, per image; FLOPs = 2 * macs
};
ModelCost CostOf(const std::vector<LayerSpec>& layers);

}  // namespace mnb

#endif  // MNISTBENCH_MODELS_LAYER_SPEC_H_
