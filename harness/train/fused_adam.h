// FusedAdam: torch::optim::Adam whose update runs as one pass over each parameter.
//
// Contract: the same update rule, options and state as torch::optim::Adam (it *is* one: the
// state lives in Adam's AdamParamState, so save/load and checkpoints are unchanged), computed per
// element in one loop instead of ~8 tensor ops per parameter. The result equals torch's Adam to
// float rounding, not bit for bit (torch rounds between its ops, this loop does not keep the
// intermediate tensors); it is bit-identical for any thread count and any ISA, because every
// element is computed alone with IEEE operations and no contraction into FMAs.
// Parameters whose gradient or state is not laid out like the parameter itself (e.g. Adam state
// loaded from a checkpoint saved in another memory format), and amsgrad, take torch's own path.
//
// On a GPU every parameter of a group is updated by one fused kernel (torch_compat.h), since a
// launch-bound step cannot afford ~8 kernels per parameter.
//
// Why: lenet5's 10 parameter tensors cost ~80 small kernels a step, ~0.5 ms of a ~5 ms step, and
// fcnn-seed004's 535k parameters made 8 passes over memory instead of one (BENCHMARKS.md).
#ifndef MNISTBENCH_HARNESS_TRAIN_FUSED_ADAM_H_
#define MNISTBENCH_HARNESS_TRAIN_FUSED_ADAM_H_

#include <torch/torch.h>

#include <map>
#include <vector>

namespace mnb {

class FusedAdam : public torch::optim::Adam {
 public:
  FusedAdam(std::vector<torch::Tensor> params, torch::optim::AdamOptions options)
      : torch::optim::Adam(std::move(params), options) {}

  torch::Tensor step(LossClosure closure = nullptr) override;

 private:
  torch::optim::AdamParamState& StateOf(const torch::Tensor& param);
  void StepOne(torch::Tensor& param, torch::optim::AdamParamState& state,
               const torch::optim::AdamOptions& options);
  void StepOnGpu(std::vector<torch::Tensor>& params, const torch::optim::AdamOptions& options);

  std::map<const void*, torch::Tensor> device_steps_;  // float32 step counts on each GPU
};

// Drops every parameter's gradient (set to none), so backward's first accumulation takes the
// new gradient tensor as it is instead of adding it into zeros.
void ClearGradients(torch::optim::Optimizer& optimizer);

}  // namespace mnb

#endif  // MNISTBENCH_HARNESS_TRAIN_FUSED_ADAM_H_
