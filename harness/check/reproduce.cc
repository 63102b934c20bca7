#include "harness/check/reproduce.h"

#include <fmt/format.h>

#include <cmath>
#include <cstring>
#include <map>

namespace mnb {

namespace {

std::optional<double> Recordable(double value) {
  if (std::isnan(value)) return std::nullopt;  // SQLite stores a NaN as NULL
  return value;
}

std::optional<double> Find(const std::map<std::string, double>& by_set, const std::string& set) {
  const auto it = by_set.find(set);
  if (it == by_set.end()) return std::nullopt;
  return it->second;
}

// Bit-identical: the same 64 bits (so 0.0 and -0.0 differ, as a re-run must not change either).
bool Same(const std::optional<double>& a, const std::optional<double>& b) {
  if (!a || !b) return !a && !b;
  return std::memcmp(&*a, &*b, sizeof(double)) == 0;
}

std::string Text(const std::optional<double>& value) {
  return value ? fmt::format("{}", *value) : "NULL";  // {} is the shortest exact form
}

// The metrics of one epoch in the contract's order, as (name, recorded, reproduced).
struct MetricPair {
  std::string name;
  std::optional<double> recorded, reproduced;
};

std::vector<MetricPair> Pairs(const EpochResult& a, const EpochResult& b) {
  std::vector<MetricPair> pairs = {
      {"train_loss", a.train_loss, b.train_loss},
      {"train_accuracy", a.train_accuracy, b.train_accuracy},
      {"val_loss", a.val_loss, b.val_loss},
      {"val_accuracy", a.val_accuracy, b.val_accuracy},
      {"test_loss", a.test_loss, b.test_loss},
      {"test_accuracy", a.test_accuracy, b.test_accuracy},
      {"lr", a.lr, b.lr},
  };
  std::map<std::string, bool> sets;
  for (const auto* m : {&a.eval_loss, &a.eval_accuracy, &b.eval_loss, &b.eval_accuracy}) {
    for (const auto& [set, value] : *m) sets[set] = true;
  }
  for (const auto& [set, unused] : sets) {
    pairs.push_back({set + " loss", Find(a.eval_loss, set), Find(b.eval_loss, set)});
    pairs.push_back({set + " accuracy", Find(a.eval_accuracy, set), Find(b.eval_accuracy, set)});
  }
  return pairs;
}

// The first example whose predicted class differs, if any, as a difference of `epoch`.
std::optional<MetricDifference> ComparePredictions(int64_t epoch, const StoredPredictions& stored,
                                                   const PredictionSet& now) {
  const std::string metric = stored.eval_set + " predictions";
  if (stored.classes.size() != now.classes.size()) {
    return MetricDifference{epoch, metric, fmt::format("{} examples", stored.classes.size()),
                            fmt::format("{} examples", now.classes.size())};
  }
  for (size_t i = 0; i < now.classes.size(); ++i) {
    if (stored.classes[i] != now.classes[i]) {
      return MetricDifference{epoch, fmt::format("{} (example {})", metric, i),
                              fmt::format("class {}", stored.classes[i]),
                              fmt::format("class {}", now.classes[i])};
    }
  }
  return std::nullopt;
}

}  // namespace

ReproducedEpoch AsRecorded(const EpochMetrics& m) {
  ReproducedEpoch out;
  EpochResult& e = out.metrics;
  e.epoch = m.epoch;
  e.train_loss = Recordable(m.train.loss);
  e.train_accuracy = Recordable(m.train.accuracy);
  if (m.val) {
    e.val_loss = Recordable(m.val->loss);
    e.val_accuracy = Recordable(m.val->accuracy);
  }
  if (m.test) {
    e.test_loss = Recordable(m.test->loss);
    e.test_accuracy = Recordable(m.test->accuracy);
  }
  e.lr = Recordable(m.lr);
  e.seconds = m.seconds;
  e.samples_per_second = m.samples_per_second;
  for (const EvalSetMetrics& set : m.evals) {
    if (const auto loss = Recordable(set.metrics.loss)) e.eval_loss[set.name] = *loss;
    if (const auto accuracy = Recordable(set.metrics.accuracy)) {
      e.eval_accuracy[set.name] = *accuracy;
    }
  }
  out.predictions = m.predictions;
  return out;
}

ReproduceComparison CompareEpochs(const std::vector<EpochResult>& recorded,
                                  const std::vector<StoredPredictions>& recorded_predictions,
                                  const std::vector<ReproducedEpoch>& reproduced) {
  ReproduceComparison out;
  for (size_t i = 0; i < recorded.size() && i < reproduced.size(); ++i) {
    const EpochResult& stored = recorded[i];
    const ReproducedEpoch& now = reproduced[i];
    if (stored.epoch != now.metrics.epoch) {
      out.first_difference = MetricDifference{stored.epoch, "epoch number",
                                              std::to_string(stored.epoch),
                                              std::to_string(now.metrics.epoch)};
      return out;
    }
    for (const MetricPair& pair : Pairs(stored, now.metrics)) {
      if (!Same(pair.recorded, pair.reproduced)) {
        out.first_difference = MetricDifference{stored.epoch, pair.name, Text(pair.recorded),
                                                Text(pair.reproduced)};
        return out;
      }
      if (pair.recorded) ++out.values;
    }
    for (const StoredPredictions& p : recorded_predictions) {
      if (p.epoch != stored.epoch) continue;
      const PredictionSet* match = nullptr;
      for (const PredictionSet& set : now.predictions) {
        if (set.eval_set == p.eval_set) match = &set;
      }
      const auto difference = match != nullptr
                                  ? ComparePredictions(stored.epoch, p, *match)
                                  : std::optional<MetricDifference>(MetricDifference{
                                        stored.epoch, p.eval_set + " predictions",
                                        fmt::format("{} examples", p.classes.size()), "none"});
      if (difference) {
        out.first_difference = difference;
        return out;
      }
      out.predictions += static_cast<int64_t>(p.classes.size());
    }
    ++out.epochs;
  }
  return out;
}

std::vector<std::string> EnvironmentDifferences(const WhereRun& recorded,
                                                const WhereRun& here) {
  std::vector<std::string> out;
  auto differ = [&](const char* what, const std::string& then, const std::string& now) {
    if (then != now) {
      out.push_back(fmt::format("{}: {} recorded, {} here", what, then.empty() ? "none" : then,
                                now.empty() ? "none" : now));
    }
  };
  differ("torch", recorded.torch_version, here.torch_version);
  differ("threads", std::to_string(recorded.threads), std::to_string(here.threads));
  differ("device", recorded.device, here.device);
  differ("build (git revision)", recorded.git_rev, here.git_rev);
  differ("data checksum", recorded.data_sha256, here.data_sha256);
  differ("host", recorded.host, here.host);
  return out;
}

std::string RenderReproduction(const RunRow& run, const ReproduceComparison& comparison,
                               const std::vector<std::string>& environment_differences) {
  std::string out;
  if (!comparison.first_difference) {
    out = fmt::format("run {} ({}): bit-identical: {} epoch{}, {} values", run.run_id,
                      run.experiment, comparison.epochs, comparison.epochs == 1 ? "" : "s",
                      comparison.values);
    if (comparison.predictions > 0) {
      out += fmt::format(", {} per-example predictions", comparison.predictions);
    }
    return out + "\n";
  }
  const MetricDifference& d = *comparison.first_difference;
  out = fmt::format("run {} ({}): differs at epoch {}, {}: recorded {}, reproduced {} ({} epochs "
                    "and {} values equal before it)\n",
                    run.run_id, run.experiment, d.epoch, d.metric, d.recorded, d.reproduced,
                    comparison.epochs, comparison.values);
  if (environment_differences.empty()) {
    out += "  same torch, threads, device, build, data and host as recorded: a nondeterministic "
           "kernel, or the stored rows were changed\n";
  } else {
    out += "  what differs from where it was recorded:\n";
    for (const std::string& line : environment_differences) out += "    " + line + "\n";
  }
  return out;
}

}  // namespace mnb
