// The report's display tables (reports/tables/tables.h) that the golden reports leave at small
// sizes: the budget table's rows for a long sweep.
#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "reports/tables/tables.h"

using namespace mnb;

namespace {

std::vector<std::string> Ks(const TextTable& t) {
  std::vector<std::string> ks;
  for (const auto& row : t.rows) ks.push_back(row[0]);
  return ks;
}

BudgetCurve Curve(size_t n) {
  BudgetCurve c{"sweep", "validation", {}};
  for (size_t k = 1; k <= n; ++k) c.expected.push_back(0.9 + 0.09 * (1.0 - 1.0 / static_cast<double>(k)));
  return c;
}

}  // namespace

TEST_CASE("budget table: 1-5, every fifth to 100, then 1-2-5 steps and N", "[reports][tables]") {
  CHECK(Ks(BudgetTable(Curve(12))) ==
        std::vector<std::string>{"1", "2", "3", "4", "5", "10", "12"});
  CHECK(Ks(BudgetTable(Curve(100))).size() == 5 + 19);  // 1-5, then 10, 15, ..., 100
  const std::vector<std::string> long_sweep = Ks(BudgetTable(Curve(19200)));
  CHECK(long_sweep.size() == 5 + 19 + 6 + 1);
  CHECK(std::vector<std::string>(long_sweep.end() - 7, long_sweep.end()) ==
        std::vector<std::string>{"200", "500", "1000", "2000", "5000", "10000", "19200"});
  const TextTable t = BudgetTable(Curve(19200));
  const std::vector<std::string>& k1000 = t.rows[t.rows.size() - 5];
  CHECK(k1000[0] == "1000");
  CHECK(k1000[1] == "98.99");  // E[best of 1000], as a percentage
}
