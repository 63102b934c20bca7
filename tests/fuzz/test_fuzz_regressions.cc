// Every input in fuzz/regressions/ (a crash, hang, overflow or blow-up the fuzzers or the first
// probe found, issue 30) replayed in the ordinary suite, in every build: each is refused with
// the project's own error, bad input, in one line, and an experiment file among them is one
// error line and exit 2 from the binary too.
#include <catch2/catch.hpp>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include "harness/base/error.h"
#include "harness/config/experiment.h"
#include "harness/data/csv.h"
#include "harness/data/idx.h"
#include "harness/serve/routes.h"
#include "harness/store/read_only_query.h"
#include "harness/store/store.h"
#include "models/layer_spec.h"
#include "tests/cli_runner.h"
#include "tests/scratch_dir.h"

using namespace mnb;
using namespace mnb::testing;
namespace fs = std::filesystem;

namespace {

std::vector<fs::path> Regressions(const std::string& target) {
  std::vector<fs::path> files;
  for (const auto& entry :
       fs::directory_iterator(fs::path(MNISTBENCH_SOURCE_DIR) / "fuzz" / "regressions" / target)) {
    files.push_back(entry.path());
  }
  std::sort(files.begin(), files.end());
  return files;
}

std::string Bytes(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

// Runs `body` and checks it throws an Error of kind bad input whose message is one line.
template <typename Body>
void CheckRefused(const fs::path& input, Body&& body) {
  INFO(input.filename().string());
  try {
    body();
    FAIL("accepted");
  } catch (const Error& e) {
    CHECK(e.kind() == ErrorKind::kBadInput);
    CHECK(std::string(e.what()).find('\n') == std::string::npos);
  }
}

}  // namespace

TEST_CASE("fuzz regressions: layer lists and experiment files are bad input",
          "[fuzz][models][config]") {
  const auto layers = Regressions("layers");
  CHECK(layers.size() >= 8);
  for (const fs::path& f : layers) {
    CheckRefused(f, [&] { InferShapes(ParseLayerList(Bytes(f))); });
  }
  const auto experiments = Regressions("experiment");
  CHECK(experiments.size() >= 6);
  for (const fs::path& f : experiments) {
    CheckRefused(f, [&] { ExpandPlan(ParseExperiment(Bytes(f), f.filename().string())); });
  }
}

TEST_CASE("fuzz regressions: IDX and CSV files, SQL and request paths are refused cleanly",
          "[fuzz][data][query][serve]") {
  ScratchDir dir("fuzz-regressions");
  // tiny-file-announcing-13-gb, tiny-labels-file-announcing-822-mb: a few bytes whose header
  // announces gigabytes; refused as truncated after at most the reader's 16 MiB first chunk.
  const auto idx = Regressions("idx");
  CHECK(idx.size() >= 2);
  for (const fs::path& f : idx) {
    const std::string file = dir.file(f.filename().string());
    std::ofstream(file, std::ios::binary) << Bytes(f);
    CheckRefused(f, [&] { ReadIdx(file); });
  }
  for (const fs::path& f : Regressions("csv")) {
    const std::string csv = dir.file(f.filename().string());
    std::ofstream(csv, std::ios::binary) << Bytes(f).substr(1);  // byte 0 picks the target's path
    CheckRefused(f, [&] { ReadKaggleCsv(csv); });
  }
  const std::string db = dir.file("q.db");
  { Store create(db); }
  Database read_only(db, Database::Mode::kReadOnly);
  for (const fs::path& f : Regressions("query")) {
    CheckRefused(f, [&] { RunReadOnlyQuery(read_only, Bytes(f)); });
  }
  ServeSettings settings;
  settings.db_path = db;
  for (const fs::path& f : Regressions("serve")) {
    INFO(f.filename().string());
    CHECK(Respond(settings, Bytes(f), {}).status == 400);  // ids are positive: 0 is malformed
  }
}

TEST_CASE("fuzz regressions: each experiment file is one error line and exit 2 from the binary",
          "[fuzz][cli][torch]") {
  for (const fs::path& f : Regressions("experiment")) {
    const CliResult r = RunCli("run --dry-run '" + f.string() + "'");
    INFO(f.filename().string() << ": " << r.err);
    CHECK(r.exit_code == 2);
    CHECK(std::count(r.err.begin(), r.err.end(), '\n') == 1);
    CHECK_THAT(r.err, Catch::Contains(f.filename().string()));
  }
}
