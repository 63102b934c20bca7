// The trainer on real MNIST subsets: it learns, it is deterministic, it detects divergence, and a
// resumed run repeats an uninterrupted one bit for bit.
#include <catch2/catch.hpp>

#include <cmath>
#include <filesystem>
#include <vector>

#include "harness/base/error.h"
#include "harness/train/dataset.h"
#include "harness/train/trainer.h"
#include "tests/test_support.h"

using namespace mnb;
using mnb::testing::DataDir;
using mnb::testing::ScratchDir;

namespace {

RunSpec SmallRun(const std::string& model, int64_t train, int64_t epochs) {
  RunSpec spec;
  spec.model = model;
  spec.dataset = "mnist";
  spec.val_size = 1000;
  spec.limit_train = train;
  spec.limit_test = 2000;
  spec.epochs = epochs;
  spec.batch_size = 64;
  spec.threads = 2;
  spec.device = "cpu";
  return spec;
}

struct Recorded {
  RunOutcome outcome;
  std::vector<EpochMetrics> epochs;
};

Recorded TrainAndRecord(const RunSpec& spec, TrainHooks hooks = {}) {
  Recorded r;
  hooks.on_epoch = [&](const EpochMetrics& m) { r.epochs.push_back(m); };
  r.outcome = Train(spec, DataDir(), hooks);
  return r;
}

void RequireSameMetrics(const EpochMetrics& a, const EpochMetrics& b) {
  INFO("epoch " << a.epoch);
  REQUIRE(a.epoch == b.epoch);
  // Bit-identical: compared with ==, not Approx.
  CHECK(a.train.loss == b.train.loss);
  CHECK(a.train.accuracy == b.train.accuracy);
  REQUIRE(a.val.has_value() == b.val.has_value());
  if (a.val) CHECK(a.val->loss == b.val->loss);
  CHECK(a.test->loss == b.test->loss);
  CHECK(a.test->accuracy == b.test->accuracy);
}

}  // namespace

TEST_CASE("lenet5 learns real MNIST: 5k images and 1 epoch give over 90% test", "[trainer]") {
  RunSpec spec = SmallRun("lenet5", 5000, 1);
  spec.batch_size = 32;
  spec.limit_test = 0;
  const Recorded r = TrainAndRecord(spec);
  REQUIRE(r.outcome.status == RunStatus::kCompleted);
  REQUIRE(r.epochs.size() == 1);
  const EpochMetrics& m = r.epochs.back();
  CHECK(m.test->accuracy > 0.90);
  CHECK(m.val->accuracy > 0.85);
  CHECK(m.samples_per_second > 0);
  CHECK(m.lr == spec.lr);
  // Confusion over the full 10k test set, and metrics derived from it.
  REQUIRE(r.outcome.confusion.size() == 10);
  int64_t total = 0, diagonal = 0;
  for (size_t t = 0; t < 10; ++t) {
    for (size_t p = 0; p < 10; ++p) total += r.outcome.confusion[t][p];
    diagonal += r.outcome.confusion[t][t];
  }
  CHECK(total == 10000);
  CHECK(static_cast<double>(diagonal) / total == Approx(m.test->accuracy));
  REQUIRE(r.outcome.per_class.size() == 10);
  for (const ClassMetrics& c : r.outcome.per_class) CHECK(c.f1 > 0.7);
}

TEST_CASE("same spec and threads give bit-identical metrics", "[trainer]") {
  RunSpec spec = SmallRun("cnn-seed004", 2000, 2);  // dropout: exercises the seeded RNG too
  const Recorded a = TrainAndRecord(spec);
  const Recorded b = TrainAndRecord(spec);
  REQUIRE(a.epochs.size() == 2);
  REQUIRE(b.epochs.size() == 2);
  for (size_t i = 0; i < 2; ++i) RequireSameMetrics(a.epochs[i], b.epochs[i]);

  RunSpec other = spec;
  other.seed = 2;
  const Recorded c = TrainAndRecord(other);
  CHECK(c.epochs.back().train.loss != a.epochs.back().train.loss);
}

TEST_CASE("a huge learning rate is detected as diverged in its epoch", "[trainer]") {
  RunSpec spec = SmallRun("fcnn-seed004", 2000, 3);
  spec.optimizer = "sgd";
  spec.lr = 1e6;
  const Recorded r = TrainAndRecord(spec);
  REQUIRE(r.outcome.status == RunStatus::kDiverged);
  CHECK(r.outcome.diverged_epoch == 1);
  CHECK_THAT(r.outcome.error, Catch::Contains("epoch 1"));
  CHECK(r.epochs.empty());
}

TEST_CASE("an interrupted run resumed from its checkpoint equals an uninterrupted one",
          "[trainer]") {
  RunSpec spec = SmallRun("cnn-seed004", 1500, 3);
  const Recorded straight = TrainAndRecord(spec);
  REQUIRE(straight.epochs.size() == 3);

  ScratchDir dir("resume");
  TrainHooks first;
  first.checkpoint_dir = dir.file("ckpt");
  int64_t batches_seen = 0;
  first.on_batch = [&](int64_t, int64_t, int64_t) { ++batches_seen; };
  // Stop in the middle of epoch 2: the partial epoch must be dropped and redone.
  const int64_t batches_per_epoch = (1500 + 63) / 64;
  first.should_stop = [&] { return batches_seen == batches_per_epoch + 5; };
  const Recorded part = TrainAndRecord(spec, first);
  REQUIRE(part.outcome.status == RunStatus::kInterrupted);
  REQUIRE(part.epochs.size() == 1);
  CHECK(std::filesystem::exists(dir.file("ckpt/epoch-1.pt")));

  TrainHooks second;
  second.checkpoint_dir = dir.file("ckpt");
  second.resume_after_epoch = 1;
  const Recorded rest = TrainAndRecord(spec, second);
  REQUIRE(rest.outcome.status == RunStatus::kCompleted);
  REQUIRE(rest.epochs.size() == 2);
  RequireSameMetrics(part.epochs[0], straight.epochs[0]);
  RequireSameMetrics(rest.epochs[0], straight.epochs[1]);
  RequireSameMetrics(rest.epochs[1], straight.epochs[2]);
  CHECK(rest.outcome.confusion == straight.outcome.confusion);
  // Only the newest checkpoint is kept, and the final weights load back.
  CHECK_FALSE(std::filesystem::exists(dir.file("ckpt/epoch-1.pt")));
  CHECK_FALSE(std::filesystem::exists(dir.file("ckpt/epoch-2.pt")));
  CHECK(std::filesystem::exists(dir.file("ckpt/epoch-3.pt")));
  CHECK(std::filesystem::exists(dir.file("ckpt/model.pt")));
}

TEST_CASE("a stop asked for as an epoch is handed over keeps the files as they were",
          "[trainer]") {
  // What the runner does when its commit of epoch 2 is refused (its claim was lost): the
  // trainer must not remove epoch 1's checkpoint nor go on to write model.pt.
  RunSpec spec = SmallRun("lenet5", 1000, 3);
  ScratchDir dir("refused");
  TrainHooks hooks;
  hooks.checkpoint_dir = dir.file("ckpt");
  bool refused = false;
  std::vector<int64_t> handed_over;
  hooks.on_epoch = [&](const EpochMetrics& m) {
    handed_over.push_back(m.epoch);
    refused = m.epoch == 2;
  };
  hooks.should_stop = [&] { return refused; };
  const RunOutcome outcome = Train(spec, DataDir(), hooks);
  CHECK(outcome.status == RunStatus::kInterrupted);
  CHECK(handed_over == std::vector<int64_t>{1, 2});
  CHECK(std::filesystem::exists(dir.file("ckpt/epoch-1.pt")));
  CHECK(std::filesystem::exists(dir.file("ckpt/epoch-2.pt")));
  CHECK_FALSE(std::filesystem::exists(dir.file("ckpt/model.pt")));
  for (const auto& entry : std::filesystem::directory_iterator(dir.file("ckpt"))) {
    CHECK(entry.path().extension() != ".tmp");  // every save was renamed into place
  }
}

TEST_CASE("every zoo model trains an epoch on a real subset", "[trainer]") {
  for (const std::string model : {"mlp-seed003", "cnn5-seed003", "lenet5", "lenet5-conv4-tanh",
                                  "lenet5-conv4-tanh-fc2", "cnn-seed001", "fcnn-seed004",
                                  "cnn-seed004", "kannada-cnn-seed000", "mnb-vgg"}) {
    INFO(model);
    RunSpec spec = SmallRun(model, 600, 1);
    spec.limit_test = 500;
    spec.val_size = 0;
    if (model == "mlp-seed003") spec.loss = "mse";
    const Recorded r = TrainAndRecord(spec);
    CHECK(r.outcome.status == RunStatus::kCompleted);
    REQUIRE(r.epochs.size() == 1);
    CHECK_FALSE(r.epochs[0].val.has_value());
    CHECK(std::isfinite(r.epochs[0].test->loss));
    CHECK(r.epochs[0].test->accuracy >= 0.0);
    CHECK(r.outcome.per_class.size() == 10);
  }
}

TEST_CASE("kannada-mnist is carved from its test file and dig-mnist evaluates alongside",
          "[trainer][data]") {
  SplitOptions options;
  options.val_size = 1000;
  options.eval_sets = {"dig-mnist"};
  const DatasetSplits s = LoadSplits(DataDir(), "kannada-mnist", options);
  CHECK(s.test.size() == 2000);
  CHECK(s.val.size() == 1000);
  CHECK(s.train.size() == 7000);
  REQUIRE(s.evals.size() == 1);
  CHECK(s.evals[0].first == "dig-mnist");
  CHECK(s.evals[0].second.size() == 10240);
  // Stratified: 200 test images per class.
  const torch::Tensor counts = torch::bincount(s.test.labels);
  CHECK(counts.min().item<int64_t>() == 200);
  CHECK(counts.max().item<int64_t>() == 200);
}

TEST_CASE("stratified holdouts are deterministic and disjoint and class-balanced", "[data]") {
  const LabeledSplit train = LoadStoredSplit(DataDir(), "mnist", "train");
  REQUIRE(train.size() == 60000);
  const Partition a = StratifiedPartition(train.labels, 12000, 4);
  const Partition b = StratifiedPartition(train.labels, 12000, 4);
  const Partition c = StratifiedPartition(train.labels, 12000, 5);
  CHECK(a.taken == b.taken);
  CHECK(a.taken != c.taken);
  CHECK(a.taken.size() == 12000);
  CHECK(a.rest.size() == 48000);
  std::vector<int64_t> both = a.taken;
  both.insert(both.end(), a.rest.begin(), a.rest.end());
  std::sort(both.begin(), both.end());
  CHECK(std::adjacent_find(both.begin(), both.end()) == both.end());
  const torch::Tensor all = torch::bincount(train.labels);
  const torch::Tensor held = torch::bincount(Subset(train, a.taken).labels);
  for (int64_t k = 0; k < 10; ++k) {
    const double share = 12000.0 * all[k].item<int64_t>() / 60000.0;
    CHECK(std::abs(held[k].item<int64_t>() - share) <= 1.0);
  }
}

TEST_CASE("input_scale unit maps pixel 0 to 0 and 255 to 1, with no mean taken off",
          "[data]") {
  SplitOptions options;
  options.limit_train = 2000;
  options.limit_test = 100;
  options.input_scale = "unit";
  const DatasetSplits unit = LoadSplits(DataDir(), "mnist", options);
  CHECK(unit.mean == 0.0);
  CHECK(unit.std == 1.0);
  const torch::Tensor pixels = torch::tensor({0, 255, 51}, torch::kUInt8).reshape({1, 1, 3});
  const torch::Tensor x = GatherBatch(pixels, torch::tensor({0}, torch::kInt64), unit.mean, unit.std);
  CHECK(x[0][0][0][0].item<float>() == 0.0f);
  CHECK(x[0][0][0][1].item<float>() == 1.0f);
  CHECK(x[0][0][0][2].item<float>() == Approx(0.2f));
  // Real digits: black background is exactly 0 and the brightest ink exactly 1.
  const torch::Tensor batch =
      GatherBatch(unit.train.images, torch::arange(0, 500, torch::kInt64), unit.mean, unit.std);
  CHECK(batch.min().item<float>() == 0.0f);
  CHECK(batch.max().item<float>() == 1.0f);
  // Standardised, the same pixels are centred on the train mean instead.
  options.input_scale = "standardize";
  const DatasetSplits standard = LoadSplits(DataDir(), "mnist", options);
  CHECK(standard.mean > 0.1);
  CHECK(standard.std > 0.2);
  options.input_scale = "minmax";
  CHECK_THROWS_WITH(LoadSplits(DataDir(), "mnist", options),
                    Catch::Contains("expected standardize or unit"));
}

TEST_CASE("a Keras-profile run (keras init, epsilon 1e-7, unit scale) learns and is its own run",
          "[trainer]") {
  RunSpec spec = SmallRun("cnn5-seed003", 3000, 1);
  spec.loss = "mse";
  spec.batch_size = 32;
  const Recorded torch_profile = TrainAndRecord(spec);
  spec.init = "keras";
  spec.adam_eps = 1e-7;
  spec.input_scale = "unit";
  const Recorded keras_profile = TrainAndRecord(spec);
  REQUIRE(keras_profile.outcome.status == RunStatus::kCompleted);
  REQUIRE(torch_profile.outcome.status == RunStatus::kCompleted);
  // A softmax-ended model under MSE learns from 3k images in one epoch (10% is chance).
  CHECK(keras_profile.epochs[0].test->accuracy > 0.5);
  CHECK(keras_profile.epochs[0].test->loss != torch_profile.epochs[0].test->loss);
  // ce on the same softmax-ended model learns too: NLL of the probabilities, not a second softmax.
  spec.loss = "ce";
  const Recorded ce = TrainAndRecord(spec);
  CHECK(ce.epochs[0].test->accuracy > 0.5);
  CHECK(ce.epochs[0].test->loss < std::log(10.0));
  spec.adam_eps = 0;
  CHECK_THROWS_AS(Train(spec, DataDir(), {}), Error);
}
