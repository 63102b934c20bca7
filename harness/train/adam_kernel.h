// The Adam update of one element range, over plain float arrays.
//
// Contract: for i in [0, n): g = grad + weight_decay * param; exp_avg = beta1 * exp_avg +
// (1 - beta1) * g; exp_avg_sq = beta2 * exp_avg_sq + (1 - beta2) * g * g; param -= step_size *
// exp_avg / (sqrt(exp_avg_sq) / sqrt(bias_correction2) + eps), all in float. Each element is
// computed alone, so any split of the range (threads) gives the same bits, and every ISA clone
// gives the same bits too (compiled without FMA contraction, CMakeLists.txt).
//
// No torch here: a plain loop in its own TU, so it can be compiled with the flags that let the
// square root vectorise (-fno-math-errno) without touching the torch TUs' precompiled header.
#ifndef MNISTBENCH_HARNESS_TRAIN_ADAM_KERNEL_H_
#define MNISTBENCH_HARNESS_TRAIN_ADAM_KERNEL_H_

#include <cstdint>

namespace mnb {

struct AdamStepScalars {
  float beta1 = 0.9f, beta2 = 0.999f;
  float one_minus_beta1 = 0.1f, one_minus_beta2 = 0.001f;  // rounded from double, as torch does
  float weight_decay = 0.0f, eps = 1e-8f;
  float step_size = 0.0f;                  // lr / (1 - beta1^step)
  float inv_sqrt_bias_correction2 = 1.0f;  // 1 / sqrt(1 - beta2^step)
};

void AdamUpdate(float* param, const float* grad, float* exp_avg, float* exp_avg_sq, int64_t n,
                const AdamStepScalars& s);

}  // namespace mnb

#endif  // MNISTBENCH_HARNESS_TRAIN_ADAM_KERNEL_H_
