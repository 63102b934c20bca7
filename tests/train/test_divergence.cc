// DivergenceWatch (harness/train/divergence.h): a NaN between two reads of the flag is not lost.
#include <catch2/catch.hpp>
#include <torch/torch.h>

#include <cmath>
#include <limits>

#include "harness/train/divergence.h"

using namespace mnb;

TEST_CASE("a NaN or infinite loss is remembered until the flag is read", "[divergence]") {
  DivergenceWatch finite(torch::kCPU);
  for (double loss : {2.3, 1.1, 0.4}) finite.Observe(torch::tensor(loss, torch::kFloat64));
  CHECK_FALSE(finite.Diverged());

  // What the trainer on a GPU saw before: batch 2's NaN, then finite losses up to the read.
  DivergenceWatch nan(torch::kCPU);
  nan.Observe(torch::tensor(2.3, torch::kFloat64));
  nan.Observe(torch::tensor(std::nan(""), torch::kFloat64));
  for (int b = 0; b < 47; ++b) nan.Observe(torch::tensor(0.5, torch::kFloat64));
  CHECK(nan.Diverged());

  DivergenceWatch inf(torch::kCPU);
  inf.Observe(torch::tensor(std::numeric_limits<double>::infinity(), torch::kFloat64));
  inf.Observe(torch::tensor(1.0, torch::kFloat64));
  CHECK(inf.Diverged());
}
