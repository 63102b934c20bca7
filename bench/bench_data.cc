// Data: decoding full MNIST train into its contiguous tensor (raw IDX as fetched, the same bytes
// gzipped, and Fashion-MNIST's Debian .gz), the split a run starts from, and batch gathering.
#include <benchmark/benchmark.h>
#include <torch/torch.h>
#include <zlib.h>

#include <fstream>
#include <iterator>
#include <memory>
#include <vector>

#include "bench/bench_support.h"
#include "harness/train/dataset.h"
#include "harness/data/registry.h"

namespace {

using namespace mnb;
using mnb::bench::DataDir;
using mnb::bench::kNoMnist;

bool HasDataset(const std::string& dir, const std::string& name) {
  const DatasetInfo* info = FindDataset(name);
  for (const SplitFiles& files : info->files) {
    if (!FindFile(dir, *info, files.images) || !FindFile(dir, *info, files.labels)) return false;
  }
  return true;
}

void GzipCopy(const std::string& from, const std::string& to) {
  std::ifstream in(from, std::ios::binary);
  const std::vector<char> bytes((std::istreambuf_iterator<char>(in)), {});
  gzFile out = gzopen(to.c_str(), "wb6");  // gzip's default level
  gzwrite(out, bytes.data(), static_cast<unsigned>(bytes.size()));
  gzclose(out);
}

void LoadTrain(benchmark::State& state, const std::string& dir, const std::string& dataset) {
  int64_t images = 0;
  for (auto _ : state) {
    LabeledSplit train = LoadStoredSplit(dir, dataset, "train");
    images = train.size();
    benchmark::DoNotOptimize(train.images.data_ptr());
  }
  state.SetItemsProcessed(state.iterations() * images);
  state.SetBytesProcessed(state.iterations() * images * 28 * 28);
}

// MNIST train as scripts/fetch_data.sh stores it (gzipped, from ../shared/data/mnist offline).
void BM_LoadMnistTrainRaw(benchmark::State& state) {
  if (!HasDataset(DataDir(), "mnist")) return state.SkipWithError(kNoMnist);
  LoadTrain(state, DataDir(), "mnist");
}
BENCHMARK(BM_LoadMnistTrainRaw)->Unit(benchmark::kMillisecond)->UseRealTime();

// The same 60,000 images gzipped (gzip -6), as the upstream mirrors ship them.
void BM_LoadMnistTrainGz(benchmark::State& state) {
  if (!HasDataset(DataDir(), "mnist")) return state.SkipWithError(kNoMnist);
  mnb::bench::ScratchDir scratch("gz");
  const DatasetInfo& info = *FindDataset("mnist");
  std::filesystem::create_directories(scratch.path() / info.dir);
  for (const DataFile* file : {&info.files[0].images, &info.files[0].labels}) {
    GzipCopy(*FindFile(DataDir(), info, *file),
             (scratch.path() / info.dir / (file->name + ".gz")).string());
  }
  LoadTrain(state, scratch.path().string(), "mnist");
}
BENCHMARK(BM_LoadMnistTrainGz)->Unit(benchmark::kMillisecond)->UseRealTime();

// Fashion-MNIST train from Debian's dataset-fashion-mnist (.gz as packaged).
void BM_LoadFashionTrainGz(benchmark::State& state) {
  if (!HasDataset(DataDir(), "fashion-mnist")) return state.SkipWithError("Fashion-MNIST missing");
  LoadTrain(state, DataDir(), "fashion-mnist");
}
BENCHMARK(BM_LoadFashionTrainGz)->Unit(benchmark::kMillisecond)->UseRealTime();

// What every run does before its first batch: train + test, a 5,000 validation hold-out and the
// normalisation statistics.
void BM_LoadSplitsMnist(benchmark::State& state) {
  if (!HasDataset(DataDir(), "mnist")) return state.SkipWithError(kNoMnist);
  SplitOptions options;
  options.val_size = 5000;
  for (auto _ : state) {
    DatasetSplits s = LoadSplits(DataDir(), "mnist", options);
    benchmark::DoNotOptimize(s.mean);
  }
}
BENCHMARK(BM_LoadSplitsMnist)->Unit(benchmark::kMillisecond)->UseRealTime();

// One shuffled batch: index_select from the uint8 set, to float, normalised, [B, 1, 28, 28].
void BM_GatherBatch(benchmark::State& state) {
  if (!HasDataset(DataDir(), "mnist")) return state.SkipWithError(kNoMnist);
  mnb::bench::ConfigureRuntime();
  const LabeledSplit train = LoadStoredSplit(DataDir(), "mnist", "train");
  const int64_t batch = state.range(0);
  torch::manual_seed(1);
  const torch::Tensor order = torch::randperm(train.size(), torch::kInt64);
  const int64_t batches = train.size() / batch;
  int64_t b = 0;
  for (auto _ : state) {
    const torch::Tensor idx = order.narrow(0, (b++ % batches) * batch, batch);
    torch::Tensor x = GatherBatch(train.images, idx, 0.1307, 0.3081);
    torch::Tensor y = train.labels.index_select(0, idx);
    benchmark::DoNotOptimize(x.data_ptr());
    benchmark::DoNotOptimize(y.data_ptr());
  }
  state.SetItemsProcessed(state.iterations() * batch);
}
BENCHMARK(BM_GatherBatch)
    ->Arg(128)
    ->Arg(1000)
    ->Unit(benchmark::kMicrosecond)
    ->UseRealTime();

}  // namespace
