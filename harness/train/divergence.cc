#include "harness/train/divergence.h"

namespace mnb {

DivergenceWatch::DivergenceWatch(const torch::Device& device)
    : nonfinite_(torch::zeros({}, torch::TensorOptions(device).dtype(torch::kBool))) {}

void DivergenceWatch::Observe(const torch::Tensor& batch_loss) {
  nonfinite_.logical_or_(batch_loss.isfinite().logical_not());
}

bool DivergenceWatch::Diverged() const { return nonfinite_.item<bool>(); }

}  // namespace mnb
