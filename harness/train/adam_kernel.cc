#include "harness/train/adam_kernel.h"

#include <cmath>

namespace mnb {

// Compiled for AVX-512, AVX2 and baseline x86-64, chosen when the program loads.
#if defined(__x86_64__) && defined(__GNUC__) && !defined(__clang__)
__attribute__((target_clones("avx512f", "avx2", "default")))
#endif
void AdamUpdate(float* __restrict param, const float* __restrict grad, float* __restrict exp_avg,
                float* __restrict exp_avg_sq, int64_t n, const AdamStepScalars& s) {
  const float beta1 = s.beta1, beta2 = s.beta2;
  const float one_minus_beta1 = s.one_minus_beta1, one_minus_beta2 = s.one_minus_beta2;
  const float weight_decay = s.weight_decay, eps = s.eps, step_size = s.step_size;
  const float inv_sqrt_bias_correction2 = s.inv_sqrt_bias_correction2;
  for (int64_t i = 0; i < n; ++i) {
    const float g = grad[i] + weight_decay * param[i];  // a weight decay of 0 adds exactly 0
    const float m = beta1 * exp_avg[i] + one_minus_beta1 * g;
    const float v = beta2 * exp_avg_sq[i] + one_minus_beta2 * (g * g);
    exp_avg[i] = m;
    exp_avg_sq[i] = v;
    param[i] -= step_size * (m / (std::sqrt(v) * inv_sqrt_bias_correction2 + eps));
  }
}

}  // namespace mnb
