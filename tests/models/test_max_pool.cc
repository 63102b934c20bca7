// models/torch/max_pool.h against torch's max pool: the same outputs and the same gradients, bit for
// bit, in both layouts, with ties, -inf, NaN, sizes that leave a remainder, and any thread count.
#include <catch2/catch.hpp>
#include <torch/torch.h>

#include "models/torch/max_pool.h"

using namespace mnb;

namespace {

struct Pooled {
  torch::Tensor out, grad;
};

// Forward and backward of `pool` on a copy of `input`, with a fixed upstream gradient.
template <typename Pool>
Pooled Run(const torch::Tensor& input, const torch::Tensor& upstream, Pool pool) {
  torch::Tensor x = input.clone().requires_grad_();
  Pooled r;
  r.out = pool(x);
  r.out.backward(upstream);
  r.grad = x.grad();
  return r;
}

// Small integers: many exact ties inside windows, and windows of equal negative values.
torch::Tensor TiedInput(torch::IntArrayRef sizes) {
  return torch::randint(-3, 4, sizes, torch::kFloat32);
}

// Whether `out` came from mnistbench's kernel rather than torch's fallback.
bool FromOwnKernel(const torch::Tensor& out) {
  return out.grad_fn() != nullptr &&
         out.grad_fn()->name().find("MaxPoolFunction") != std::string::npos;
}

void RequireSameAsTorch(const torch::Tensor& input, int64_t k, bool own_kernel) {
  const auto torch_pool = [k](const torch::Tensor& x) {
    return torch::max_pool2d(x, {k, k}, {k, k});
  };
  const auto our_pool = [k](const torch::Tensor& x) { return NonOverlappingMaxPool(x, k); };
  const torch::Tensor upstream = torch::randn(torch_pool(input.detach()).sizes());
  const Pooled ours = Run(input, upstream, our_pool);
  const Pooled theirs = Run(input, upstream, torch_pool);
  INFO("sizes " << input.sizes() << " strides " << input.strides() << " kernel " << k);
  CHECK(FromOwnKernel(ours.out) == own_kernel);
  REQUIRE(ours.out.sizes() == theirs.out.sizes());
  CHECK(torch::equal(ours.out, theirs.out));
  CHECK(torch::equal(ours.grad, theirs.grad));
  CHECK(ours.grad.strides() == input.strides());  // the gradient keeps the input's layout
}

}  // namespace

TEST_CASE("the max pool equals torch's, NCHW and channels-last, with ties", "[models]") {
  torch::manual_seed(1);
  for (const auto& sizes :
       {std::vector<int64_t>{4, 6, 28, 28}, std::vector<int64_t>{3, 5, 7, 9},
        std::vector<int64_t>{2, 16, 10, 10}, std::vector<int64_t>{2, 1, 6, 6}}) {
    for (const int64_t k : {2, 3}) {
      const torch::Tensor nchw = TiedInput(sizes);
      RequireSameAsTorch(nchw, k, /*own_kernel=*/false);
      RequireSameAsTorch(nchw.contiguous(torch::MemoryFormat::ChannelsLast), k,
                         /*own_kernel=*/sizes[1] > 1);
    }
  }
}

TEST_CASE("the max pool kernel treats -inf and NaN as torch does", "[models]") {
  torch::manual_seed(2);
  torch::Tensor x = TiedInput({2, 4, 8, 8});
  x.index_put_({0, 0}, -std::numeric_limits<float>::infinity());  // whole windows of -inf
  x.index_put_({1, 2, 3, 5}, std::numeric_limits<float>::quiet_NaN());
  x.index_put_({1, 2, 2, 4}, std::numeric_limits<float>::quiet_NaN());  // same window, earlier
  for (const auto format : {torch::MemoryFormat::Contiguous, torch::MemoryFormat::ChannelsLast}) {
    const torch::Tensor input = x.contiguous(format);
    const torch::Tensor upstream = torch::randn({2, 4, 4, 4});
    const Pooled ours =
        Run(input, upstream, [](const torch::Tensor& t) { return NonOverlappingMaxPool(t, 2); });
    CHECK(FromOwnKernel(ours.out) == (format == torch::MemoryFormat::ChannelsLast));
    const Pooled theirs = Run(input, upstream, [](const torch::Tensor& t) {
      return torch::max_pool2d(t, {2, 2}, {2, 2});
    });
    CHECK(torch::equal(ours.out.isnan(), theirs.out.isnan()));
    CHECK(ours.out.isnan().sum().item<int64_t>() == 1);
    CHECK(torch::equal(ours.out.nan_to_num(0, 1, -1), theirs.out.nan_to_num(0, 1, -1)));
    CHECK(torch::equal(ours.grad, theirs.grad));  // the NaN's gradient went to the same element
  }
}

TEST_CASE("the max pool kernel gives the same bits at 1 and 2 threads", "[models]") {
  const int saved = torch::get_num_threads();
  torch::manual_seed(3);
  const torch::Tensor x =
      torch::randn({64, 6, 28, 28}).contiguous(torch::MemoryFormat::ChannelsLast);
  const torch::Tensor upstream = torch::randn({64, 6, 14, 14});
  Pooled results[2];
  for (const int threads : {1, 2}) {
    torch::set_num_threads(threads);
    results[threads - 1] =
        Run(x, upstream, [](const torch::Tensor& t) { return NonOverlappingMaxPool(t, 2); });
  }
  torch::set_num_threads(saved);
  CHECK(torch::equal(results[0].out, results[1].out));
  CHECK(torch::equal(results[0].grad, results[1].grad));
}

TEST_CASE("the max pool falls back to torch where its kernel does not apply", "[models]") {
  torch::manual_seed(4);
  const torch::Tensor doubles = torch::randn({2, 3, 6, 6}, torch::kFloat64);
  CHECK(
      torch::equal(NonOverlappingMaxPool(doubles, 2), torch::max_pool2d(doubles, {2, 2}, {2, 2})));
  const torch::Tensor strided = torch::randn({2, 3, 12, 12}).transpose(2, 3);  // neither layout
  RequireSameAsTorch(strided, 2, /*own_kernel=*/false);
}
