// FusedAdam: torch::optim::Adam whose update runs as one pass over each parameter.
//
// Contract: the same update rule, options and state as torch::optim::Adam (it is one, so
// checkpoints are unchanged), equal to it to float rounding; the CPU loop is bit-identical for
// any thread count and ISA. A parameter the loop does not fit runs torch's arithmetic op for op,
// amsgrad torch's own step; float32 GPU parameters take torch's multi-tensor Adam where this
// LibTorch has one. It throws nothing of its own. Details and why: docs/train.md "Fused Adam".
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
