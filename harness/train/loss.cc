#include "harness/train/loss.h"

#include <fmt/format.h>

#include <stdexcept>

#include "harness/base/error.h"

namespace mnb {

namespace {

constexpr double kProbabilityFloor = 1e-7;  // Keras's backend epsilon
constexpr int64_t kNumClasses = 10;

}  // namespace

torch::Tensor Loss(const std::string& name, const torch::Tensor& output,
                   const torch::Tensor& labels, bool probabilities) {
  if (name == "ce") {
    if (probabilities) {
      return torch::nll_loss(output.clamp(kProbabilityFloor, 1.0).log(), labels);
    }
    return torch::nn::functional::cross_entropy(output, labels);
  }
  if (name == "mse") {
    return torch::mse_loss(output, torch::one_hot(labels, kNumClasses).to(output.scalar_type()));
  }
  throw BadInput(fmt::format("loss '{}': expected ce or mse", name));
}

}  // namespace mnb
