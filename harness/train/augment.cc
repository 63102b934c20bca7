#include "harness/train/augment.h"

namespace mnb {

torch::Tensor ShiftBatch(const torch::Tensor& batch, int64_t shift, double background) {
  const int64_t n = batch.size(0), c = batch.size(1), h = batch.size(2), w = batch.size(3);
  const torch::Tensor padded =
      torch::constant_pad_nd(batch, {shift, shift, shift, shift}, background);
  const torch::Tensor offsets =
      torch::randint(0, 2 * shift + 1, {n, 2}, torch::kInt64).to(batch.device());
  const auto index = torch::TensorOptions(batch.device()).dtype(torch::kInt64);
  const int64_t pw = w + 2 * shift;
  // Flat index into each padded image: (row offset + i) * padded width + (column offset + j).
  const torch::Tensor rows =
      offsets.select(1, 0).view({n, 1, 1}) + torch::arange(h, index).view({1, h, 1});
  const torch::Tensor cols =
      offsets.select(1, 1).view({n, 1, 1}) + torch::arange(w, index).view({1, 1, w});
  const torch::Tensor flat = (rows * pw + cols).view({n, 1, h * w}).expand({n, c, h * w});
  return padded.reshape({n, c, -1}).gather(2, flat).view({n, c, h, w});
}

}  // namespace mnb
