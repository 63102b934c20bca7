// ShiftBatch (harness/train/augment.h): the one-gather shift equals shifting each image alone with
// the same offsets, draws the same offsets as before it was vectorised, and keeps every pixel.
#include <catch2/catch.hpp>
#include <torch/torch.h>

#include "harness/train/augment.h"

using namespace mnb;

namespace {

// The definition, image by image: pad, then cut the window at that image's (row, column) offset.
torch::Tensor ShiftEachImage(const torch::Tensor& batch, int64_t shift, double background) {
  const int64_t n = batch.size(0), h = batch.size(2), w = batch.size(3);
  const torch::Tensor padded =
      torch::constant_pad_nd(batch, {shift, shift, shift, shift}, background);
  const torch::Tensor offsets = torch::randint(0, 2 * shift + 1, {n, 2}, torch::kInt64);
  torch::Tensor out = torch::empty_like(batch);
  for (int64_t i = 0; i < n; ++i) {
    const int64_t row = offsets[i][0].item<int64_t>(), col = offsets[i][1].item<int64_t>();
    out[i].copy_(padded[i].narrow(1, row, h).narrow(2, col, w));
  }
  return out;
}

}  // namespace

TEST_CASE("ShiftBatch equals shifting each image alone with the same offsets", "[augment]") {
  const torch::Tensor batch = torch::rand({33, 2, 28, 28});
  for (const int64_t shift : {1, 2, 4}) {
    INFO("shift " << shift);
    torch::manual_seed(11);
    const torch::Tensor fast = ShiftBatch(batch, shift, -0.42);
    torch::manual_seed(11);
    const torch::Tensor reference = ShiftEachImage(batch, shift, -0.42);
    CHECK(fast.sizes() == batch.sizes());
    CHECK(torch::equal(fast, reference));
  }
}

TEST_CASE("ShiftBatch moves an image and fills the border with the background", "[augment]") {
  // One image, one lit pixel at (10, 10): after the shift it is somewhere within 3 px of it,
  // the background fills what came in from outside, and nothing else changed value.
  torch::Tensor image = torch::zeros({1, 1, 28, 28});
  image[0][0][10][10] = 1.0;
  torch::manual_seed(5);
  const torch::Tensor shifted = ShiftBatch(image, 3, -1.0);
  const torch::Tensor lit = (shifted == 1.0).nonzero();
  REQUIRE(lit.size(0) == 1);
  CHECK(std::abs(lit[0][2].item<int64_t>() - 10) <= 3);
  CHECK(std::abs(lit[0][3].item<int64_t>() - 10) <= 3);
  const int64_t background = (shifted == -1.0).sum().item<int64_t>();
  const int64_t zeros = (shifted == 0.0).sum().item<int64_t>();
  CHECK(background + zeros + 1 == 28 * 28);
}
