// Data augmentation on whole batches, on the batch's device.
#ifndef MNISTBENCH_HARNESS_TRAIN_AUGMENT_H_
#define MNISTBENCH_HARNESS_TRAIN_AUGMENT_H_

#include <torch/torch.h>

#include <cstdint>

namespace mnb {

// Each image of `batch` [N, C, H, W] translated by its own random offset of up to `shift` pixels
// in each direction, the uncovered border filled with `background`: one gather, no per-image
// loop. The offsets are drawn from torch's CPU generator (2 per image, rows first), so a run's
// augmentation is the same on every device.
torch::Tensor ShiftBatch(const torch::Tensor& batch, int64_t shift, double background);

}  // namespace mnb

#endif  // MNISTBENCH_HARNESS_TRAIN_AUGMENT_H_
