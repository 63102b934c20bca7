#include "harness/plan/plan.h"

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <stdexcept>

#include "harness/base/error.h"
#include "harness/base/sha256.h"
#include "models/layer_spec.h"
#include "models/zoo.h"

namespace mnb {

namespace {

using nlohmann::json;

json DefiningFields(const RunSpec& s) {
  json j;
  j["model"] = s.model;
  j["layers"] = s.layers;
  j["model_options"] = s.model_options;
  j["dataset"] = s.dataset;
  j["val_size"] = s.val_size;
  j["split_seed"] = s.split_seed;
  j["eval_sets"] = s.eval_sets;
  j["limit_train"] = s.limit_train;
  j["limit_test"] = s.limit_test;
  j["optimizer"] = s.optimizer;
  j["loss"] = s.loss;
  j["lr"] = s.lr;
  j["lr_schedule"] = s.lr_schedule;
  j["momentum"] = s.momentum;
  j["weight_decay"] = s.weight_decay;
  j["batch_size"] = s.batch_size;
  j["epochs"] = s.epochs;
  j["seed"] = s.seed;
  j["augment_shift"] = s.augment_shift;
  // The training profile appears only where it differs from LibTorch's defaults: runs written
  // before it existed, and runs that keep it, have the same JSON and so the same key.
  const RunSpec defaults;
  if (s.init != defaults.init) j["init"] = s.init;
  if (s.adam_eps != defaults.adam_eps) j["adam_eps"] = s.adam_eps;
  if (s.input_scale != defaults.input_scale) j["input_scale"] = s.input_scale;
  if (s.device_kind != defaults.device_kind) j["device_kind"] = s.device_kind;
  if (s.fast) j["fast"] = true;
  // A user's own data is what its files hold: their checksums, not their names or place.
  if (!s.custom_data.empty()) {
    json files = json::array();
    for (const CustomDataFile& f : s.custom_data.files) {
      files.push_back({{"role", f.role}, {"sha256", f.sha256}});
    }
    j["data_sha256"] = files;
  }
  return j;
}

}  // namespace

std::string NormalizedSpecJson(const RunSpec& spec) {
  RunSpec s = spec;
  if (!s.layers.empty()) {
    s.layers = LayerListToString(ParseLayerList(s.layers));
    s.model_options.clear();
  } else {
    // Defaults made explicit: "lenet5" and "lenet5 with activation=relu" are one run.
    for (const ZooOption& option : ZooOptionsFor(s.model)) {
      s.model_options.emplace(option.name, option.default_value);
    }
    for (auto& [key, value] : s.model_options) {
      const bool integer = !value.empty() && std::all_of(value.begin(), value.end(), ::isdigit);
      if (integer) value = std::to_string(std::stoll(value));
    }
  }
  std::sort(s.eval_sets.begin(), s.eval_sets.end());
  s.eval_sets.erase(std::unique(s.eval_sets.begin(), s.eval_sets.end()), s.eval_sets.end());
  // momentum only matters to SGD: keep it out of Adam runs' identity.
  if (s.optimizer != "sgd") s.momentum = 0.0;
  // ... and Adam's epsilon only to Adam.
  if (s.optimizer != "adam") s.adam_eps = RunSpec().adam_eps;
  return DefiningFields(s).dump();
}

std::string ModelLayersText(const RunSpec& spec) {
  if (!spec.layers.empty()) return spec.layers;
  return LayersFor(spec.model, spec.model_options);
}

std::string TrainingProfileText(const RunSpec& s) {
  std::string text = fmt::format("val={} init={} input_scale={}", s.val_size, s.init,
                                 s.input_scale);
  if (s.optimizer == "adam") text += fmt::format(" adam_eps={:g}", s.adam_eps);
  if (s.optimizer == "sgd") text += fmt::format(" momentum={:g}", s.momentum);
  return text + fmt::format(" lr_schedule={} weight_decay={:g} augment_shift={}", s.lr_schedule,
                            s.weight_decay, s.augment_shift);
}

std::string RunKey(const RunSpec& spec) { return Sha256Hex(NormalizedSpecJson(spec)).substr(0, 16); }

void PlanForDevice(Plan& plan, const std::string& device_kind, bool fast) {
  for (PlannedRun& run : plan.runs) {
    run.spec.device_kind = device_kind;
    run.spec.fast = fast && device_kind != "cpu";
    run.run_key = RunKey(run.spec);
  }
}

std::string VariantKey(const RunSpec& spec) {
  RunSpec unseeded = spec;
  unseeded.seed = 0;
  return RunKey(unseeded);
}

std::string RunSpecToJson(const RunSpec& spec) {
  json j = DefiningFields(spec);
  j["threads"] = spec.threads;
  j["device"] = spec.device;
  if (!spec.custom_data.empty()) {
    json files = json::array();
    for (const CustomDataFile& f : spec.custom_data.files) {
      files.push_back({{"role", f.role}, {"format", f.format}, {"file", f.file},
                       {"labels", f.labels}, {"sha256", f.sha256}});
    }
    j["data_source"] = {{"dir", spec.custom_data.dir}, {"files", files}};
  }
  if (spec.search_trial.tpe()) {
    const SearchTrial& t = spec.search_trial;
    j["search"] = {{"method", t.method}, {"seed", t.seed},   {"trials", t.trials},
                   {"block", t.block},   {"trial", t.trial}, {"space", json::parse(t.space_json)},
                   {"params", json::parse(t.params_json)}};
  }
  if (spec.prune.active()) {
    const PruneSettings& p = spec.prune;
    j["prune"] = {{"rule", p.rule}, {"metric", p.metric}, {"min_epochs", p.min_epochs},
                  {"reduction_factor", p.reduction_factor}, {"startup_trials", p.startup_trials}};
  }
  if (spec.race.active()) {
    const RaceSettings& r = spec.race;
    j["race"] = {{"min_seeds", r.min_seeds}, {"max_seeds", r.max_seeds}, {"alpha", r.alpha},
                 {"tie_within", r.tie_within}, {"first_seed", r.first_seed}};
  }
  return j.dump();
}

RunSpec RunSpecFromJson(const std::string& text) {
  try {
    const json j = json::parse(text);
    RunSpec s;
    s.model = j.at("model").get<std::string>();
    s.layers = j.at("layers").get<std::string>();
    s.model_options = j.at("model_options").get<std::map<std::string, std::string>>();
    s.dataset = j.at("dataset").get<std::string>();
    s.val_size = j.at("val_size").get<int64_t>();
    s.split_seed = j.at("split_seed").get<uint64_t>();
    s.eval_sets = j.at("eval_sets").get<std::vector<std::string>>();
    s.limit_train = j.at("limit_train").get<int64_t>();
    s.limit_test = j.at("limit_test").get<int64_t>();
    s.optimizer = j.at("optimizer").get<std::string>();
    s.loss = j.at("loss").get<std::string>();
    s.lr = j.at("lr").get<double>();
    s.lr_schedule = j.at("lr_schedule").get<std::string>();
    s.momentum = j.at("momentum").get<double>();
    s.weight_decay = j.at("weight_decay").get<double>();
    s.batch_size = j.at("batch_size").get<int64_t>();
    s.epochs = j.at("epochs").get<int64_t>();
    s.seed = j.at("seed").get<uint64_t>();
    s.augment_shift = j.at("augment_shift").get<int64_t>();
    s.init = j.value("init", s.init);
    s.adam_eps = j.value("adam_eps", s.adam_eps);
    s.input_scale = j.value("input_scale", s.input_scale);
    s.device_kind = j.value("device_kind", s.device_kind);
    s.fast = j.value("fast", s.fast);
    s.threads = j.value("threads", 0);
    s.device = j.value("device", std::string("auto"));
    if (j.contains("data_source")) {
      const json& source = j.at("data_source");
      s.custom_data.dir = source.at("dir").get<std::string>();
      for (const json& f : source.at("files")) {
        s.custom_data.files.push_back(
            {f.at("role").get<std::string>(), f.at("format").get<std::string>(),
             f.at("file").get<std::string>(), f.at("labels").get<std::string>(),
             f.at("sha256").get<std::string>()});
      }
    }
    if (j.contains("search")) {
      const json& t = j.at("search");
      s.search_trial = {t.at("method").get<std::string>(), t.at("seed").get<uint64_t>(),
                        t.at("trials").get<int64_t>(),     t.at("block").get<int64_t>(),
                        t.at("trial").get<int64_t>(),      t.at("space").dump(),
                        t.at("params").dump()};
    }
    if (j.contains("prune")) {
      const json& p = j.at("prune");
      s.prune.rule = p.at("rule").get<std::string>();
      s.prune.metric = p.at("metric").get<std::string>();
      s.prune.min_epochs = p.at("min_epochs").get<int64_t>();
      s.prune.reduction_factor = p.at("reduction_factor").get<int64_t>();
      s.prune.startup_trials = p.at("startup_trials").get<int64_t>();
    }
    if (j.contains("race")) {
      const json& r = j.at("race");
      s.race.min_seeds = r.at("min_seeds").get<int64_t>();
      s.race.max_seeds = r.at("max_seeds").get<int64_t>();
      s.race.alpha = r.at("alpha").get<double>();
      // Races recorded before ties existed (e8618e9) have no tie_within: they never tied.
      s.race.tie_within = r.value("tie_within", 0.0);
      s.race.first_seed = r.at("first_seed").get<uint64_t>();
    }
    return s;
  } catch (const json::exception& e) {
    throw BadInput(std::string("run config JSON: ") + e.what());
  }
}

}  // namespace mnb
