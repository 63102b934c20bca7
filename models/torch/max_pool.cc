#include "models/torch/max_pool.h"

#include <ATen/Parallel.h>

#include <cstdint>
#include <cstring>

namespace mnb {

namespace {

using torch::autograd::AutogradContext;
using torch::autograd::variable_list;

// Geometry shared by both passes; input and output are dense channels-last tensors, so one
// image of either is one contiguous block and an output row's values are (ow, c) in order.
struct PoolGeometry {
  int64_t n, c, h, w, oh, ow, k;
};

PoolGeometry Geometry(torch::IntArrayRef input_sizes, int64_t k) {
  return {input_sizes[0],
          input_sizes[1],
          input_sizes[2],
          input_sizes[3],
          input_sizes[2] / k,
          input_sizes[3] / k,
          k};
}

// torch's own rule (aten/src/ATen/native/cpu/MaxPoolKernel.cpp): a later element of the window
// wins when it is greater, or NaN. Starting from the first element equals torch's start from
// -inf: a first element of -inf stays the winner until something beats it, as in torch.
// Branch-free: on real activations the comparison is a coin toss, and a mispredicted branch per
// element made this loop several times slower.
// (Selected through integer masks: GCC turns `wins ? v : best` back into a branch.)
inline void Consider(float v, uint8_t j, float& best, uint8_t& at) {
  const uint32_t wins = static_cast<uint32_t>((v > best) | (v != v));
  const uint32_t mask = 0u - wins;
  uint32_t v_bits, best_bits;
  std::memcpy(&v_bits, &v, sizeof v_bits);
  std::memcpy(&best_bits, &best, sizeof best_bits);
  best_bits = (v_bits & mask) | (best_bits & ~mask);
  std::memcpy(&best, &best_bits, sizeof best);
  at = static_cast<uint8_t>((j & mask) | (at & ~mask));
}

// One image. The window's elements are visited in row-major order, each over a whole output
// row, so the innermost loop runs over contiguous channels.
void ForwardImage(const float* __restrict in, float* __restrict out, uint8_t* __restrict winner,
                  const PoolGeometry g) {
  const int64_t k = g.k, c_count = g.c;
  for (int64_t oh = 0; oh < g.oh; ++oh) {
    float* __restrict best = out + oh * g.ow * c_count;
    uint8_t* __restrict at = winner + oh * g.ow * c_count;
    for (int64_t kh = 0; kh < k; ++kh) {
      const float* __restrict src = in + (oh * k + kh) * g.w * c_count;
      for (int64_t kw = 0; kw < k; ++kw) {
        const uint8_t j = static_cast<uint8_t>(kh * k + kw);
        for (int64_t ow = 0; ow < g.ow; ++ow) {
          const float* __restrict v = src + (ow * k + kw) * c_count;
          float* __restrict b = best + ow * c_count;
          uint8_t* __restrict a = at + ow * c_count;
          if (j == 0) {
            for (int64_t c = 0; c < c_count; ++c) {
              b[c] = v[c];
              a[c] = 0;
            }
          } else {
            for (int64_t c = 0; c < c_count; ++c) Consider(v[c], j, b[c], a[c]);
          }
        }
      }
    }
  }
}

// Writes every element of one image's input gradient: each window's winner gets its output's
// gradient (added to 0, as torch adds into its zero fill, so even the sign of a zero matches),
// everything else 0.
void BackwardImage(const float* __restrict grad_out, const uint8_t* __restrict winner,
                   float* __restrict grad_in, const PoolGeometry g) {
  const int64_t k = g.k, c_count = g.c;
  std::memset(grad_in, 0, sizeof(float) * g.c * g.h * g.w);
  int64_t window_offset[256];  // of window element j from the window's first element
  for (int64_t j = 0; j < k * k; ++j) window_offset[j] = ((j / k) * g.w + j % k) * c_count;
  for (int64_t oh = 0; oh < g.oh; ++oh) {
    for (int64_t ow = 0; ow < g.ow; ++ow) {
      const int64_t out_at = (oh * g.ow + ow) * c_count;
      const int64_t first = (oh * k * g.w + ow * k) * c_count;
      for (int64_t c = 0; c < c_count; ++c) {
        grad_in[first + c + window_offset[winner[out_at + c]]] = 0.0f + grad_out[out_at + c];
      }
    }
  }
}

// Images are independent: torch's threads split them.
template <typename PerImage>
void ForEachImage(int64_t images, const PerImage& per_image) {
  at::parallel_for(0, images, 1, [&](int64_t begin, int64_t end) {
    for (int64_t n = begin; n < end; ++n) per_image(n);
  });
}

struct MaxPoolFunction : public torch::autograd::Function<MaxPoolFunction> {
  static torch::Tensor forward(AutogradContext* ctx, const torch::Tensor& x, int64_t k) {
    constexpr auto kChannelsLast = torch::MemoryFormat::ChannelsLast;
    const PoolGeometry g = Geometry(x.sizes(), k);
    torch::Tensor out =
        torch::empty({g.n, g.c, g.oh, g.ow}, x.options().memory_format(kChannelsLast));
    torch::Tensor winner =
        torch::empty(out.sizes(), out.options().dtype(torch::kUInt8).memory_format(kChannelsLast));
    const float* in_data = x.data_ptr<float>();
    float* out_data = out.data_ptr<float>();
    uint8_t* winner_data = winner.data_ptr<uint8_t>();
    const int64_t in_image = g.c * g.h * g.w, out_image = g.c * g.oh * g.ow;
    ForEachImage(g.n, [&](int64_t n) {
      ForwardImage(in_data + n * in_image, out_data + n * out_image, winner_data + n * out_image,
                   g);
    });
    ctx->save_for_backward({winner});
    ctx->saved_data["input_hw_kernel"] = torch::IValue(std::vector<int64_t>{g.h, g.w, k});
    return out;
  }

  static variable_list backward(AutogradContext* ctx, variable_list grad_outputs) {
    const torch::Tensor winner = ctx->get_saved_variables()[0];
    const std::vector<int64_t> hw_kernel = ctx->saved_data["input_hw_kernel"].toIntVector();
    const PoolGeometry g =
        Geometry({winner.size(0), winner.size(1), hw_kernel[0], hw_kernel[1]}, hw_kernel[2]);
    // The incoming gradient is brought to the winners' (the output's) layout.
    const torch::Tensor grad_out = grad_outputs[0].contiguous(torch::MemoryFormat::ChannelsLast);
    torch::Tensor grad_in = torch::empty(
        {g.n, g.c, g.h, g.w}, grad_out.options().memory_format(torch::MemoryFormat::ChannelsLast));
    const float* grad_out_data = grad_out.data_ptr<float>();
    const uint8_t* winner_data = winner.data_ptr<uint8_t>();
    float* grad_in_data = grad_in.data_ptr<float>();
    const int64_t in_image = g.c * g.h * g.w, out_image = g.c * g.oh * g.ow;
    ForEachImage(g.n, [&](int64_t n) {
      BackwardImage(grad_out_data + n * out_image, winner_data + n * out_image,
                    grad_in_data + n * in_image, g);
    });
    return {grad_in, torch::Tensor()};
  }
};

// Our kernel covers channels-last float tensors on the CPU (what PlaceModel gives every conv
// model); for NCHW torch's own kernel measured as fast, so it keeps those.
bool KernelFits(const torch::Tensor& input, int64_t k) {
  return input.device().is_cpu() && input.scalar_type() == torch::kFloat32 && input.dim() == 4 &&
         k >= 1 && k * k <= 256 && input.size(2) >= k && input.size(3) >= k && input.size(1) > 1 &&
         input.is_contiguous(torch::MemoryFormat::ChannelsLast);
}

}  // namespace

torch::Tensor NonOverlappingMaxPool(const torch::Tensor& input, int64_t kernel) {
  if (!KernelFits(input, kernel)) {
    return torch::max_pool2d(input, {kernel, kernel}, {kernel, kernel});
  }
  return MaxPoolFunction::apply(input, kernel);
}

torch::Tensor NonOverlappingMaxPool2dImpl::forward(const torch::Tensor& input) {
  return NonOverlappingMaxPool(input, kernel_);
}

void NonOverlappingMaxPool2dImpl::pretty_print(std::ostream& stream) const {
  stream << "mnb::NonOverlappingMaxPool2d(kernel_size=" << kernel_ << ", stride=" << kernel_ << ")";
}

}  // namespace mnb
