// Losses on logits and on probabilities: a model ending in softmax gets the same cross-entropy
// as the same model without it, and MSE is taken on the output as it is.
#include <catch2/catch.hpp>

#include <torch/torch.h>

#include "harness/base/error.h"
#include "harness/train/loss.h"

using namespace mnb;

TEST_CASE("ce on softmax outputs equals ce on the logits they came from", "[loss]") {
  torch::manual_seed(7);
  const torch::Tensor logits = torch::randn({32, 10}) * 3;
  const torch::Tensor labels = torch::randint(0, 10, {32}, torch::kInt64);
  const double on_logits = Loss("ce", logits, labels, false).item<double>();
  const double on_probabilities =
      Loss("ce", torch::softmax(logits, 1), labels, true).item<double>();
  CHECK(on_probabilities == Approx(on_logits).epsilon(1e-5));
  // Treating probabilities as logits (the defect this guards against) is measurably different.
  const double wrong = Loss("ce", torch::softmax(logits, 1), labels, false).item<double>();
  CHECK(std::abs(wrong - on_logits) > 0.1);
}

TEST_CASE("ce on probabilities is clipped as Keras clips: finite for a zero probability",
          "[loss]") {
  torch::Tensor p = torch::zeros({1, 10});
  p[0][3] = 1.0;
  const torch::Tensor label = torch::tensor({5}, torch::kInt64);
  const double loss = Loss("ce", p, label, true).item<double>();
  CHECK(loss == Approx(-std::log(1e-7)).epsilon(1e-5));
}

TEST_CASE("mse compares the output with one-hot targets as it is", "[loss]") {
  torch::Tensor out = torch::zeros({2, 10});
  out[0][1] = 1.0;  // right and certain: 0
  out[1][2] = 1.0;  // wrong: two squared errors of 1 over 10 classes
  const torch::Tensor labels = torch::tensor({1, 4}, torch::kInt64);
  CHECK(Loss("mse", out, labels, true).item<double>() == Approx(2.0 / 20.0));
  CHECK(Loss("mse", out, labels, false).item<double>() == Approx(2.0 / 20.0));
  CHECK_THROWS_AS(Loss("hinge", out, labels, false), Error);
}
