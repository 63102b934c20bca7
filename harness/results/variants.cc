#include "harness/results/variants.h"

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <cmath>
#include <set>

#include "harness/plan/run_spec.h"
#include "harness/stats/gate.h"
#include "harness/stats/summary.h"

namespace mnb {

namespace {

using nlohmann::json;

// Settings in the order a reader thinks of them; anything else follows alphabetically.
const char* const kSettingOrder[] = {"dataset",     "optimizer",    "loss",
                                     "lr",          "lr_schedule",  "momentum",
                                     "weight_decay", "batch_size",  "epochs",
                                     "augment_shift", "init",       "adam_eps",
                                     "input_scale", "val_size",   "split_seed",
                                     "limit_train", "limit_test",   "eval_sets",
                                     "layers"};

std::string SettingText(const json& value) {
  if (value.is_string()) return value.get<std::string>();
  if (value.is_number_float()) return fmt::format("{:g}", value.get<double>());
  if (value.is_number_integer()) return fmt::format("{}", value.get<int64_t>());
  return value.dump();
}

VariantSetting Setting(const std::string& name, const json& value) {
  VariantSetting s{name, SettingText(value), std::nullopt};
  if (value.is_number()) s.number = value.get<double>();
  return s;
}

// Each variant with a completed seed against the best of its experiment and dataset; `variants`
// are ranked per experiment, so a group's first variant with a mean is its best.
void MarkAgainstBest(std::vector<Variant>& variants) {
  std::map<std::pair<std::string, std::string>, std::vector<size_t>> groups;
  for (size_t v = 0; v < variants.size(); ++v) {
    if (variants[v].n > 0) groups[{variants[v].experiment, variants[v].dataset}].push_back(v);
  }
  for (const auto& [group, members] : groups) {
    std::vector<std::vector<double>> samples;
    for (size_t v : members) samples.push_back(variants[v].test_accuracies);
    const auto standings = stats::CompareWithBest(samples, 0, 0.05, kVsBestMinEffect);
    for (size_t m = 0; m < members.size(); ++m) {
      variants[members[m]].vs_best = standings[m].standing;
      variants[members[m]].vs_best_p_adjusted = standings[m].p_adjusted;
      variants[members[m]].vs_best_seeds_needed = standings[m].seeds_needed;
    }
  }
}

// A variant as its first run (by id) describes it.
Variant NewVariant(const RunRow& run) {
  Variant v;
  v.experiment = run.experiment;
  v.variant_config = run.variant_config;
  v.model = run.model;
  v.dataset = run.dataset;
  v.optimizer = run.optimizer;
  v.loss = run.loss;
  v.lr = run.lr;
  v.batch_size = run.batch_size;
  v.epochs = run.epochs;
  v.first_run_id = run.run_id;
  const json config = json::parse(v.variant_config, nullptr, /*allow_exceptions=*/false);
  if (config.is_object()) {
    v.lr_schedule = config.value("lr_schedule", "");
    v.weight_decay = config.value("weight_decay", 0.0);
    v.layers = config.value("layers", "");
    if (config.contains("model_options")) v.model_options = config["model_options"].dump();
  }
  return v;
}

int64_t* StatusCounter(Variant& v, const std::string& status) {
  return status == "completed"     ? &v.completed
         : status == "running"     ? &v.running
         : status == "queued"      ? &v.queued
         : status == "failed"      ? &v.failed
         : status == "interrupted" ? &v.interrupted
         : status == "diverged"    ? &v.diverged
         : status == "pruned"      ? &v.pruned
                                   : nullptr;
}

// Each variant's label, among the other variants of its experiment.
void LabelVariants(std::vector<Variant>& variants) {
  std::map<std::string, std::vector<size_t>> by_experiment;
  for (size_t i = 0; i < variants.size(); ++i) by_experiment[variants[i].experiment].push_back(i);
  for (const auto& [experiment, members] : by_experiment) {
    std::vector<std::pair<std::string, std::string>> configs;
    for (size_t i : members) configs.emplace_back(variants[i].model, variants[i].variant_config);
    const std::vector<std::string> labels = VariantLabels(configs);
    for (size_t m = 0; m < members.size(); ++m) variants[members[m]].label = labels[m];
  }
}

}  // namespace

std::vector<VariantSetting> VariantSettings(const std::string& variant_config) {
  std::vector<VariantSetting> out;
  json config = json::parse(variant_config, nullptr, /*allow_exceptions=*/false);
  if (!config.is_object()) return out;
  // The training profile is stored only where it differs from the default (plan.cc keeps run
  // keys stable that way); a label must still name it, as "init=torch" beside "init=keras".
  const RunSpec defaults;
  if (!config.contains("init")) config["init"] = defaults.init;
  if (!config.contains("adam_eps")) config["adam_eps"] = defaults.adam_eps;
  if (!config.contains("input_scale")) config["input_scale"] = defaults.input_scale;
  if (config.contains("model_options") && config["model_options"].is_object()) {
    for (const auto& [k, v] : config["model_options"].items()) out.push_back(Setting(k, v));
  }
  std::set<std::string> done = {"model", "model_options"};
  for (const char* key : kSettingOrder) {
    if (config.contains(key)) out.push_back(Setting(key, config[key]));
    done.insert(key);
  }
  for (const auto& [k, v] : config.items()) {
    if (done.count(k) == 0) out.push_back(Setting(k, v));
  }
  return out;
}

std::string VariantConfigJson(const std::string& config_json) {
  json config = json::parse(config_json, nullptr, /*allow_exceptions=*/false);
  if (!config.is_object()) return config_json;
  // A TPE trial's bookkeeping (its number, the space) says nothing of what was trained, nor does
  // a race's (which seeds it gives).
  for (const char* key : {"seed", "threads", "device", "search", "race"}) config.erase(key);
  return config.dump();
}

std::vector<std::string> VariantLabels(
    const std::vector<std::pair<std::string, std::string>>& variants) {
  std::vector<std::string> labels(variants.size());
  std::map<std::string, std::vector<size_t>> by_model;
  for (size_t i = 0; i < variants.size(); ++i) by_model[variants[i].first].push_back(i);
  for (const auto& [model, members] : by_model) {
    std::vector<std::vector<VariantSetting>> settings;
    std::map<std::string, std::set<std::string>> values;
    std::map<std::string, size_t> holders;  // how many variants set the key at all
    for (size_t i : members) {
      settings.push_back(VariantSettings(variants[i].second));
      for (const VariantSetting& s : settings.back()) {
        values[s.name].insert(s.text);
        ++holders[s.name];
      }
    }
    // A key some variants leave out (a zoo option at its default) varies too.
    for (const auto& [k, n] : holders) {
      if (n < members.size()) values[k].insert("\x01" "absent");
    }
    for (size_t m = 0; m < members.size(); ++m) {
      std::string label = model;
      for (const VariantSetting& s : settings[m]) {
        if (values[s.name].size() > 1) {
          label += fmt::format(" {}={}", s.name, s.text.empty() ? "\"\"" : s.text);
        }
      }
      labels[members[m]] = label;
    }
  }
  return labels;
}

VariantBuilder::VariantBuilder(const std::vector<RunRow>& runs,
                               const std::vector<std::string>& experiments)
    : runs_(runs) {
  for (size_t i = 0; i < experiments.size(); ++i) experiment_order_[experiments[i]] = i;
  std::map<std::pair<std::string, std::string>, size_t> index;
  for (const RunRow& run : runs_) {
    const auto [it, added] =
        index.emplace(std::make_pair(run.experiment, run.variant_config), variants_.size());
    if (added) variants_.push_back(NewVariant(run));
    Variant& v = variants_[it->second];
    v.params = std::max(v.params, run.params);
    v.run_ids.push_back(run.run_id);
    v.seeds.push_back(run.seed);
    ++v.runs;
    if (int64_t* counter = StatusCounter(v, run.status)) ++*counter;
    variant_of_run_.push_back(it->second);
  }
  curve_.resize(variants_.size());
  eval_means_.resize(variants_.size());
  SummarizeSeeds();
}

void VariantBuilder::SummarizeSeeds() {
  const size_t count = variants_.size();
  std::vector<std::vector<double>> accuracy(count);
  std::vector<stats::RunningMean> loss(count), val(count), seconds(count), speed(count);
  for (size_t i = 0; i < runs_.size(); ++i) {
    const RunRow& r = runs_[i];
    if (!r.completed()) continue;
    const size_t v = variant_of_run_[i];
    if (r.test_accuracy) accuracy[v].push_back(*r.test_accuracy);
    loss[v].Add(r.test_loss);
    val[v].Add(r.val_accuracy);
    seconds[v].Add(r.seconds_per_epoch);
    speed[v].Add(r.samples_per_second);
  }
  for (size_t v = 0; v < count; ++v) {
    Variant& row = variants_[v];
    row.test_accuracies = accuracy[v];
    if (const std::optional<stats::Summary> s = stats::SummarizeAccuracies(accuracy[v])) {
      row.n = static_cast<int64_t>(s->n);
      row.test_accuracy_mean = s->mean;
      row.test_accuracy_min = s->min;
      row.test_accuracy_max = s->max;
      if (s->n >= 2) row.test_accuracy_std = s->std_dev;
      if (s->ci) {
        row.test_accuracy_ci_low = s->ci->low;
        row.test_accuracy_ci_high = s->ci->high;
      }
    }
    row.test_loss_mean = loss[v].Value();
    row.val_accuracy_mean = val[v].Value();
    row.seconds_per_epoch = seconds[v].Value();
    row.samples_per_second = speed[v].Value();
  }
}

void VariantBuilder::AddCurvePoint(size_t run, int64_t epoch,
                                   const std::optional<double>& accuracy) {
  if (runs_[run].completed()) curve_[variant_of_run_[run]][epoch].Add(accuracy);
}

void VariantBuilder::AddFinalEval(size_t run, const std::string& eval_set, double accuracy) {
  if (runs_[run].completed()) eval_means_[variant_of_run_[run]][eval_set].Add(accuracy);
}

// Per experiment (creation order) by mean test accuracy, unranked last, then by first run.
std::vector<size_t> VariantBuilder::RankOrder() const {
  std::vector<size_t> order(variants_.size());
  for (size_t v = 0; v < order.size(); ++v) order[v] = v;
  std::stable_sort(order.begin(), order.end(), [&](size_t a, size_t b) {
    const Variant &x = variants_[a], &y = variants_[b];
    const size_t ea = experiment_order_.at(x.experiment), eb = experiment_order_.at(y.experiment);
    if (ea != eb) return ea < eb;
    if (x.test_accuracy_mean.has_value() != y.test_accuracy_mean.has_value()) {
      return x.test_accuracy_mean.has_value();
    }
    if (x.test_accuracy_mean && *x.test_accuracy_mean != *y.test_accuracy_mean) {
      return *x.test_accuracy_mean > *y.test_accuracy_mean;
    }
    return x.first_run_id < y.first_run_id;
  });
  return order;
}

void VariantBuilder::Finish(ResultSet* set) {
  for (size_t v = 0; v < variants_.size(); ++v) {
    for (const auto& [epoch, mean] : curve_[v]) {
      const auto value = mean.Value();
      if (value && (!variants_[v].best_val_accuracy || *value > *variants_[v].best_val_accuracy)) {
        variants_[v].best_epoch = epoch;
        variants_[v].best_val_accuracy = value;
      }
    }
    for (const auto& [eval_set, mean] : eval_means_[v]) {
      variants_[v].eval_accuracy_mean[eval_set] = *mean.Value();
    }
  }
  const std::vector<size_t> order = RankOrder();
  std::vector<size_t> position(variants_.size());
  set->variants.clear();
  size_t experiment_start = 0;
  for (size_t k = 0; k < order.size(); ++k) {
    Variant v = std::move(variants_[order[k]]);
    position[order[k]] = k;
    if (k == 0 || set->variants.back().experiment != v.experiment) experiment_start = k;
    if (v.test_accuracy_mean) {
      const Variant* prev = k > experiment_start ? &set->variants.back() : nullptr;
      const bool tie = prev != nullptr && prev->test_accuracy_mean &&
                       *prev->test_accuracy_mean == *v.test_accuracy_mean;
      v.rank = tie ? prev->rank : std::optional<int64_t>(k - experiment_start + 1);
    }
    set->variants.push_back(std::move(v));
  }
  LabelVariants(set->variants);
  MarkAgainstBest(set->variants);
  set->variant_of_run.resize(variant_of_run_.size());
  for (size_t i = 0; i < variant_of_run_.size(); ++i) {
    set->variant_of_run[i] = position[variant_of_run_[i]];
    set->runs[i].label = set->variants[set->variant_of_run[i]].label;
  }
}

}  // namespace mnb
