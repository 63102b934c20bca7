// The Adam element loop (harness/train/adam_kernel.h): the update rule against a double-precision
// reference, and the same bits however the range is split between threads.
#include <catch2/catch.hpp>

#include <cmath>
#include <cstdint>
#include <vector>

#include "harness/train/adam_kernel.h"

using namespace mnb;

namespace {

struct Arrays {
  std::vector<float> param, grad, exp_avg, exp_avg_sq;
};

// Values spanning signs and several orders of magnitude, as real gradients do.
Arrays MakeArrays(int64_t n) {
  Arrays a;
  for (int64_t i = 0; i < n; ++i) {
    const float x = static_cast<float>(std::sin(0.37 * static_cast<double>(i)));
    a.param.push_back(x);
    a.grad.push_back(x * std::pow(10.0f, static_cast<float>(i % 7) - 5.0f));
    a.exp_avg.push_back(0.01f * x);
    a.exp_avg_sq.push_back(1e-6f * static_cast<float>(i % 5));
  }
  return a;
}

AdamStepScalars Scalars(int64_t step, double lr, double weight_decay) {
  const double beta1 = 0.9, beta2 = 0.999;
  AdamStepScalars s;
  s.beta1 = static_cast<float>(beta1);
  s.beta2 = static_cast<float>(beta2);
  s.one_minus_beta1 = static_cast<float>(1 - beta1);
  s.one_minus_beta2 = static_cast<float>(1 - beta2);
  s.weight_decay = static_cast<float>(weight_decay);
  s.eps = 1e-8f;
  s.step_size = static_cast<float>(lr / (1 - std::pow(beta1, step)));
  s.inv_sqrt_bias_correction2 = static_cast<float>(1 / std::sqrt(1 - std::pow(beta2, step)));
  return s;
}

}  // namespace

TEST_CASE("the Adam loop follows the update rule (weight decay included)", "[optim]") {
  const int64_t n = 1000;
  for (const double weight_decay : {0.0, 0.01}) {
    INFO("weight decay " << weight_decay);
    Arrays a = MakeArrays(n);
    const Arrays before = a;
    const double lr = 1e-3;
    AdamUpdate(a.param.data(), a.grad.data(), a.exp_avg.data(), a.exp_avg_sq.data(), n,
               Scalars(3, lr, weight_decay));
    for (int64_t i = 0; i < n; ++i) {
      const double g = before.grad[i] + weight_decay * before.param[i];
      const double m = 0.9 * before.exp_avg[i] + 0.1 * g;
      const double v = 0.999 * before.exp_avg_sq[i] + 0.001 * g * g;
      const double denom = std::sqrt(v) / std::sqrt(1 - std::pow(0.999, 3)) + 1e-8;
      const double p = before.param[i] - lr / (1 - std::pow(0.9, 3)) * m / denom;
      INFO("element " << i);
      REQUIRE(a.exp_avg[i] == Approx(m).epsilon(1e-5).margin(1e-30));
      REQUIRE(a.exp_avg_sq[i] == Approx(v).epsilon(1e-5).margin(1e-30));
      REQUIRE(a.param[i] == Approx(p).epsilon(1e-5).margin(1e-9));
    }
  }
}

TEST_CASE("the Adam loop gives the same bits however the range is split", "[optim]") {
  const int64_t n = 4099;  // not a multiple of any vector width
  Arrays whole = MakeArrays(n), pieces = MakeArrays(n);
  const AdamStepScalars s = Scalars(1, 1e-2, 0.0);
  AdamUpdate(whole.param.data(), whole.grad.data(), whole.exp_avg.data(), whole.exp_avg_sq.data(),
             n, s);
  for (int64_t begin = 0; begin < n; begin += 7) {  // odd-sized, unaligned pieces
    const int64_t size = std::min<int64_t>(7, n - begin);
    AdamUpdate(pieces.param.data() + begin, pieces.grad.data() + begin,
               pieces.exp_avg.data() + begin, pieces.exp_avg_sq.data() + begin, size, s);
  }
  CHECK(whole.param == pieces.param);
  CHECK(whole.exp_avg == pieces.exp_avg);
  CHECK(whole.exp_avg_sq == pieces.exp_avg_sq);
  CHECK(whole.param != MakeArrays(n).param);  // it did update
}
