// Builds torch modules from layer lists.
//
// Contract: BuildModel turns a parsed layer list (models/layer_spec.h) into a torch Sequential
// whose trainable parameter count equals CostOf(layers).params exactly (tests hold it to that).
// Input is a float batch Nx1x28x28, already normalised; `pad_value` is what a pad layer fills
// with, so padding adds *background* (normalised 0) rather than a grey border.
// "relu, maxpool" is built as max pool then ReLU: the same function and the same gradients, bit
// for bit, on a quarter of the elements (tests hold the two orders equal).
#ifndef MNISTBENCH_MODELS_TORCH_BUILDER_H_
#define MNISTBENCH_MODELS_TORCH_BUILDER_H_

#include <torch/torch.h>

#include <string>
#include <vector>

#include "models/layer_spec.h"

namespace mnb {

// `init` "torch" keeps each layer's LibTorch default (kaiming_uniform with a = sqrt(5), uniform
// biases); "keras" re-draws every conv and dense weight glorot_uniform, U(-b, b) with
// b = sqrt(6 / (fan_in + fan_out)) where a conv's fans include its kernel area, and zeroes their
// biases, as Keras layers start. Batch norm keeps its usual init (weight 1, bias 0) either way.
// Anything else throws mnb::Error kBadInput.
torch::nn::Sequential BuildModel(const std::vector<LayerSpec>& layers, double pad_value = 0.0,
                                 const std::string& init = "torch");

int64_t TrainableParameterCount(const torch::nn::Module& module);

// Moves `model` to `device` in the memory layout it trains fastest in there. On CPU every 4-D
// parameter (convolution weights) gets channels-last strides, so convolutions produce, and
// pooling, ReLU and the next convolution consume, channels-last activations: oneDNN then skips
// its NCHW reorders and pooling runs vectorised over channels (lenet5 and cnn-seed004 train
// ~1.3x faster, BENCHMARKS.md). Values, shapes and what flatten sees are unchanged; only float
// sums may run in another order. On CUDA the layout stays NCHW (not measured there).
// Call it again after loading weights: a checkpoint brings the strides it was saved with.
void PlaceModel(torch::nn::Module& model, const torch::Device& device);

}  // namespace mnb

#endif  // MNISTBENCH_MODELS_TORCH_BUILDER_H_
