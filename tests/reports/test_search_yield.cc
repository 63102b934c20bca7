// A pruned search's yield (reports/tables/search_yield.h) on hand-made runs: a row only for
// experiments with a pruned run, its counts, epochs against the budget, and the best completed run.
#include <catch2/catch.hpp>

#include <optional>
#include <string>
#include <vector>

#include "reports/tables/search_yield.h"

using namespace mnb;

namespace {

RunSummaryRow Run(int64_t id, const std::string& experiment, const std::string& status,
                  int64_t epochs_done, std::optional<double> test_accuracy) {
  RunSummaryRow r;
  r.run_id = id;
  r.experiment = experiment;
  r.status = status;
  r.epochs = 10;
  r.epochs_done = epochs_done;
  r.test_accuracy = test_accuracy;
  r.label = "mlp lr=" + std::to_string(id);
  r.seed = id % 3;
  return r;
}

// "full": nothing pruned. "asha": runs interleaved with the others, two pruned (one of them with
// the highest accuracy, which does not count), a failed one, and a tie for the best completed.
// "dead": pruned and failed only. "empty": no runs at all.
ReportData Searches() {
  ReportData data;
  data.experiments = {"full", "asha", "dead", "empty"};
  data.runs = {Run(1, "asha", "completed", 10, 0.90),  Run(2, "full", "completed", 10, 0.99),
               Run(3, "asha", "pruned", 2, 0.999),     Run(4, "asha", "completed", 10, 0.95),
               Run(5, "dead", "pruned", 1, std::nullopt), Run(6, "asha", "failed", 3, std::nullopt),
               Run(7, "asha", "completed", 10, 0.95),  Run(8, "asha", "pruned", 4, 0.5),
               Run(9, "asha", "completed", 6, std::nullopt), Run(10, "dead", "failed", 0, std::nullopt)};
  return data;
}

}  // namespace

TEST_CASE("search yield: rows only for experiments with a pruned run, in report order",
          "[reports][search]") {
  const ReportData data = Searches();
  const std::vector<SearchYield> yields = SearchYields(data);
  REQUIRE(yields.size() == 2);
  CHECK(yields[0].experiment == "asha");
  CHECK(yields[1].experiment == "dead");

  const SearchYield& asha = yields[0];
  CHECK(asha.runs == 7);
  CHECK(asha.completed == 4);
  CHECK(asha.pruned == 2);
  CHECK(asha.epochs_trained == 10 + 2 + 10 + 3 + 10 + 4 + 6);
  CHECK(asha.epochs_budget == 70);
  // The highest completed accuracy; the earlier of two equal ones; a pruned run never.
  REQUIRE(asha.best_run.has_value());
  CHECK(*asha.best_run == 3);  // index of run 4
  CHECK(data.runs[*asha.best_run].run_id == 4);

  const SearchYield& dead = yields[1];
  CHECK(dead.runs == 2);
  CHECK(dead.completed == 0);
  CHECK(dead.pruned == 1);
  CHECK(dead.epochs_trained == 1);
  CHECK(dead.epochs_budget == 20);
  CHECK_FALSE(dead.best_run.has_value());

  ReportData unpruned = data;
  for (RunSummaryRow& r : unpruned.runs) {
    if (r.status == "pruned") r.status = "completed";
  }
  CHECK(SearchYields(unpruned).empty());
}

TEST_CASE("search yield: the table's columns and formatted numbers", "[reports][search]") {
  ReportData data = Searches();
  data.runs[0].epochs = 12000;  // a budget past a thousand is grouped
  const std::vector<SearchYield> yields = SearchYields(data);
  const TextTable t = SearchYieldTable(data, yields);
  CHECK(t.header == std::vector<std::string>{"experiment", "runs", "completed", "pruned",
                                             "epochs trained", "full budget", "spent",
                                             "best found", "test acc %"});
  CHECK(t.right == std::vector<bool>{false, true, true, true, true, true, true, false, true});
  REQUIRE(t.rows.size() == 2);
  // 45 of 12,060 epochs: 0.37%, shown as 0%.
  CHECK(t.rows[0] == std::vector<std::string>{"asha", "7", "4", "2", "45", "12,060", "0%",
                                              "run 4: mlp lr=4 (seed 1)", "95.00"});
  CHECK(t.rows[1] == std::vector<std::string>{"dead", "2", "0", "1", "1", "20", "5%",
                                              "\xE2\x80\x94", "\xE2\x80\x94"});
  const TextTable plain = SearchYieldTable(Searches(), SearchYields(Searches()));
  CHECK(plain.rows[0][6] == "64%");  // 45 of 70
  CHECK(SearchYieldTable(data, {}).rows.empty());
}

TEST_CASE("search yield: a budget of zero epochs spends 0%", "[reports][search]") {
  ReportData data;
  data.experiments = {"zero"};
  RunSummaryRow r = Run(1, "zero", "pruned", 0, std::nullopt);
  r.epochs = 0;
  data.runs = {r};
  const TextTable t = SearchYieldTable(data, SearchYields(data));
  REQUIRE(t.rows.size() == 1);
  CHECK(t.rows[0][4] == "0");
  CHECK(t.rows[0][5] == "0");
  CHECK(t.rows[0][6] == "0%");
  CHECK_THAT(kSearchYieldNote, Catch::Contains("highest final test accuracy"));
}
