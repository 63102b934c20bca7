// The defects the first fuzzing probe found (issue 30), each kept as a regression: a layer list
// whose int64 arithmetic wrapped into a plausible model, a CSV whose buffer grew with the square
// of the file, SQL with a NUL byte that looped forever, and the URL id 0.
#include <catch2/catch.hpp>

#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <fstream>
#include <string>

#include "harness/base/error.h"
#include "harness/config/experiment.h"
#include "harness/data/csv.h"
#include "harness/data/data_error.h"
#include "harness/data/idx.h"
#include "harness/serve/routes.h"
#include "harness/store/read_only_query.h"
#include "harness/store/store.h"
#include "models/layer_spec.h"
#include "tests/cli_runner.h"
#include "tests/scratch_dir.h"
#include "tests/test_support.h"

using namespace mnb;
using namespace mnb::testing;

namespace {

// The probe's minimal inputs: each passed `run --dry-run` before, wrapping back to 784 features.
const char* const kOverflowingLayers[] = {
    "pad(4611686018427387904), flatten, dense(10)",
    "conv(1,k=1,pad=4611686018427387904), flatten, dense(10)",
    "conv(1,k=3037000500,pad=1518500250), flatten, dense(10)",
    "conv(3037000500,k=1),conv(3037000500,k=1), flatten, dense(10)",
    "conv(9223372036854775807,k=1), flatten, dense(10)",
    "conv(11764850384631190,k=1), flatten, dense(10)",
    "pad(1518500237),flatten, dense(10)",
    "flatten,dense(11764850384631190), dense(10)",
    // Within each argument's limit, but not together: caught by the bounded products.
    "conv(65536,k=65536), flatten, dense(10)",
    "pad(32768), pad(32768), flatten, dense(10)",
    "conv(65536,k=3,pad=1), flatten, dense(65536), dense(10)",
};

// VmData of this process, in bytes (private writable memory: what RLIMIT_DATA counts).
long VmDataBytes() {
  std::ifstream status("/proc/self/status");
  std::string key;
  long kb = 0;
  while (status >> key) {
    if (key == "VmData:") {
      status >> kb;
      return kb * 1024;
    }
    status.ignore(4096, '\n');
  }
  return 0;
}

}  // namespace

TEST_CASE("layer lists that overflowed int64 are one clear error", "[models][limits]") {
  for (const char* layers : kOverflowingLayers) {
    INFO(layers);
    CHECK_THROWS_AS(InferShapes(ParseLayerList(layers)), LayerListError);
  }
  CHECK_THROWS_WITH(ParseLayerList("pad(4611686018427387904)"),
                    Catch::Contains("pixels must be an integer in 0..65536"));
  CHECK_THROWS_WITH(InferShapes(ParseLayerList("conv(65536,k=3,pad=32000), flatten, dense(10)")),
                    Catch::Contains("exceed the limit of 1099511627776"));
  // The largest arguments still pass where the model is sane.
  CHECK(InferShapes(ParseLayerList("pad(100), flatten, dense(10)")).back().output ==
        Shape{10});
}

TEST_CASE("an overflowing layer list in an experiment file: one line, exit 2",
          "[models][cli][torch]") {
  ScratchDir dir("layer-overflow");
  const std::string file = dir.file("overflow.toml");
  std::ofstream(file) << "name = \"overflow\"\n[dataset]\nname = \"mnist\"\n[[model]]\n"
                         "name = \"wrapped\"\nlayers = \"pad(4611686018427387904), flatten, "
                         "dense(10)\"\n";
  const CliResult r = RunCli("run --dry-run '" + file + "'");
  INFO(r.out << r.err);
  CHECK(r.exit_code == 2);
  CHECK(std::count(r.err.begin(), r.err.end(), '\n') == 1);
  CHECK_THAT(r.err, Catch::Contains("overflow.toml") && Catch::Contains("pad"));
}

TEST_CASE("a CSV of few bytes and many columns and lines stays small in memory",
          "[data][csv][limits]") {
  // The probe's file: `label` + 52,900 commas (230x230 pixels), then 52,900 newlines, 105 KB.
  // It once sized its buffer (lines x pixels) at 2.8 GB before reading a row.
  ScratchDir dir("csv-square");
  const std::string path = dir.file("wide.csv");
  std::ofstream(path) << "label" << std::string(52900, ',') << std::string(52900, '\n');
  const pid_t child = fork();
  if (child == 0) {
    // 256 MB above what this process already holds: far above a linear reader's need.
    const rlim_t limit = static_cast<rlim_t>(VmDataBytes()) + (rlim_t{256} << 20);
    const struct rlimit data = {limit, limit};
    if (setrlimit(RLIMIT_DATA, &data) != 0) _exit(3);
    try {
      ReadKaggleCsv(path);
    } catch (const DataError&) {
      _exit(0);  // the clean path: one error naming the file and line
    } catch (const std::bad_alloc&) {
      _exit(1);
    } catch (...) {
      _exit(2);
    }
    _exit(4);  // read without error: wrong too
  }
  int status = 0;
  REQUIRE(waitpid(child, &status, 0) == child);
  REQUIRE(WIFEXITED(status));
  CHECK(WEXITSTATUS(status) == 0);
  // A side past the stated limit is refused at the header.
  const std::string huge = dir.file("huge.csv");
  std::ofstream(huge) << "label" << std::string(1025 * 1025, ',') << "\n";
  CHECK_THROWS_WITH(ReadKaggleCsv(huge), Catch::Contains(":1: 1050626 columns, images of side "
                                                         "1025 (expected at most 1024x1024)"));
}

TEST_CASE("query SQL with a NUL byte is bad input, not an endless loop", "[query][limits]") {
  ScratchDir dir("query-nul");
  const std::string path = dir.file("q.db");
  { Store create(path); }
  Database db(path, Database::Mode::kReadOnly);
  for (const std::string sql : {std::string("\0", 1), std::string("00\0", 3),
                                std::string("SELECT 1;\0", 10), std::string("SELECT 1;\0 x", 12)}) {
    INFO(sql.size());
    CHECK_THROWS_WITH(RunReadOnlyQuery(db, sql), Catch::Contains("NUL byte at offset"));
  }
  CHECK(RunReadOnlyQuery(db, "SELECT 1; -- and a comment").size() == 1);
}

TEST_CASE("URL ids are positive: 0 is no id", "[serve][limits]") {
  CHECK_FALSE(ParseUrlId("0"));
  CHECK_FALSE(ParseUrlId("0000"));
  CHECK(ParseUrlId("01") == 1);
}

TEST_CASE("plans, trials, layer lists and files past their stated limits are one clear error",
          "[config][limits]") {
  // A grid whose product passes the limit is refused before one run is built.
  std::string grid = "1";
  for (int i = 2; i <= 120; ++i) grid += ", " + std::to_string(i);
  const std::string huge = "name = \"g\"\n[dataset]\nname = \"mnist\"\n[grid]\nseed = [" + grid +
                           "]\nbatch_size = [" + grid + "]\nepochs = [" + grid +
                           "]\n[[model]]\nname = \"lenet5\"\n";
  CHECK_THROWS_WITH(ExpandPlan(ParseExperiment(huge, "g.toml")),
                    Catch::StartsWith("g.toml:8: model 'lenet5' makes the plan larger than "
                                      "1000000 runs"));
  // The limit is the plan's, over every model block: 2 x 60 runs with a limit of 100.
  const std::string two = "name = \"t\"\n[dataset]\nname = \"mnist\"\n[grid]\nseed = [" +
                          grid.substr(0, grid.find(", 61")) +
                          "]\n[[model]]\nname = \"lenet5\"\n[[model]]\nname = \"mlp\"\n"
                          "layers = \"flatten, dense(10)\"\n";
  CHECK(ExpandPlan(ParseExperiment(two, "t.toml"), 120).runs.size() == 120);
  CHECK_THROWS_WITH(ExpandPlan(ParseExperiment(two, "t.toml"), 100),
                    Catch::StartsWith("t.toml:8: model 'mlp' makes the plan larger than 100"));
  // Trials are bounded where they are read.
  CHECK_THROWS_WITH(ParseExperiment("name = \"s\"\n[dataset]\nname = \"mnist\"\nval_size = 9\n"
                                    "[search]\nmethod = \"random\"\ntrials = 1000001\n"
                                    "[[model]]\nname = \"lenet5\"\n",
                                    "s.toml"),
                    Catch::StartsWith("s.toml:7: [search] trials = 1000001 (expected at most "
                                      "1000000"));
  // Layers per list.
  std::string layers = "flatten";
  for (int i = 0; i < 1024; ++i) layers += ", relu";
  CHECK_THROWS_WITH(ParseLayerList(layers), Catch::Contains("more than 1024 layers"));
  CHECK(ParseLayerList(layers.substr(0, layers.rfind(", relu"))).size() == 1024);
  // Experiment files: 1 MiB.
  ScratchDir dir("limits-files");
  const std::string big = dir.file("big.toml");
  std::ofstream(big) << "# " << std::string(kMaxExperimentBytes, 'x') << "\n";
  CHECK_THROWS_WITH(LoadExperiment(big), Catch::Contains("big.toml:1: the experiment file is "
                                                         "larger than 1048576 bytes"));
  // Decoded data: a stream that decodes past the limit stops there (4 GiB by default; a small
  // limit here, so the test stays small).
  const std::string text = dir.file("text.csv");
  std::ofstream(text) << std::string(5000, 'x');
  CHECK(ReadDecodedFile(text, 5000).size() == 5000);
  CHECK_THROWS_WITH(ReadDecodedFile(text, 4999), Catch::Contains("decodes to more than 4999 bytes"));
}
