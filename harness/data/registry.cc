#include "harness/data/registry.h"

#include <cstdlib>
#include <filesystem>

namespace mnb {

namespace {

SplitFiles Split(const char* split, const char* images, const char* images_sha, const char* labels,
                 const char* labels_sha, int64_t count) {
  return {split, {images, images_sha, count}, {labels, labels_sha, count}};
}

// Kannada-MNIST and Dig-MNIST are both published in the dataset's own repository.
std::vector<std::string> KannadaUpstream() {
  return {"https://raw.githubusercontent.com/vinayprabhu/Kannada_MNIST/master/data/output_tensors/"
          "MNIST_format/",
          "https://github.com/vinayprabhu/Kannada_MNIST/raw/master/data/output_tensors/"
          "MNIST_format/"};
}

}  // namespace

const std::vector<DatasetInfo>& AllDatasets() {
  static const std::vector<DatasetInfo> datasets = {
      {"mnist", "mnist", "MNIST handwritten digits (LeCun et al.), 60k train / 10k test",
       {Split("train", "train-images-idx3-ubyte",
              "ba891046e6505d7aadcbbe25680a0738ad16aec93bde7f9b65e87a2fc25776db",
              "train-labels-idx1-ubyte",
              "65a50cbbf4e906d70832878ad85ccda5333a97f0f4c3dd2ef09a8a9eef7101c5", 60000),
        Split("test", "t10k-images-idx3-ubyte",
              "0fa7898d509279e482958e8ce81c8e77db3f2f8254e26661ceb7762c4d494ce7",
              "t10k-labels-idx1-ubyte",
              "ff7bcfd416de33731a308c3f266cc351222c34898ecbeaf847f06e48f7ec33f2", 10000)},
       0, false,
       // yann.lecun.com often refuses downloads now; these are the mirrors torchvision and TF use.
       {"https://ossci-datasets.s3.amazonaws.com/mnist/",
        "https://storage.googleapis.com/cvdf-datasets/mnist/"}},
      {"fashion-mnist", "fashion-mnist", "Fashion-MNIST (Zalando), 60k train / 10k test",
       {Split("train", "train-images-idx3-ubyte",
              "c59f468a2f672dc815687fe0f83887768d799fd8a3f3276145d20f83aa44d888",
              "train-labels-idx1-ubyte",
              "bad3541b69d912435c50bb6ba87bec294ff4f6a2e1246121d8633921760443d9", 60000),
        Split("test", "t10k-images-idx3-ubyte",
              "5b4141f0afbad91edebe8549f8fcffe087ea10ca49f1dbef5c9a5cd8815ce37b",
              "t10k-labels-idx1-ubyte",
              "0402a96d92fd2663957122ceb108a494c5af83dab82d92729df917d7dec38c34", 10000)},
       0, false,
       {"http://fashion-mnist.s3-website.eu-central-1.amazonaws.com/",
        "https://raw.githubusercontent.com/zalandoresearch/fashion-mnist/master/data/fashion/"}},
      // Only Kannada-MNIST's 10k test images are available here, so train/val/test are carved
      // out of them (2,000 held out for test, stratified, fixed seed).
      {"kannada-mnist", "kannada-mnist",
       "Kannada-MNIST test images (Prabhu 2019), carved into 8k train / 2k test",
       {Split("test", "X_kannada_MNIST_test-idx3-ubyte",
              "be3a7f7fd24b3eb62f28ab1e3f9e5a380738e87000f99417c14f94ca89616cf4",
              "y_kannada_MNIST_test-idx1-ubyte",
              "2a4fb3eec0877aa3d4ab80d8f59374733af9b2b2966e8be0e50efe715f443a4d", 10000)},
       2000, false, KannadaUpstream()},
      {"dig-mnist", "kannada-mnist",
       "Dig-MNIST: Kannada digits by other writers, out-of-distribution evaluation only",
       {Split("test", "X_dig_MNIST-idx3-ubyte",
              "80f10e9328072991d61cc2db57a8793ae4ffcf030aa8b73a37dd64787da464ae",
              "y_dig_MNIST-idx1-ubyte",
              "270a721d62dee2a1e9459e0192e425c086de49f1f9610fb3d7b9f457e3dd83fe", 10240)},
       0, true, KannadaUpstream()},
  };
  return datasets;
}

const DatasetInfo* FindDataset(const std::string& name) {
  for (const DatasetInfo& info : AllDatasets()) {
    if (info.name == name) return &info;
  }
  return nullptr;
}

std::string ResolveDataDir(const std::string& flag_value) {
  if (!flag_value.empty()) return flag_value;
  if (const char* env = std::getenv("MNISTBENCH_DATA"); env != nullptr && *env != '\0') return env;
  return "data";
}

std::optional<std::string> FindFile(const std::string& data_dir, const DatasetInfo& info,
                                    const DataFile& file) {
  namespace fs = std::filesystem;
  const fs::path base = fs::path(data_dir) / info.dir / file.name;
  std::error_code ec;
  if (fs::exists(base, ec)) return base.string();
  fs::path gz = base;
  gz += ".gz";
  if (fs::exists(gz, ec)) return gz.string();
  return std::nullopt;
}

}  // namespace mnb
