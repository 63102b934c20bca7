// Training losses on a model's outputs, whether they are logits or probabilities.
//
// Contract: Loss(name, output, labels, probabilities) is the batch-mean loss "ce" or "mse" for
// output [B, 10] and int64 labels [B]; any other name throws mnb::Error kBadInput.
// `probabilities` says the model ends in softmax (as seed 003's models do), so output already
// sums to 1 per row:
//   - mse: mean squared error against one-hot targets, on the output as it is (logits or, for
//     seed 003, the probabilities the project fitted).
//   - ce on logits: cross-entropy (log-softmax, then NLL).
//   - ce on probabilities: NLL of log(p), with p clipped to [1e-7, 1] as Keras's
//     categorical_crossentropy does; taking a softmax of probabilities again would be wrong.
#ifndef MNISTBENCH_HARNESS_TRAIN_LOSS_H_
#define MNISTBENCH_HARNESS_TRAIN_LOSS_H_

#include <torch/torch.h>

#include <string>

namespace mnb {

torch::Tensor Loss(const std::string& name, const torch::Tensor& output,
                   const torch::Tensor& labels, bool probabilities);

}  // namespace mnb

#endif  // MNISTBENCH_HARNESS_TRAIN_LOSS_H_
