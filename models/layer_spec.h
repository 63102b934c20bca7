// Layer lists: the data a model is made of, e.g. "conv(6, k=5), relu, flatten, dense(10)".
//
// Contract: pure, without torch. Bad text, a layer that does not fit or a limit passed throws
// LayerListError (kBadInput) naming the layer and what was expected. The torch builder
// (models/torch/builder.h) turns the same list into modules, so experiment files can define new
// variants without recompiling. Syntax of every layer: docs/zoo.md "Layer lists".
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

// The layers of `text`, or LayerListError naming the layer and what was expected.
std::vector<LayerSpec> ParseLayerList(const std::string& text);
// The canonical text of a list (what ParseLayerList reads back).
std::string LayerListToString(const std::vector<LayerSpec>& layers);

// Each layer's output shape, trainable parameters and forward multiply-accumulates, from `input`.
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
