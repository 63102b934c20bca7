// Report rendering at scale: a results DB of 10,000 runs x 20 epochs (500 variants x 20 seeds,
// with Dig-MNIST evals, confusion matrices and per-class metrics, as real sweeps leave them),
// read through the views and rendered as Markdown, CSV and HTML, as `mnistbench report --format
// all` does minus the file writes. The DB is built once, outside the timing.
#include <benchmark/benchmark.h>

#include <fmt/format.h>

#include <memory>
#include <random>

#include "bench/bench_support.h"
#include "harness/plan/plan.h"
#include "harness/store/reader.h"
#include "bench/synthetic_epochs.h"
#include "harness/store/sqlite.h"
#include "harness/store/store.h"
#include "reports/render/csv_report.h"
#include "reports/render/html.h"
#include "reports/render/markdown.h"
#include "reports/data/report_data.h"

namespace {

using namespace mnb;

constexpr int kVariants = 500, kSeeds = 20, kEpochs = 20;

struct BenchDb {
  bench::ScratchDir dir{"reports"};
  std::string path = dir.file("bench.db");

  BenchDb() {
    Store store(path);
    const int64_t experiment = store.UpsertExperiment("bench", "bench.toml", "");
    std::vector<NewRun> runs;
    const char* models[] = {"lenet5", "cnn-seed004", "fcnn-seed004", "mlp-seed003", "mnb-vgg",
                            "cnn-seed001", "cnn5-seed003", "kannada-cnn-seed000",
                            "lenet5-conv4-tanh", "lenet5-conv4-tanh-fc2"};
    for (int v = 0; v < kVariants; ++v) {
      for (int s = 1; s <= kSeeds; ++s) {
        RunSpec spec;
        spec.model = models[v % 10];
        spec.lr = 1e-4 * (1 + v / 10 % 10);
        spec.batch_size = 32 << (v / 100);
        spec.epochs = kEpochs;
        spec.eval_sets = {"dig-mnist"};
        spec.seed = static_cast<uint64_t>(s);
        runs.push_back({RunKey(spec), spec, RunSpecToJson(spec), 60000 + v});
      }
    }
    store.InsertPlan(experiment, runs);
    Database& db = store.db();
    Transaction txn(db);
    db.Exec("UPDATE runs SET status = 'completed', device = 'cpu', threads = 2, "
            "torch_version = '1.13.1', git_rev = 'bench'");
    bench::SyntheticEpochs synthetic(db);
    Statement eval(db, "INSERT INTO evals(run_id, epoch, eval_set, loss, accuracy) "
                       "VALUES (?1, ?2, 'dig-mnist', ?3, ?4)");
    Statement cell(db, "INSERT INTO confusion(run_id, true_label, predicted_label, count) "
                       "VALUES (?1, ?2, ?3, ?4)");
    Statement cls(db, "INSERT INTO class_metrics(run_id, label, precision, recall, f1) "
                      "VALUES (?1, ?2, ?3, ?4, ?5)");
    std::mt19937_64 rng(1);
    std::uniform_real_distribution<double> noise(-0.01, 0.01);
    for (int64_t run = 1; run <= kVariants * kSeeds; ++run) {
      const double skill = 0.9 + 0.09 * static_cast<double>((run - 1) / kSeeds) / kVariants;
      for (int64_t e = 1; e <= kEpochs; ++e) {
        const double acc = skill - 0.2 / static_cast<double>(e) + noise(rng);
        synthetic.Add(run, e, acc);
        eval.Reset();
        eval.Bind(1, run).Bind(2, e).Bind(3, 2.0 - acc).Bind(4, acc - 0.3).Run();
      }
      for (int t = 0; t < 10; ++t) {
        for (int p = 0; p < 10; ++p) {
          cell.Reset();
          cell.Bind(1, run).Bind(2, t).Bind(3, p).Bind(4, t == p ? 980 : 2).Run();
        }
        cls.Reset();
        cls.Bind(1, run).Bind(2, t).Bind(3, 0.98).Bind(4, 0.98).Bind(5, 0.98).Run();
      }
    }
    txn.Commit();
  }
};

const BenchDb& Db() {
  static const auto db = std::make_unique<BenchDb>();
  return *db;
}

// What `mnistbench report --format all` does between opening the DB and writing the files.
void BM_ReportAllFormats(benchmark::State& state) {
  const std::string path = Db().path;
  size_t bytes = 0;
  for (auto _ : state) {
    StoreReader results(path);
    const ReportOptions options;
    const ReportData data = LoadReport(results, options);
    const std::string md = RenderMarkdown(data, options);
    const std::string html = RenderHtml(data, options);
    bytes = md.size() + html.size();
    for (const CsvFile& f : RenderCsv(data)) bytes += f.text.size();
    benchmark::DoNotOptimize(bytes);
  }
  state.counters["runs"] = kVariants * kSeeds;
  state.counters["output_MB"] = static_cast<double>(bytes) / 1e6;
}
BENCHMARK(BM_ReportAllFormats)->Unit(benchmark::kMillisecond)->MeasureProcessCPUTime()->UseRealTime();

// The SQL share of it: the two views read in full.
void BM_ReportLoadOnly(benchmark::State& state) {
  const std::string path = Db().path;
  for (auto _ : state) {
    StoreReader results(path);
    const ReportData data = LoadReport(results, ReportOptions{});
    benchmark::DoNotOptimize(data.runs.size());
  }
}
BENCHMARK(BM_ReportLoadOnly)->Unit(benchmark::kMillisecond)->MeasureProcessCPUTime()->UseRealTime();

}  // namespace
