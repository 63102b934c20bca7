// Divergence detection that costs no host sync per batch on a GPU.
//
// Contract: Observe(batch_loss) folds "this loss is NaN or infinite" into a flag kept on the
// loss's device, with no synchronisation; Diverged() reads the flag (one sync) and says whether
// any loss observed since construction was not finite. A NaN in batch 3 is reported even when
// every later loss is finite and the flag is read only at batch 50.
#ifndef MNISTBENCH_HARNESS_TRAIN_DIVERGENCE_H_
#define MNISTBENCH_HARNESS_TRAIN_DIVERGENCE_H_

#include <torch/torch.h>

namespace mnb {

class DivergenceWatch {
 public:
  explicit DivergenceWatch(const torch::Device& device);

  void Observe(const torch::Tensor& batch_loss);
  bool Diverged() const;

 private:
  torch::Tensor nonfinite_;  // bool scalar on the device
};

}  // namespace mnb

#endif  // MNISTBENCH_HARNESS_TRAIN_DIVERGENCE_H_
