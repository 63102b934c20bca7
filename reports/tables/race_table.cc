#include "reports/tables/race_table.h"

#include <fmt/format.h>

#include "reports/format/text_format.h"

namespace mnb {

std::vector<std::string> RaceExperiments(const ReportData& data) {
  std::vector<std::string> out;
  for (const std::string& experiment : data.experiments) {
    for (const RaceStanding& s : data.race) {
      if (s.experiment != experiment) continue;
      out.push_back(experiment);
      break;
    }
  }
  return out;
}

std::string RaceVerdictText(const RaceStanding& s) {
  if (s.verdict == "best") return "best: the race is decided";
  if (s.verdict == "below_best") {
    return s.p_adjusted ? "below the best (" + PText(*s.p_adjusted) + ", Holm, one-sided)"
                        : "below the best (Holm, one-sided)";
  }
  if (s.verdict == "tied") return "tied with the best: within the race's tie margin";
  if (s.verdict == "max_seeds") return "max seeds reached: still open at the top";
  if (s.verdict == "pruned" || s.verdict == "diverged" || s.verdict == "failed") {
    return s.verdict + ": out of the race";
  }
  return s.verdict;  // kRacing
}

TextTable RaceTable(const ReportData& data, const std::string& experiment) {
  TextTable t;
  t.header = {"variant", "seeds", "verdict", "mean val acc %", "best's mean val acc %"};
  t.right = {false, true, false, true, true};
  for (const RaceStanding& s : data.race) {
    if (s.experiment != experiment) continue;
    t.rows.push_back({s.label, std::to_string(s.seeds), RaceVerdictText(s), Percent(s.mean),
                      Percent(s.best_mean)});
  }
  return t;
}

std::string RaceNote(const ReportData& data, const std::string& experiment) {
  const auto alpha = data.race_alpha.find(experiment);
  return fmt::format(
      "The race judges validation accuracy, never test: each round tests every variant still "
      "racing against the round's best with a one-sided Welch test, Holm-corrected at "
      "\xCE\xB1 = {}; a variant below the best leaves the race, the others get one seed more, up "
      "to the race's max seeds, unless every one left is tied with the best (the 1 - 2\xCE\xB1 "
      "Welch interval of its difference lies within the race's tie margin). Seeds: the variant's runs; means: over the finished seeds its "
      "latest round saw.",
      alpha != data.race_alpha.end() ? Exact(alpha->second) : kMissing);
}

std::string RaceCsv(const ReportData& data) {
  std::string out;
  AppendCsvRecord(&out, {"experiment", "variant", "seeds", "unfinished", "rounds", "verdict",
                         "round_seeds", "p_adjusted", "mean_val_accuracy",
                         "best_mean_val_accuracy", "alpha"});
  for (const RaceStanding& s : data.race) {
    const auto alpha = data.race_alpha.find(s.experiment);
    AppendCsvRecord(&out, {s.experiment, s.label, std::to_string(s.seeds),
                           std::to_string(s.unfinished), std::to_string(s.rounds), s.verdict,
                           std::to_string(s.round_seeds), Exact(s.p_adjusted), Exact(s.mean),
                           Exact(s.best_mean),
                           alpha != data.race_alpha.end() ? Exact(alpha->second) : ""});
  }
  return out;
}

}  // namespace mnb
