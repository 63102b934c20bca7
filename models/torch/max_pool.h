// MaxPool: max pooling with kernel == stride (non-overlapping windows), fast on CPU.
//
// Contract: NonOverlappingMaxPool2d(k) computes exactly what torch::nn::MaxPool2d(k) computes
// (floor mode, no padding): the same outputs, and a backward that routes each output's gradient
// to the same input element (the first maximum in row-major window order; a NaN wins), so
// results are bit-identical to torch's. On channels-last float CPU tensors (what PlaceModel
// gives conv models) it runs its own kernel: one branch-free pass forward that keeps a byte per
// output (which window element won), and one pass backward that writes the whole input gradient
// (torch zero-fills it, then scatters through 8-byte indices). Anything else (NCHW, CUDA,
// doubles) calls torch's max pool.
//
// Why: lenet5's 6-channel activations leave torch's channels-last kernel scalar and branchy;
// this one made lenet5's whole training step ~7% faster (BENCHMARKS.md).
#ifndef MNISTBENCH_MODELS_TORCH_MAX_POOL_H_
#define MNISTBENCH_MODELS_TORCH_MAX_POOL_H_

#include <torch/torch.h>

namespace mnb {

class NonOverlappingMaxPool2dImpl : public torch::nn::Cloneable<NonOverlappingMaxPool2dImpl> {
 public:
  explicit NonOverlappingMaxPool2dImpl(int64_t kernel) : kernel_(kernel) {}
  void reset() override {}
  torch::Tensor forward(const torch::Tensor& input);
  void pretty_print(std::ostream& stream) const override;
  int64_t kernel() const { return kernel_; }

 private:
  int64_t kernel_;
};
TORCH_MODULE(NonOverlappingMaxPool2d);

// The function itself, with autograd; `kernel` is both window size and stride.
torch::Tensor NonOverlappingMaxPool(const torch::Tensor& input, int64_t kernel);

}  // namespace mnb

#endif  // MNISTBENCH_MODELS_TORCH_MAX_POOL_H_
