// The leaderboard's "vs best" verdicts on real stores (harness/results over harness/stats): two
// noisy seeds cannot vouch for a tie (undecided), ten seeds of equal variants can (≈ best).
#include <catch2/catch.hpp>

#include <map>
#include <string>
#include <utility>
#include <vector>

#include "harness/plan/plan.h"
#include "harness/results/result_set.h"
#include "harness/store/reader.h"
#include "harness/store/store.h"
#include "tests/golden_db.h"
#include "tests/scratch_dir.h"

using namespace mnb;
using namespace mnb::testing;

namespace {

// One experiment of variants that differ by lr, each with the given seeds' test accuracies.
void WriteVariants(Store& store, const std::string& name,
                   const std::vector<std::pair<double, std::vector<double>>>& variants) {
  const int64_t id = store.UpsertExperiment(name, name + ".toml", "");
  std::vector<NewRun> rows;
  std::vector<double> skill;
  for (const auto& [lr, accuracies] : variants) {
    for (size_t s = 0; s < accuracies.size(); ++s) {
      RunSpec spec;
      spec.model = "tiny";
      spec.layers = "flatten, dense(10)";
      spec.lr = lr;
      spec.epochs = 1;
      spec.seed = s + 1;
      rows.push_back({RunKey(spec), spec, RunSpecToJson(spec), 7850});
      skill.push_back(accuracies[s]);
    }
  }
  REQUIRE(store.InsertPlan(id, rows) == static_cast<int>(rows.size()));
  const auto claims = golden::ClaimAll(store, id, rows.size(), 0, {"cpu", 2, "1.13.1", "x", ""});
  for (size_t i = 0; i < claims.size(); ++i) {
    golden::RecordEpochs(store, claims[i], 1, skill[i], 0.0, false, 1.0);
    REQUIRE(store.FinishRun(claims[i], golden::Completed(1, 40)));
  }
}

}  // namespace

TEST_CASE("two noisy seeds read undecided; ten seeds of two equal variants read \xE2\x89\x88 best",
          "[results][stats]") {
  ScratchDir dir("vs-best-power");
  const std::string path = dir.file("power.db");
  {
    Store store(path);
    // The leaderboard: 91.80% against 56.40% over two seeds each, Welch p = 0.204
    // (scipy 1.17 ttest_ind, equal_var=False): no test at 2 seeds can vouch for a tie.
    WriteVariants(store, "noisy", {{1e-3, {0.904, 0.932}}, {0.5, {0.444, 0.684}}});
    // Ten seeds of two variants with the same accuracies, spread 0.1 point: a tie it could see.
    std::vector<double> ten;
    for (int s = 0; s < 10; ++s) ten.push_back(0.98 + 0.001 * (s % 3));
    WriteVariants(store, "equal", {{1e-3, ten}, {3e-3, ten}});
  }
  StoreReader reader(path);
  const ResultSet set = ReadResultSet(reader, {});
  std::map<std::string, const Variant*> by;
  for (const Variant& v : set.variants) by[v.experiment + " " + v.label] = &v;
  const Variant& noisy = *by.at("noisy tiny lr=0.5");
  CHECK(noisy.vs_best == stats::Standing::kUndecided);
  CHECK_THAT(noisy.vs_best_p_adjusted, Catch::Matchers::WithinAbs(0.2040194713387352, 1e-9));
  CHECK(noisy.vs_best_seeds_needed == 5);  // scipy's noncentral t: power 0.929 at 5, 0.790 at 4
  const Variant& equal = *by.at("equal tiny lr=0.003");
  CHECK(equal.vs_best == stats::Standing::kIndistinguishable);
  CHECK(equal.vs_best_p_adjusted == 1.0);
  CHECK_FALSE(equal.vs_best_seeds_needed);  // no difference to separate
}
