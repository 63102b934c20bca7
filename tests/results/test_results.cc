// The results room (harness/results, over harness/store/reader.h) on real SQLite files: the golden
// database (tests/golden_db.h) read back against what the Store wrote, the C++ variant statistics
// against the SQL `leaderboard` view, a schema-version-1 file read without being changed, and
// the snapshot and bad-input behaviour.
#include <catch2/catch.hpp>

#include <nlohmann/json.hpp>

#include <algorithm>
#include <filesystem>
#include <map>
#include <set>

#include "harness/base/error.h"
#include "harness/store/reader.h"
#include "harness/store/schema.h"
#include "harness/store/store.h"
#include "harness/results/variants.h"
#include "tests/golden_db.h"
#include "tests/scratch_dir.h"

using namespace mnb;
using namespace mnb::testing;

namespace {

// The golden database, built once per test process.
const std::string& GoldenDb() {
  static ScratchDir dir("results-golden");
  static const std::string path = [] {
    const std::string file = dir.file("golden.db");
    BuildGoldenDb(file);
    return file;
  }();
  return path;
}

std::string CheckExperimentName() { return ParseExperiment(kGoldenToml, "golden.toml").name; }

const RunRow& RunById(const std::vector<RunRow>& runs, int64_t id) {
  const auto found = std::find_if(runs.begin(), runs.end(),
                                  [&](const RunRow& r) { return r.run_id == id; });
  REQUIRE(found != runs.end());
  return *found;
}

// The golden store read as variants.
ResultSet ReadGolden() {
  StoreReader reader(GoldenDb());
  return ReadResultSet(reader, {});
}

// What a row of the leaderboard view holds, by column name.
std::map<std::string, QueryValue> Row(const QueryResult& result, size_t row) {
  std::map<std::string, QueryValue> out;
  for (size_t c = 0; c < result.columns.size(); ++c) out[result.columns[c]] = result.rows[row][c];
  return out;
}

std::optional<double> Real(const QueryValue& v) {
  if (v.type == QueryValue::Type::kNull) return std::nullopt;
  return v.type == QueryValue::Type::kInteger ? static_cast<double>(v.integer) : v.real;
}

void CheckSame(const std::optional<double>& cxx, const QueryValue& sql, const char* what) {
  INFO(what);
  REQUIRE(cxx.has_value() == (sql.type != QueryValue::Type::kNull));
  if (cxx) CHECK(*cxx == Approx(*Real(sql)).epsilon(1e-12).margin(1e-15));
}

}  // namespace

TEST_CASE("runs come back with the final and best epochs of what the store recorded",
          "[results]") {
  Store store(GoldenDb(), Store::Mode::kReadOnly);
  StoreReader results(GoldenDb());
  const std::vector<RunRow> runs = results.Runs(results.Experiments());
  REQUIRE(runs.size() == 32);
  for (const RunRow& run : runs) {
    INFO("run " << run.run_id << " " << run.status);
    const std::vector<EpochMetrics> epochs = store.Epochs(run.run_id);
    CHECK(run.epochs_done == static_cast<int64_t>(epochs.size()));
    if (epochs.empty()) {
      CHECK_FALSE(run.final_epoch);
      CHECK_FALSE(run.best_epoch);
      CHECK_FALSE(run.test_accuracy);
      CHECK(run.eval_accuracy.empty());
      continue;
    }
    // Final: the newest epoch. Best: the highest validation (else test) accuracy, earliest.
    const EpochMetrics& last = epochs.back();
    CHECK(run.final_epoch == last.epoch);
    CHECK(run.test_accuracy == last.test->accuracy);
    CHECK(run.train_loss == last.train.loss);
    CHECK(run.val_accuracy.has_value() == last.val.has_value());
    int64_t best = 0;
    double best_accuracy = -1;
    for (const EpochMetrics& e : epochs) {
      const double accuracy = e.val ? e.val->accuracy : e.test->accuracy;
      if (accuracy > best_accuracy) best = e.epoch, best_accuracy = accuracy;
    }
    CHECK(run.best_epoch == best);
    REQUIRE(run.eval_accuracy.size() == last.evals.size());
    for (const EvalSetMetrics& e : last.evals) {
      CHECK(run.eval_accuracy.at(e.name) == e.metrics.accuracy);
    }
  }
  CHECK(RunById(runs, 14).best_epoch == 1);  // flat curve, no validation split: the earliest
  CHECK(RunById(runs, 5).status == "failed");
  CHECK(RunById(runs, 5).error == kGoldenError);
  CHECK(RunById(runs, 6).final_epoch == 1);  // interrupted after one epoch
  CHECK(RunById(runs, 10).device == "cpu");
  CHECK(RunById(runs, 10).threads == 4);
  CHECK(RunById(runs, 17).status == "queued");
}

TEST_CASE("variants group runs that differ only by seed, with seeds, counts, ranks and labels",
          "[results]") {
  StoreReader results(GoldenDb());
  const ResultSet set = ReadResultSet(results, {});
  CHECK(set.experiments == std::vector<std::string>{CheckExperimentName(), kGoldenKannada,
                                                    kGoldenEmpty, kGoldenSweep});
  CHECK(set.eval_sets == std::vector<std::string>{"dig-mnist"});
  REQUIRE(set.variants.size() == 14);
  std::vector<std::string> labels;
  for (const Variant& v : set.variants) labels.push_back(v.label);
  CHECK(labels == std::vector<std::string>{"lenet5 batch_size=32", "lenet5 batch_size=64",
                                           "mlp|<b>&\"q\"", "tiny-cnn lr=0.001",
                                           "tiny-cnn lr=0.003", "tiny-mlp",
                                           // the sweep, by rank; two varying keys in label order
                                           "grid-mlp", "grid-cnn lr=0.01 batch_size=32",
                                           "grid-cnn lr=0.01 batch_size=128",
                                           "grid-cnn lr=0.001 batch_size=32",
                                           "grid-cnn lr=0.001 batch_size=128", "grid-wide",
                                           "grid-cnn lr=0.1 batch_size=32",
                                           "grid-cnn lr=0.1 batch_size=128"});
  const Variant& b64 = set.variants[1];
  CHECK(b64.seeds == std::vector<int64_t>{1, 2, 3});
  CHECK(b64.run_ids == std::vector<int64_t>{4, 5, 6});
  CHECK((b64.runs == 3 && b64.completed == 1 && b64.failed == 1 && b64.interrupted == 1));
  CHECK(b64.n == 1);
  CHECK_FALSE(b64.test_accuracy_std);  // one seed: no std, not 0
  // Equal means share a rank and the next rank skips, as SQL RANK does.
  CHECK(set.variants[3].rank == 1);
  CHECK(set.variants[4].rank == 1);
  CHECK(set.variants[5].rank == 3);
  CHECK(set.variants[5].StatusText() == "1 completed, 1 running, 1 queued, 1 diverged");
  for (size_t i = 0; i < set.runs.size(); ++i) {
    const Variant& v = set.variants[set.variant_of_run[i]];
    CHECK(set.runs[i].label == v.label);
    CHECK(std::count(v.run_ids.begin(), v.run_ids.end(), set.runs[i].run_id) == 1);
  }
  // Selecting one experiment reads only its runs.
  const ResultSet one = ReadResultSet(results, {kGoldenKannada});
  CHECK(one.runs.size() == 8);
  CHECK(one.variants.size() == 3);
}

TEST_CASE("per-variant statistics equal the leaderboard view's", "[results]") {
  StoreReader results(GoldenDb());
  const ResultSet set = ReadResultSet(results, {});
  const auto board = results.Query(
      "SELECT experiment, variant_config, n, test_accuracy_mean, test_accuracy_std, "
      "test_accuracy_min, test_accuracy_max, test_loss_mean, val_accuracy_mean, best_epoch, "
      "best_val_accuracy, seconds_per_epoch, samples_per_second, rank, runs, queued, running, "
      "completed, failed, interrupted, diverged, first_run_id, params FROM leaderboard");
  REQUIRE(board.size() == 1);
  REQUIRE(board[0].rows.size() == set.variants.size());
  for (size_t row = 0; row < board[0].rows.size(); ++row) {
    auto sql = Row(board[0], row);
    const auto v = std::find_if(set.variants.begin(), set.variants.end(), [&](const Variant& x) {
      return x.experiment == sql["experiment"].text &&
             x.variant_config == sql["variant_config"].text;
    });
    REQUIRE(v != set.variants.end());
    INFO(v->label);
    CHECK(v->n == sql["n"].integer);
    CheckSame(v->test_accuracy_mean, sql["test_accuracy_mean"], "mean");
    CheckSame(v->test_accuracy_std, sql["test_accuracy_std"], "std");
    CheckSame(v->test_accuracy_min, sql["test_accuracy_min"], "min");
    CheckSame(v->test_accuracy_max, sql["test_accuracy_max"], "max");
    CheckSame(v->test_loss_mean, sql["test_loss_mean"], "test loss");
    CheckSame(v->val_accuracy_mean, sql["val_accuracy_mean"], "val accuracy");
    CheckSame(v->best_val_accuracy, sql["best_val_accuracy"], "best val accuracy");
    CheckSame(v->seconds_per_epoch, sql["seconds_per_epoch"], "seconds per epoch");
    CheckSame(v->samples_per_second, sql["samples_per_second"], "samples per second");
    CHECK(v->best_epoch == (sql["best_epoch"].type == QueryValue::Type::kNull
                                ? std::nullopt
                                : std::optional<int64_t>(sql["best_epoch"].integer)));
    CHECK(v->rank == (sql["rank"].type == QueryValue::Type::kNull
                          ? std::nullopt
                          : std::optional<int64_t>(sql["rank"].integer)));
    const std::pair<const char*, int64_t> counts[] = {
        {"runs", v->runs},       {"queued", v->queued},           {"running", v->running},
        {"completed", v->completed}, {"failed", v->failed},       {"interrupted", v->interrupted},
        {"diverged", v->diverged}, {"first_run_id", v->first_run_id}, {"params", v->params}};
    for (const auto& [column, value] : counts) {
      INFO(column);
      CHECK(value == sql[column].integer);
    }
  }
}

TEST_CASE("variant_config in C++ is run_summary's and labels name what varies", "[results]") {
  Database db(GoldenDb(), Database::Mode::kReadOnly);
  const auto rows = RunReadOnlyQuery(
      db, "SELECT r.config_json, s.variant_config FROM runs r JOIN run_summary s "
          "ON s.run_id = r.id");
  REQUIRE(rows.at(0).rows.size() == 32);
  for (const auto& row : rows[0].rows) {
    INFO(row[0].text);
    CHECK(nlohmann::json::parse(VariantConfigJson(row[0].text)) ==
          nlohmann::json::parse(row[1].text));
  }
  RunSpec a;
  a.model_options = {{"activation", "tanh"}};
  RunSpec b = a;
  b.model_options = {{"activation", "relu"}};
  b.batch_size = 600;
  b.seed = 7;  // seeds never name a variant
  RunSpec other;
  other.model = "mlp";
  const auto config = [](const RunSpec& s) { return VariantConfigJson(RunSpecToJson(s)); };
  CHECK(VariantLabels({{"lenet5", config(a)}, {"lenet5", config(b)}, {"mlp", config(other)}}) ==
        std::vector<std::string>{"lenet5 activation=tanh batch_size=64",
                                 "lenet5 activation=relu batch_size=600", "mlp"});

  // A training profile left at its default is not stored, and a zoo option may be left out:
  // both still vary, and a label names the profile's default value.
  RunSpec keras;
  keras.init = "keras";
  keras.adam_eps = 1e-7;
  RunSpec plain;
  RunSpec tanh;
  tanh.model_options = {{"activation", "tanh"}};
  CHECK(VariantLabels({{"cnn5", config(keras)}, {"cnn5", config(plain)}}) ==
        std::vector<std::string>{"cnn5 init=keras adam_eps=1e-07", "cnn5 init=torch adam_eps=1e-08"});
  CHECK(VariantLabels({{"lenet5", config(tanh)}, {"lenet5", config(plain)}}) ==
        std::vector<std::string>{"lenet5 activation=tanh", "lenet5"});
}

TEST_CASE("seed statistics are stats::Summarize's: a variant's std only from two seeds", "[results]") {
  const auto three = stats::Summarize({0.9, 0.92, 0.97});
  CHECK(three->n == 3);
  CHECK(three->mean == Approx(0.93));
  CHECK(three->std_dev == Approx(0.0360555127546399));  // sqrt(((-.03)^2 + (-.01)^2 + .04^2) / 2)
  CHECK(three->min == 0.9);
  CHECK(three->max == 0.97);
  CHECK(stats::Summarize({0.9, 0.9})->std_dev == 0.0);  // equal seeds: exactly 0
  CHECK_FALSE(stats::Summarize({}));
  stats::RunningMean mean;
  mean.Add(std::nullopt);  // skipped, as SQL AVG skips NULL
  mean.Add(2.0);
  CHECK(mean.Value() == 2.0);
  // One seed: the variant shows no std (the leaderboard view's NULL), though Summary says 0.
  const ResultSet set = ReadGolden();
  bool saw_one = false;
  for (const Variant& v : set.variants) {
    if (v.n != 1) continue;
    saw_one = true;
    CHECK_FALSE(v.test_accuracy_std);
    CHECK(v.test_accuracy_min == v.test_accuracy_mean);
  }
  CHECK(saw_one);
}

TEST_CASE("a schema version 1 database is read through TEMP views and left unchanged",
          "[results]") {
  ScratchDir dir("results-v1");
  const std::string v1 = dir.file("v1.db");
  BuildGoldenDb(v1);
  {
    Database db(v1, Database::Mode::kReadWrite);
    db.Exec("DROP TABLE predictions; DROP VIEW variant_stats; DROP TABLE t_quantile_975; "
            "DROP VIEW leaderboard; "
            "DROP VIEW run_summary; PRAGMA user_version = 1");
  }
  const ResultSet current = ReadGolden();
  {
    StoreReader old(v1);
    const ResultSet set = ReadResultSet(old, {});
    REQUIRE(set.runs.size() == current.runs.size());
    REQUIRE(set.variants.size() == current.variants.size());
    for (size_t i = 0; i < set.variants.size(); ++i) {
      CHECK(set.variants[i].label == current.variants[i].label);
      CHECK(set.variants[i].test_accuracy_mean == current.variants[i].test_accuracy_mean);
      CHECK(set.variants[i].test_accuracy_std == current.variants[i].test_accuracy_std);
      CHECK(set.variants[i].best_epoch == current.variants[i].best_epoch);
    }
    CHECK(old.Query("SELECT COUNT(*) FROM leaderboard").at(0).rows.at(0).at(0).integer == 14);
  }
  Database after(v1, Database::Mode::kReadOnly);
  CHECK(SchemaVersion(after) == 1);
  const auto views = RunReadOnlyQuery(after, "SELECT COUNT(*) FROM sqlite_master "
                                             "WHERE type = 'view'");
  CHECK(views.at(0).rows.at(0).at(0).integer == 0);
}

TEST_CASE("epoch series, confusion and environments read back what was written", "[results]") {
  Store store(GoldenDb(), Store::Mode::kReadOnly);
  StoreReader results(GoldenDb());
  const std::vector<EpochResult> series = results.Epochs(1);
  const std::vector<EpochMetrics> written = store.Epochs(1);
  REQUIRE(series.size() == written.size());
  for (size_t i = 0; i < series.size(); ++i) {
    CHECK(series[i].epoch == written[i].epoch);
    CHECK(series[i].val_accuracy == written[i].val->accuracy);
    CHECK(series[i].samples_per_second == written[i].samples_per_second);
    CHECK(series[i].eval_accuracy.at("dig-mnist") == written[i].evals.at(0).metrics.accuracy);
  }
  // golden_db.h's Completed(3, 15) for run 1: diagonal 15 + t, one miss of 1 + t % 3 per row.
  const ConfusionResult confusion = results.Confusion(1);
  REQUIRE(confusion.matrix.size() == 10);
  CHECK(confusion.matrix[4][4] == 19);
  CHECK(confusion.matrix[4][5] == 2);
  REQUIRE(confusion.classes.size() == 10);
  CHECK(confusion.classes[4].support == 21);
  CHECK(*confusion.classes[4].recall == Approx(19.0 / 21.0));
  CHECK(results.Confusion(5).matrix.empty());  // failed: none recorded

  const auto all = results.Environments(results.Experiments());
  REQUIRE(all.size() == 2);
  CHECK((all[0].runs == 9 + 15 && all[0].threads == 2 && all[0].git_rev == "abc1234"));
  CHECK((all[1].runs == 7 && all[1].torch_version == "2.1.0"));  // the queued run never started
  CHECK(results.Environments({kGoldenEmpty}).empty());
}

TEST_CASE("a snapshot holds still while a writer commits, and bad input is named", "[results]") {
  ScratchDir dir("results-snapshot");
  const std::string path = dir.file("r.db");
  BuildGoldenDb(path);
  StoreReader results(path);
  {
    ReadSnapshot snapshot(results);
    CHECK(results.Runs({kGoldenEmpty}).empty());
    Store writer(path);
    const int64_t id = *writer.FindExperiment(kGoldenEmpty);
    RunSpec spec;
    REQUIRE(writer.InsertPlan(id, {{RunKey(spec), spec, RunSpecToJson(spec), 1}}) == 1);
    CHECK(results.Runs({kGoldenEmpty}).empty());  // still the snapshot's state
  }
  CHECK(results.Runs({kGoldenEmpty}).size() == 1);

  CHECK_THROWS_WITH(ReadResultSet(results, {"nosuch"}),
                    Catch::Contains("no experiment 'nosuch'") && Catch::Contains(kGoldenEmpty));
  CHECK_THROWS_AS(ReadResultSet(results, {"nosuch"}), Error);
  CHECK_THROWS_WITH(results.Query("DELETE FROM runs"), Catch::Contains("refusing to write"));
  const auto typed = results.Query("SELECT 1, 2.5, 'x', NULL");
  REQUIRE(typed.size() == 1);
  CHECK(typed[0].rows[0][0].type == QueryValue::Type::kInteger);
  CHECK(typed[0].rows[0][1].real == 2.5);
  CHECK(typed[0].rows[0][2].text == "x");
  CHECK(typed[0].rows[0][3].type == QueryValue::Type::kNull);
}

TEST_CASE("one Summarize: variant intervals equal the variant_stats view; each against the best",
          "[results]") {
  const ResultSet set = ReadGolden();
  Database db(GoldenDb(), Database::Mode::kReadOnly);
  const auto view = RunReadOnlyQuery(db, "SELECT * FROM variant_stats");
  REQUIRE(view.at(0).rows.size() == set.variants.size());
  for (size_t r = 0; r < view[0].rows.size(); ++r) {
    const auto row = Row(view[0], r);
    const auto found = std::find_if(set.variants.begin(), set.variants.end(), [&](const Variant& v) {
      return v.experiment == row.at("experiment").text &&
             v.variant_config == row.at("variant_config").text;
    });
    REQUIRE(found != set.variants.end());
    INFO(found->label);
    CheckSame(found->test_accuracy_ci_low, row.at("ci_low"), "ci_low");
    CheckSame(found->test_accuracy_ci_high, row.at("ci_high"), "ci_high");
    CHECK(found->test_accuracies.size() == static_cast<size_t>(found->n));
  }

  std::map<std::string, std::pair<stats::Standing, double>> standing;
  for (const Variant& v : set.variants) {
    if (v.vs_best) standing[v.label] = {*v.vs_best, v.vs_best_p_adjusted};
  }
  // The golden experiment: lenet5 at batch 32 (3 seeds) is best; batch 64 has one seed; the mlp
  // is 19 points below with 3 seeds each side.
  CHECK(standing.at("lenet5 batch_size=32").first == stats::Standing::kBest);
  CHECK(standing.at("lenet5 batch_size=64").first == stats::Standing::kTooFewSeeds);
  CHECK(standing.at("mlp|<b>&\"q\"").first == stats::Standing::kDistinguishable);
  CHECK(standing.at("mlp|<b>&\"q\"").second < 0.05);
  // Kannada: two tiny-cnn variants with equal seeds (p = 1) are undecided, not a tie: two seeds
  // 1.2 points apart had far less than 80% power for one point. tiny-mlp has one completed seed.
  CHECK(standing.at("tiny-cnn lr=0.001").first == stats::Standing::kBest);
  CHECK(standing.at("tiny-cnn lr=0.003").first == stats::Standing::kUndecided);
  CHECK(standing.at("tiny-cnn lr=0.003").second == 1.0);
  CHECK(standing.at("tiny-mlp").first == stats::Standing::kTooFewSeeds);
  CHECK(standing.count("tiny-mlp") == 1);
}

TEST_CASE("EpochsOf reads many runs' epochs as Epochs reads one, without the eval sets",
          "[results]") {
  StoreReader results(GoldenDb());
  std::vector<int64_t> ids;
  for (const RunRow& run : results.Runs(results.Experiments())) ids.push_back(run.run_id);
  ids.push_back(999999);  // no such run: present, empty
  const auto all = results.EpochsOf(ids);
  REQUIRE(all.size() == ids.size());
  CHECK(all.at(999999).empty());
  size_t rows = 0;
  for (int64_t id : ids) {
    INFO("run " << id);
    const std::vector<EpochResult> one = results.Epochs(id);
    const std::vector<EpochResult>& many = all.at(id);
    REQUIRE(many.size() == one.size());
    rows += many.size();
    for (size_t e = 0; e < one.size(); ++e) {
      CHECK(many[e].epoch == one[e].epoch);
      CHECK(many[e].train_loss == one[e].train_loss);
      CHECK(many[e].val_accuracy == one[e].val_accuracy);
      CHECK(many[e].test_accuracy == one[e].test_accuracy);
      CHECK(many[e].test_loss == one[e].test_loss);
      CHECK(many[e].seconds == one[e].seconds);
      CHECK(many[e].eval_accuracy.empty());
    }
  }
  CHECK(rows > 50);
}
