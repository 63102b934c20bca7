// Builds torch modules from layer lists.
//
// Contract: BuildModel turns a parsed layer list (models/layer_spec.h) into a torch Sequential
// whose trainable parameter count equals CostOf(layers).params exactly (tests hold it to that).
// Input is a float batch Nx1x28x28, already normalised; `pad_value` is what a pad layer fills
// with, so padding adds *background* (normalised 0) rather than a grey border.
#ifndef MNISTBENCH_MODELS_BUILDER_H_
#define MNISTBENCH_MODELS_BUILDER_H_

#include <torch/torch.h>

#include <vector>

#include "models/layer_spec.h"

namespace mnb {

torch::nn::Sequential BuildModel(const std::vector<LayerSpec>& layers, double pad_value = 0.0);

int64_t TrainableParameterCount(const torch::nn::Module& module);

}  // namespace mnb

#endif  // MNISTBENCH_MODELS_BUILDER_H_
