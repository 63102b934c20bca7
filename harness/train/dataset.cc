#include "harness/train/dataset.h"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <random>

#include "harness/base/error.h"
#include "harness/data/custom_data.h"
#include "harness/data/data_error.h"
#include "harness/data/idx.h"
#include "harness/data/registry.h"

namespace mnb {

namespace {

// Kannada's carved test split is fixed for everyone, independent of any run's split_seed.
constexpr uint64_t kCarveSeed = 20190805;

const DatasetInfo& RequireDataset(const std::string& name) {
  const DatasetInfo* info = FindDataset(name);
  if (info == nullptr) {
    std::string names;
    for (const DatasetInfo& d : AllDatasets()) names += (names.empty() ? "" : ", ") + d.name;
    throw DataError(fmt::format("unknown dataset '{}' (expected one of {})", name, names));
  }
  return *info;
}

// Moves a byte vector into a tensor without copying: the tensor's deleter owns the vector.
torch::Tensor TensorFromBytes(std::vector<uint8_t>&& bytes, std::vector<int64_t> shape) {
  auto* owned = new std::vector<uint8_t>(std::move(bytes));
  return torch::from_blob(
      owned->data(), shape, [owned](void*) { delete owned; }, torch::kUInt8);
}

// Fisher-Yates with mt19937_64 and plain modulo: std::shuffle and the std distributions are
// implementation-defined, and splits must be the same on every platform and compiler.
void SeededShuffle(std::vector<int64_t>& v, uint64_t seed) {
  std::mt19937_64 rng(seed);
  for (size_t i = v.size(); i > 1; --i) {
    std::swap(v[i - 1], v[rng() % i]);
  }
}

LabeledSplit FromImages(LabeledImages&& raw, const std::string& path) {
  if (raw.rows != 28 || raw.cols != 28) {
    throw DataError(fmt::format("{}: images are {}x{}, expected 28x28 (the zoo and layer lists "
                                "take 1x28x28 inputs)", path, raw.rows, raw.cols));
  }
  LabeledSplit out;
  out.images = TensorFromBytes(std::move(raw.images), {raw.count, 28, 28});
  out.labels = TensorFromBytes(std::move(raw.labels), {raw.count}).to(torch::kInt64);
  return out;
}

LabeledSplit LoadCustomSplit(const CustomData& data, const CustomDataFile& file) {
  return FromImages(ReadCustomSplit(data, file), CustomFilePath(data, file.file));
}

// The train and test splits before any holdout: stored, carved from the test file (Kannada),
// or the user's own files.
void LoadTrainAndTest(const std::string& data_dir, const std::string& dataset,
                      const SplitOptions& options, LabeledSplit* train, LabeledSplit* test) {
  if (!options.custom_data.empty()) {
    const CustomDataFile* train_file = FindCustomFile(options.custom_data, "train");
    const CustomDataFile* test_file = FindCustomFile(options.custom_data, "test");
    if (train_file == nullptr || test_file == nullptr) {
      throw DataError(fmt::format("dataset '{}': a train and a test file are needed", dataset));
    }
    *train = LoadCustomSplit(options.custom_data, *train_file);
    *test = LoadCustomSplit(options.custom_data, *test_file);
    return;
  }
  const DatasetInfo& info = RequireDataset(dataset);
  if (info.eval_only) {
    throw DataError(fmt::format("dataset '{}' is for evaluation only (use it in eval_sets)",
                                dataset));
  }
  if (info.carved_test > 0) {
    const LabeledSplit all = LoadStoredSplit(data_dir, dataset, "test");
    const Partition carve = StratifiedPartition(all.labels, info.carved_test, kCarveSeed);
    *test = Subset(all, carve.taken);
    *train = Subset(all, carve.rest);
  } else {
    *train = LoadStoredSplit(data_dir, dataset, "train");
    *test = LoadStoredSplit(data_dir, dataset, "test");
  }
}

}  // namespace

LabeledSplit LoadStoredSplit(const std::string& data_dir, const std::string& dataset,
                             const std::string& split) {
  const DatasetInfo& info = RequireDataset(dataset);
  for (const SplitFiles& files : info.files) {
    if (files.split != split) continue;
    auto images_path = FindFile(data_dir, info, files.images);
    auto labels_path = FindFile(data_dir, info, files.labels);
    for (const auto* missing : {&files.images, &files.labels}) {
      if (!FindFile(data_dir, info, *missing)) {
        throw DataError(fmt::format(
            "{}/{}/{}[.gz]: missing (dataset '{}'; run scripts/fetch_data.sh or pass --data-dir)",
            data_dir, info.dir, missing->name, dataset));
      }
    }
    return FromImages(ReadIdxPair(*images_path, *labels_path, 10), *images_path);
  }
  throw DataError(fmt::format("dataset '{}' has no stored '{}' split", dataset, split));
}

Partition StratifiedPartition(const torch::Tensor& labels, int64_t count, uint64_t seed) {
  const int64_t n = labels.size(0);
  if (count < 0 || count > n) {
    throw DataError(fmt::format("cannot hold out {} of {} examples", count, n));
  }
  const torch::Tensor cpu = labels.to(torch::kCPU).contiguous();
  const int64_t* label = cpu.data_ptr<int64_t>();
  const int64_t classes = n > 0 ? cpu.max().item<int64_t>() + 1 : 0;
  std::vector<std::vector<int64_t>> by_class(classes);
  for (int64_t i = 0; i < n; ++i) by_class[label[i]].push_back(i);

  // Largest-remainder quotas: each class gives its share of `count`, rounding fairly.
  std::vector<int64_t> quota(classes);
  std::vector<std::pair<int64_t, int64_t>> remainders;  // (remainder numerator, -class)
  int64_t assigned = 0;
  for (int64_t c = 0; c < classes; ++c) {
    const int64_t size = static_cast<int64_t>(by_class[c].size());
    quota[c] = count * size / std::max<int64_t>(n, 1);
    assigned += quota[c];
    remainders.push_back({count * size % std::max<int64_t>(n, 1), -c});
  }
  std::sort(remainders.rbegin(), remainders.rend());
  for (int64_t k = 0; assigned < count; ++k, ++assigned) quota[-remainders[k].second] += 1;

  Partition p;
  for (int64_t c = 0; c < classes; ++c) {
    SeededShuffle(by_class[c], seed * 1000003ULL + static_cast<uint64_t>(c));
    p.taken.insert(p.taken.end(), by_class[c].begin(), by_class[c].begin() + quota[c]);
    p.rest.insert(p.rest.end(), by_class[c].begin() + quota[c], by_class[c].end());
  }
  std::sort(p.taken.begin(), p.taken.end());
  std::sort(p.rest.begin(), p.rest.end());
  return p;
}

LabeledSplit Subset(const LabeledSplit& split, const std::vector<int64_t>& indices) {
  const torch::Tensor idx = torch::tensor(indices, torch::kInt64);
  return {split.images.index_select(0, idx).contiguous(), split.labels.index_select(0, idx)};
}

DatasetSplits LoadSplits(const std::string& data_dir, const std::string& dataset,
                         const SplitOptions& options) {
  if (options.input_scale != "standardize" && options.input_scale != "unit") {
    throw BadInput(fmt::format("input_scale '{}': expected standardize or unit",
                               options.input_scale));
  }
  DatasetSplits out;
  out.name = dataset;
  LabeledSplit train;
  LoadTrainAndTest(data_dir, dataset, options, &train, &out.test);
  if (options.val_size >= train.size()) {
    throw DataError(fmt::format("val_size {} leaves no training data ({} has {} train images)",
                                options.val_size, dataset, train.size()));
  }
  if (options.val_size > 0) {
    const Partition val = StratifiedPartition(train.labels, options.val_size, options.split_seed);
    out.val = Subset(train, val.taken);
    train = Subset(train, val.rest);
  }
  if (options.limit_train > 0 && options.limit_train < train.size()) {
    const Partition keep =
        StratifiedPartition(train.labels, options.limit_train, options.split_seed + 1);
    train = Subset(train, keep.taken);
  }
  out.train = train;

  auto limit = [&](LabeledSplit split) {
    if (options.limit_test > 0 && options.limit_test < split.size()) {
      return Subset(split, StratifiedPartition(split.labels, options.limit_test, kCarveSeed).taken);
    }
    return split;
  };
  out.test = limit(out.test);
  for (const std::string& name : options.eval_sets) {
    const DatasetInfo& eval = RequireDataset(name);
    const std::string stored = eval.files.front().split;
    out.evals.push_back({name, limit(LoadStoredSplit(data_dir, name, stored))});
  }
  for (const CustomDataFile& file : options.custom_data.files) {
    if (file.role == "train" || file.role == "test") continue;
    out.evals.push_back({file.role, limit(LoadCustomSplit(options.custom_data, file))});
  }

  if (options.input_scale == "unit") return out;  // mean 0, std 1: pixel / 255
  // A 256-bin histogram gives the exact mean/std without a float copy of the whole set.
  const torch::Tensor pixels = out.train.images.contiguous();
  const uint8_t* p = pixels.data_ptr<uint8_t>();
  std::array<int64_t, 256> histogram{};
  for (int64_t i = 0, n = pixels.numel(); i < n; ++i) ++histogram[p[i]];
  double sum = 0.0, sum_sq = 0.0;
  for (int v = 0; v < 256; ++v) {
    sum += histogram[v] * (v / 255.0);
    sum_sq += histogram[v] * (v / 255.0) * (v / 255.0);
  }
  const double count = static_cast<double>(std::max<int64_t>(pixels.numel(), 1));
  out.mean = sum / count;
  out.std = std::sqrt(std::max(sum_sq / count - out.mean * out.mean, 1e-12));
  return out;
}

torch::Tensor NormalizeImages(const torch::Tensor& images, double mean, double std) {
  return images.to(torch::kFloat32)
      .sub_(static_cast<float>(mean * 255.0))
      .div_(static_cast<float>(std * 255.0))
      .unsqueeze_(1);
}

torch::Tensor GatherBatch(const torch::Tensor& images, const torch::Tensor& indices, double mean,
                          double std) {
  return NormalizeImages(images.index_select(0, indices), mean, std);
}

}  // namespace mnb
