// Datasets in memory, split for one run.
//
// Contract: LoadSplits reads a registry dataset from the data directory (or a user's own files,
// SplitOptions::custom_data) and returns its train,
// val and test splits (and any extra evaluation sets) as contiguous tensors: images uint8
// Nx28x28, labels int64 N. Batches are gathered by index from these (GatherBatch), never through
// a per-sample pipeline. Holdouts (val, Kannada's carved test, limit_train subsets) are
// class-stratified and depend only on their seed, so every run of a sweep sees the same images.
// Normalisation uses the mean/std of the train split actually used, or none beyond / 255 with
// input_scale "unit". Throws DataError (one line naming the file) for missing or invalid files,
// mnb::Error kBadInput for an unknown input_scale.
#ifndef MNISTBENCH_HARNESS_TRAIN_DATASET_H_
#define MNISTBENCH_HARNESS_TRAIN_DATASET_H_

#include <torch/torch.h>

#include <string>
#include <vector>

#include "harness/plan/run_spec.h"

namespace mnb {

struct LabeledSplit {
  torch::Tensor images;  // uint8 [N, 28, 28], contiguous
  torch::Tensor labels;  // int64 [N]
  int64_t size() const { return labels.defined() ? labels.size(0) : 0; }
};

struct SplitOptions {
  int64_t val_size = 0;
  uint64_t split_seed = 0;
  int64_t limit_train = 0;  // 0 = all
  int64_t limit_test = 0;   // 0 = all; applies to every evaluation set too
  std::vector<std::string> eval_sets;
  // standardize: mean/std of the train split used; unit: mean 0, std 1, so GatherBatch gives
  // pixel / 255 (what Keras projects and torchvision's ToTensor feed a model).
  std::string input_scale = "standardize";
  // A user's own files (custom_data.h) instead of the registry dataset's; its eval sets join
  // `eval_sets`. Only 28x28 images: the zoo and the layer lists take 1x28x28 inputs.
  CustomData custom_data;
};

struct DatasetSplits {
  std::string name;
  LabeledSplit train, val, test;
  std::vector<std::pair<std::string, LabeledSplit>> evals;
  double mean = 0.0, std = 1.0;  // of train pixels in [0, 1]; 0 and 1 for input_scale unit
};

DatasetSplits LoadSplits(const std::string& data_dir, const std::string& dataset,
                         const SplitOptions& options);

// Reads one registry split ("train"/"test") of a dataset as stored on disk.
LabeledSplit LoadStoredSplit(const std::string& data_dir, const std::string& dataset,
                             const std::string& split);

// Indices (ascending) of a stratified sample of `count` examples, and of the rest.
struct Partition {
  std::vector<int64_t> taken, rest;
};
Partition StratifiedPartition(const torch::Tensor& labels, int64_t count, uint64_t seed);

LabeledSplit Subset(const LabeledSplit& split, const std::vector<int64_t>& indices);

// uint8 images [N, 28, 28] as float [N, 1, 28, 28], normalised with (mean, std) of [0, 1] pixels.
torch::Tensor NormalizeImages(const torch::Tensor& images, double mean, double std);

// NormalizeImages of the images at `indices`: the same numbers, bit for bit.
torch::Tensor GatherBatch(const torch::Tensor& images, const torch::Tensor& indices, double mean,
                          double std);

}  // namespace mnb

#endif  // MNISTBENCH_HARNESS_TRAIN_DATASET_H_
