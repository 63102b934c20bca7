// RunSpec: everything that defines one training run, as plain values.
//
// Contract: a RunSpec is the single value that flows from an experiment file (or the `train`
// command line) to the trainer and the store. It holds no torch types, so config, plan, store
// and reports can use it without compiling torch. Fields under "execution" say *where and how
// fast* a run executes, not *what* it computes: they are left out of the run key, so the same
// run on 2 or 8 threads, or on CPU or CUDA, is the same run.
#ifndef MNISTBENCH_HARNESS_PLAN_RUN_SPEC_H_
#define MNISTBENCH_HARNESS_PLAN_RUN_SPEC_H_

#include <cstdint>
#include <map>
#include <string>
#include <vector>

namespace mnb {

// One split of a user's own dataset ([dataset] path = ..., docs/data.md "Your own data").
struct CustomDataFile {
  std::string role;    // "train", "test", or an eval set's name
  std::string format;  // "csv": `file` is a Kaggle-layout CSV; "idx": `file` images, `labels`
  std::string file, labels;  // as given: relative to CustomData::dir unless absolute
  std::string sha256;  // of the decoded content (csv: the file; idx: images then labels, folded)
};

// A user's own dataset: where its files are and what they hold. Empty for a registry dataset.
// The checksums (and RunSpec::dataset, its name) are part of the run key; the directory and the
// file names are not, so moved or renamed files with the same content are the same runs.
struct CustomData {
  std::string dir;  // absolute
  std::vector<CustomDataFile> files;  // train, test, then eval sets by name
  bool empty() const { return files.empty(); }
};

// Early stopping of a search's runs ([search] prune = ..., docs/search.md): after each epoch a
// run is judged against the other runs of its experiment by harness/search's ASHA or median rule.
// Not part of the run key (a configuration is the same run whether or not a pruner may stop it),
// but in config_json, where workers read it.
struct PruneSettings {
  std::string rule = "none";            // none | asha | median
  std::string metric = "val_accuracy";  // val_accuracy (higher is better) | val_loss (lower)
  int64_t min_epochs = 1;               // the first rung (asha) / first epoch judged (median)
  int64_t reduction_factor = 3;         // asha: rungs at min_epochs * rf^k, top 1/rf go on
  int64_t startup_trials = 5;           // median: completed runs before any pruning

  bool active() const { return rule != "none"; }
  bool maximize() const { return metric == "val_accuracy"; }
};

// A TPE search's trial (docs/search.md): what a worker needs to propose the next trial of the
// same [[model]] block from the finished ones. Set for tpe only; not part of the run key.
struct SearchTrial {
  std::string method;   // "tpe", or empty
  uint64_t seed = 0;    // the search's seed
  int64_t trials = 0, block = 0, trial = -1;
  std::string space_json, params_json;  // harness/search/space_json.h

  bool tpe() const { return method == "tpe"; }
};

// A race ([race], docs/sweeps.md "Racing"): seeds go where the ranking is still open. Every
// variant starts with `min_seeds` seeds (first_seed, first_seed + 1, ...); after each round the
// variants clearly below the best stop, the rest get one seed more, up to `max_seeds`
// (harness/search/race.h, harness/run/race_proposer.h). Not part of the run key (a run is the
// same run whether a race or a seed grid asked for it), but in config_json, where workers read it.
struct RaceSettings {
  int64_t min_seeds = 0, max_seeds = 0;  // 0: no race
  double alpha = 0.05;                   // family-wise level of a round's Holm-corrected tests
  double tie_within = 0.01;              // a tie: all left within this of the best (fraction)
  uint64_t first_seed = 1;               // the grid's seed: the race's seeds count up from it
  bool active() const { return max_seeds > 0; }
};

struct RunSpec {
  // Model: a zoo name, optionally with option overrides (e.g. activation=tanh), or an inline
  // layer list (see models/layer_spec.h) in `layers`, in which case `model` is its display name.
  std::string model = "lenet5";
  std::map<std::string, std::string> model_options;
  std::string layers;

  // Data.
  std::string dataset = "mnist";
  int64_t val_size = 5000;              // class-stratified hold-out of train; 0 = none
  uint64_t split_seed = 0;              // seeds the hold-out, apart from `seed`, so every run of
                                        // a sweep is validated on the same images
  std::vector<std::string> eval_sets;   // extra evaluation datasets, e.g. "dig-mnist"
  CustomData custom_data;               // set when `dataset` names the user's own files
  int64_t limit_train = 0;              // first N of the (shuffled) train split; 0 = all
  int64_t limit_test = 0;               // first N of test (and of each eval set); 0 = all

  // Optimisation.
  std::string optimizer = "adam";       // adam | sgd
  std::string loss = "ce";              // ce (cross-entropy on logits) | mse (on one-hot)
  double lr = 1e-3;
  std::string lr_schedule = "constant"; // constant | cosine (per epoch, to 0 at the end)
  double momentum = 0.9;                // sgd only
  double weight_decay = 0.0;
  int64_t batch_size = 64;
  int64_t epochs = 1;
  uint64_t seed = 1;
  int64_t augment_shift = 0;            // random translation of training images by up to N px

  // Training profile: which framework's conventions the run follows. The defaults are LibTorch's
  // (and every run's before these fields existed); a run key or config JSON names a field only
  // when it differs from its default, so older runs keep their keys.
  std::string init = "torch";           // torch (layer defaults) | keras (glorot_uniform, 0 bias)
  double adam_eps = 1e-8;               // adam only (Keras: 1e-7)
  std::string input_scale = "standardize";  // standardize (train mean/std) | unit (pixel / 255)

  // Numerics: where the run trains and how strictly. A CUDA run and a CPU run of the same
  // configuration compute different numbers, so these are part of the run key, named only where
  // they differ from the defaults (every run before they existed was a deterministic CPU run).
  std::string device_kind = "cpu";      // cpu | cuda: resolved from `device` when planned
  bool fast = false;                    // CUDA: cuDNN benchmark, TF32, nondeterministic kernels

  // Search policy: not part of the run key.
  PruneSettings prune;
  SearchTrial search_trial;
  RaceSettings race;

  // Execution: not part of the run key.
  int threads = 0;                      // 0 = all cores
  std::string device = "auto";          // auto | cpu | cuda | cuda:N
};

}  // namespace mnb

#endif  // MNISTBENCH_HARNESS_PLAN_RUN_SPEC_H_
