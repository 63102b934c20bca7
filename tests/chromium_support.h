// Headless Debian Chromium for the tests that check pages as a browser sees them: a screenshot,
// the DOM after parsing, and what the browser logged (console messages, CSP refusals).
//
// Contract: HaveChromium() says whether /usr/bin/chromium (or `chromium` on PATH) exists; callers
// skip with a WARN when not. Chromium runs with its own throwaway profile in `dir`, under
// `timeout 120` (a hang guard), and each call FAILS the test when Chromium exits non-zero.
// Screenshot returns its stderr log (--enable-logging=stderr --v=0); DumpDom returns the DOM.
// BrowserComplaints returns the log lines a page without script should never cause: any console
// message (CSP violations and failed loads are logged there), uncaught exceptions, refusals.
#ifndef MNISTBENCH_TESTS_CHROMIUM_SUPPORT_H_
#define MNISTBENCH_TESTS_CHROMIUM_SUPPORT_H_

#include <catch2/catch.hpp>
#include <fmt/format.h>

#include <cstdlib>
#include <sstream>
#include <string>
#include <vector>

#include "tests/cli_runner.h"
#include "tests/scratch_dir.h"

namespace mnb::testing {

inline bool HaveChromium() { return std::system("command -v chromium >/dev/null 2>&1") == 0; }

inline std::string RunChromium(const ScratchDir& dir, const std::string& flags,
                               const std::string& url) {
  const std::string out = dir.file("chromium.out"), log = dir.file("chromium.log");
  const std::string command = fmt::format(
      "timeout 120 chromium --headless --no-sandbox --disable-gpu --disable-dev-shm-usage "
      "--hide-scrollbars --no-first-run --enable-logging=stderr --v=0 --user-data-dir='{}' {} "
      "'{}' >'{}' 2>'{}'",
      dir.file("profile"), flags, url, out, log);
  const int status = std::system(command.c_str());
  INFO(command << "\n" << ReadAll(log));
  REQUIRE(status == 0);
  return ReadAll(out) + "\n\x1e" + ReadAll(log);  // stdout, a record separator, stderr
}

inline std::string StdoutOf(const std::string& both) { return both.substr(0, both.rfind("\n\x1e")); }
inline std::string StderrOf(const std::string& both) { return both.substr(both.rfind("\n\x1e") + 2); }

// Returns Chromium's log.
inline std::string Screenshot(const ScratchDir& dir, const std::string& url,
                              const std::string& png) {
  return StderrOf(RunChromium(dir, "--window-size=1200,900 --screenshot='" + png + "'", url));
}

inline std::string DumpDom(const ScratchDir& dir, const std::string& url) {
  return StdoutOf(RunChromium(dir, "--dump-dom", url));
}

inline std::vector<std::string> BrowserComplaints(const std::string& log) {
  std::vector<std::string> bad;
  std::istringstream in(log);
  for (std::string line; std::getline(in, line);) {
    // Our pages run no script, so any console message at all (":CONSOLE(12)" or, in newer
    // Chromium, ":CONSOLE:12]") is the browser complaining: a CSP violation, a failed load.
    if (line.find(":CONSOLE") != std::string::npos || line.find("Uncaught") != std::string::npos ||
        line.find("Refused to") != std::string::npos ||
        line.find("Content Security Policy") != std::string::npos ||
        line.find("Failed to load resource") != std::string::npos) {
      bad.push_back(line);
    }
  }
  return bad;
}

}  // namespace mnb::testing

#endif  // MNISTBENCH_TESTS_CHROMIUM_SUPPORT_H_
