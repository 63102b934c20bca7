#include "harness/train/fused_adam.h"

#include <ATen/Parallel.h>

#include <cmath>
#include <cstdint>
#include <memory>
#include <string>

#include "harness/train/adam_kernel.h"
#include "harness/train/torch_compat.h"

namespace mnb {

namespace {

// One flat loop fits when all four tensors are dense float tensors on the CPU with one layout.
bool FlatLoopFits(const torch::Tensor& param, const torch::Tensor& grad,
                  const torch::Tensor& exp_avg, const torch::Tensor& exp_avg_sq) {
  for (const torch::Tensor* t : {&param, &grad, &exp_avg, &exp_avg_sq}) {
    if (!t->device().is_cpu() || t->scalar_type() != torch::kFloat32 ||
        !t->is_non_overlapping_and_dense() || t->strides() != param.strides()) {
      return false;
    }
  }
  return true;
}

}  // namespace

torch::optim::AdamParamState& FusedAdam::StateOf(const torch::Tensor& p) {
  const OptimizerStateKey key = OptimizerStateKeyOf(p);
  auto found = state_.find(key);
  if (found == state_.end()) {
    auto state = std::make_unique<torch::optim::AdamParamState>();
    state->step(0);
    state->exp_avg(torch::zeros_like(p, torch::MemoryFormat::Preserve));
    state->exp_avg_sq(torch::zeros_like(p, torch::MemoryFormat::Preserve));
    found = state_.emplace(key, std::move(state)).first;
  }
  return static_cast<torch::optim::AdamParamState&>(*found->second);
}

// One parameter, on the CPU loop when it fits, else torch's own arithmetic op for op
// (torch/csrc/api/src/optim/adam.cpp). `state.step()` already counts this step.
void FusedAdam::StepOne(torch::Tensor& p, torch::optim::AdamParamState& state,
                        const torch::optim::AdamOptions& options) {
  torch::Tensor grad = p.grad();
  torch::Tensor& exp_avg = state.exp_avg();
  torch::Tensor& exp_avg_sq = state.exp_avg_sq();
  const double beta1 = std::get<0>(options.betas());
  const double beta2 = std::get<1>(options.betas());
  const double bias_correction1 = 1 - std::pow(beta1, state.step());
  const double bias_correction2 = 1 - std::pow(beta2, state.step());
  const double step_size = options.lr() / bias_correction1;
  if (FlatLoopFits(p, grad, exp_avg, exp_avg_sq)) {
    AdamStepScalars s;
    s.beta1 = static_cast<float>(beta1);
    s.beta2 = static_cast<float>(beta2);
    s.one_minus_beta1 = static_cast<float>(1 - beta1);
    s.one_minus_beta2 = static_cast<float>(1 - beta2);
    s.weight_decay = static_cast<float>(options.weight_decay());
    s.eps = static_cast<float>(options.eps());
    s.step_size = static_cast<float>(step_size);
    s.inv_sqrt_bias_correction2 = static_cast<float>(1 / std::sqrt(bias_correction2));
    float* param_data = p.data_ptr<float>();
    const float* grad_data = grad.data_ptr<float>();
    float* exp_avg_data = exp_avg.data_ptr<float>();
    float* exp_avg_sq_data = exp_avg_sq.data_ptr<float>();
    // Below ~16k elements a second thread costs more to wake than it saves.
    at::parallel_for(0, p.numel(), 16384, [&](int64_t begin, int64_t end) {
      AdamUpdate(param_data + begin, grad_data + begin, exp_avg_data + begin,
                 exp_avg_sq_data + begin, end - begin, s);
    });
    return;
  }
  if (options.weight_decay() != 0) grad = grad.add(p, options.weight_decay());
  exp_avg.mul_(beta1).add_(grad, 1 - beta1);
  exp_avg_sq.mul_(beta2).addcmul_(grad, grad, 1 - beta2);
  const torch::Tensor denom = (exp_avg_sq.sqrt() / std::sqrt(bias_correction2)).add_(options.eps());
  p.addcdiv_(exp_avg, denom, -step_size);
}

// Every GPU parameter of a group in one fused kernel (torch_compat.h); step counts are kept on
// the device beside the host's, which checkpoints save. Falls back to StepOne per parameter.
void FusedAdam::StepOnGpu(std::vector<torch::Tensor>& params,
                          const torch::optim::AdamOptions& options) {
  std::vector<torch::Tensor> grads, exp_avgs, exp_avg_sqs, steps;
  for (torch::Tensor& p : params) {
    torch::optim::AdamParamState& state = StateOf(p);
    torch::Tensor& step = device_steps_[p.unsafeGetTensorImpl()];
    if (!step.defined() || step.device() != p.device()) {
      step = torch::full({}, static_cast<double>(state.step()), p.options().dtype(torch::kFloat32));
    }
    state.step(state.step() + 1);
    grads.push_back(p.grad());
    exp_avgs.push_back(state.exp_avg());
    exp_avg_sqs.push_back(state.exp_avg_sq());
    steps.push_back(step);
  }
  const bool fused = MultiTensorAdamStep(
      params, grads, exp_avgs, exp_avg_sqs, steps, options.lr(), std::get<0>(options.betas()),
      std::get<1>(options.betas()), options.weight_decay(), options.eps());
  if (fused) return;
  for (torch::Tensor& p : params) {
    StepOne(p, StateOf(p), options);
    device_steps_.erase(p.unsafeGetTensorImpl());  // stale now: re-read from the host next time
  }
}

torch::Tensor FusedAdam::step(LossClosure closure) {
  for (auto& group : param_groups_) {
    if (static_cast<torch::optim::AdamOptions&>(group.options()).amsgrad()) {
      return torch::optim::Adam::step(closure);
    }
  }
  torch::NoGradGuard no_grad;
  torch::Tensor loss;
  if (closure != nullptr) {
    at::AutoGradMode enable_grad(true);
    loss = closure();
  }
  for (auto& group : param_groups_) {
    const auto& options = static_cast<const torch::optim::AdamOptions&>(group.options());
    std::vector<torch::Tensor> on_gpu;
    for (auto& p : group.params()) {
      if (!p.grad().defined()) continue;
      if (p.is_cuda() && p.scalar_type() == torch::kFloat32) {
        on_gpu.push_back(p);
        continue;
      }
      torch::optim::AdamParamState& state = StateOf(p);
      state.step(state.step() + 1);
      StepOne(p, state, options);
    }
    if (!on_gpu.empty()) StepOnGpu(on_gpu, options);
  }
  return loss;
}

void ClearGradients(torch::optim::Optimizer& optimizer) {
  for (auto& group : optimizer.param_groups()) {
    for (auto& p : group.params()) p.mutable_grad().reset();
  }
}

}  // namespace mnb
