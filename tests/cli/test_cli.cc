// The mnistbench executable end to end: output formats, exit codes, one-line errors.
#include <catch2/catch.hpp>

#include <nlohmann/json.hpp>

#include <filesystem>
#include <fstream>

#include "harness/data/idx.h"
#include "tests/cli_runner.h"
#include "tests/golden_race_db.h"

using namespace mnb::testing;
using mnb::ReadDecodedFile;

TEST_CASE("models --format csv lists every zoo entry with exact parameters", "[cli]") {
  const CliResult r = RunCli("models --format csv");
  REQUIRE(r.exit_code == 0);
  const auto lines = r.OutLines();
  REQUIRE(lines.size() >= 11);
  CHECK(lines[0] ==
        "name,params,description,published_accuracy,dataset,framework,optimizer,lr,momentum,"
        "adam_eps,loss,batch_size,epochs,init,input_scale,val_size");
  CHECK_THAT(r.out, Catch::Contains("\ncnn-seed004,214538,") &&
                        Catch::Contains(",99,mnist,PyTorch,adam,0.001,0,1e-08,ce,64,20,torch,unit,"
                                        "12000\n"));
  CHECK_THAT(r.out, Catch::Contains("\nmnb-vgg,468458,") && Catch::Contains(",,,,,,,,,,,,,\n"));
  CHECK_THAT(r.out, Catch::Contains("\nlenet5,61706,"));
  CHECK_THAT(r.out, Catch::Contains("\nfcnn-seed004,535818,"));
  CHECK_THAT(r.out, Catch::Contains("\nmlp-seed003,9862,"));
}

TEST_CASE("models table shows MFLOPs", "[cli]") {
  const CliResult r = RunCli("models");
  REQUIRE(r.exit_code == 0);
  CHECK_THAT(r.out, Catch::Contains("MFLOPs"));
  CHECK_THAT(r.out, Catch::Contains("cnn-seed004"));
}

TEST_CASE("models shows each seed's source, published accuracy and recipe", "[cli]") {
  const CliResult r = RunCli("models");
  REQUIRE(r.exit_code == 0);
  CHECK_THAT(r.out, Catch::Contains("published"));
  CHECK_THAT(r.out, Catch::Contains("97.31%"));
  CHECK_THAT(r.out, Catch::Contains("    source:  seed 003 (Keras): Adam, MSE"));
  CHECK_THAT(r.out, Catch::Contains("    recipe:  Keras: adam lr=0.001 adam_eps=1e-07 loss=mse "
                                    "batch=32 epochs=5 init=keras input_scale=unit val=0"));
  CHECK_THAT(r.out, Catch::Contains("    recipe:  Keras: sgd lr=0.01 momentum=0 loss=mse"));
}

TEST_CASE("train --recipe published --dry-run prints the resolved recipe; flags win", "[cli]") {
  CliResult r = RunCli("train --device cpu --model cnn5-seed003 --recipe published --dry-run");
  INFO(r.err);
  REQUIRE(r.exit_code == 0);
  CHECK_THAT(r.out, Catch::Contains("train cnn5-seed003 on mnist: 9940 params, adam mse lr 0.001 "
                                    "batch 32 epochs 5 seed 1 val=0 init=keras input_scale=unit "
                                    "adam_eps=1e-07 lr_schedule=constant"));
  CHECK_THAT(r.out, Catch::Contains("dry run"));
  r = RunCli("train --device cpu --model cnn-seed004 --recipe published --epochs 3 --val-size 100 "
             "--init keras --dry-run");
  REQUIRE(r.exit_code == 0);
  CHECK_THAT(r.out, Catch::Contains("batch 64 epochs 3 seed 1 val=100 init=keras "
                                    "input_scale=unit adam_eps=1e-08"));
}

TEST_CASE("run --dry-run prints every resolved recipe value of seeds.toml", "[cli][torch]") {
  const CliResult r = RunCli("run --device cpu '" MNISTBENCH_SOURCE_DIR "/experiments/seeds.toml' --dry-run");
  INFO(r.err);
  REQUIRE(r.exit_code == 0);
  CHECK_THAT(r.out, Catch::Contains("27 run(s) in experiment 'seeds'"));
  CHECK_THAT(r.out, Catch::Contains("adam ce lr=0.001 batch=64 epochs=20 seed=3 params=214538 "
                                    "val=12000 init=torch input_scale=unit adam_eps=1e-08"));
  CHECK_THAT(r.out, Catch::Contains("sgd mse lr=0.01 batch=32 epochs=30 seed=1 params=9862 val=0 "
                                    "init=keras input_scale=unit momentum=0"));
}

TEST_CASE("bad profile keys and recipes through the binary: one line, exit 2", "[cli][torch]") {
  ScratchDir dir("badrecipe");
  const std::string file = dir.file("bad.toml");
  std::ofstream(file) << "[dataset]\nname = \"mnist\"\n[[model]]\nname = \"mnb-vgg\"\n"
                         "recipe = \"published\"\n";
  CliResult r = RunCli("run --device cpu '" + file + "' --dry-run");
  CHECK(r.exit_code == 2);
  CHECK(r.err == file + ":5: model 'mnb-vgg' has no published recipe (it is not a seed "
                        "project's model; expected one of the seed models: mlp-seed003, "
                        "cnn5-seed003, lenet5, lenet5-conv4-tanh, lenet5-conv4-tanh-fc2, "
                        "cnn-seed001, fcnn-seed004, cnn-seed004, kannada-cnn-seed000)\n");
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"train --init he", "--init"},
      {"train --input-scale minmax", "--input-scale"},
      {"train --adam-eps 0", "--adam-eps"},
      {"train --recipe keras", "--recipe: unknown recipe 'keras' (expected \"published\")"},
      {"train --layers 'flatten, dense(10)' --recipe published", "inline layer list"},
  };
  for (const auto& [args, expected] : cases) {
    INFO(args);
    r = RunCli(args + " --dry-run");
    CHECK(r.exit_code == 2);
    CHECK_THAT(r.err, Catch::Contains(expected));
    CHECK(std::count(r.err.begin(), r.err.end(), '\n') == 1);
  }
}

TEST_CASE("bad flags and names are one line on stderr and exit code 2", "[cli][torch]") {
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"train --model lenet6", "unknown model 'lenet6'"},
      {"train --batch-size 0", "--batch-size"},
      {"train --optimizer adamw", "--optimizer"},
      {"train --lr -1", "--lr"},
      {"train --dataset mnist2", "unknown dataset 'mnist2'"},
      {"train --eval-on nope", "--eval-on 'nope'"},
      {"train -O activation=gelu", "relu | tanh"},
      {"train --layers 'flatten, dense(12)'", "expected 10 class scores"},
      {"train --device cuda:7", "device 'cuda:7'"},
      {"frobnicate", "unknown command 'frobnicate'"},
  };
  for (const auto& [args, expected] : cases) {
    INFO(args);
    const CliResult r = RunCli(args + " --data-dir " + DataDir());
    CHECK(r.exit_code == 2);
    CHECK_THAT(r.err, Catch::Contains(expected));
    CHECK(std::count(r.err.begin(), r.err.end(), '\n') == 1);
  }
}

TEST_CASE("a missing data directory names the file and how to fix it", "[cli][torch]") {
  ScratchDir empty("nodata");
  const CliResult r = RunCli("train --device cpu --data-dir " + empty.path().string());
  CHECK(r.exit_code == 2);
  CHECK_THAT(r.err, Catch::Contains("train-images-idx3-ubyte") && Catch::Contains("missing"));
}

TEST_CASE("train --json ends with one JSON object of the final metrics", "[cli][torch]") {
  const CliResult r = RunCli("train --device cpu --model lenet5 --dataset mnist --limit-train 3000 "
                             "--limit-test 1000 --val-size 500 --epochs 1 --threads 2 --json "
                             "--data-dir " + DataDir());
  INFO(r.err);
  REQUIRE(r.exit_code == 0);
  const auto lines = r.OutLines();
  REQUIRE(!lines.empty());
  CHECK_THAT(r.out, Catch::Contains("epoch 1/1"));
  const auto j = nlohmann::json::parse(lines.back());
  for (const char* key : {"model", "dataset", "params", "epochs", "test_accuracy", "test_loss",
                          "seconds", "val_accuracy", "status"}) {
    INFO(key);
    CHECK(j.contains(key));
  }
  CHECK(j["model"] == "lenet5");
  CHECK(j["params"] == 61706);
  CHECK(j["status"] == "completed");
  CHECK(j["test_accuracy"].get<double>() > 0.8);
}

TEST_CASE("data list and verify on the real data directory", "[cli][data]") {
  const CliResult list = RunCli("data list --data-dir " + DataDir());
  REQUIRE(list.exit_code == 0);
  CHECK_THAT(list.out, Catch::Contains("mnist") && Catch::Contains("present"));
  const CliResult verify = RunCli("data verify mnist --data-dir " + DataDir());
  CHECK(verify.exit_code == 0);
  CHECK_THAT(verify.out, Catch::Contains("t10k-labels-idx1-ubyte") && Catch::Contains("ok"));
}

TEST_CASE("data verify flags a corrupted copy and exits 2", "[cli][data]") {
  ScratchDir dir("verify");
  std::filesystem::create_directories(dir.path() / "mnist");
  // Decoded copies, whether the data folder holds the files raw or gzipped.
  for (const char* f : {"train-images-idx3-ubyte", "train-labels-idx1-ubyte",
                        "t10k-images-idx3-ubyte"}) {
    std::ofstream(dir.path() / "mnist" / f, std::ios::binary)
        << ReadDecodedFile(StoredPath(DataDir() + "/mnist/" + f));
  }
  // Same length, one label changed: only the checksum can tell.
  std::string labels = ReadDecodedFile(StoredPath(DataDir() + "/mnist/t10k-labels-idx1-ubyte"));
  labels[100] = static_cast<char>((labels[100] + 1) % 10);
  std::ofstream(dir.path() / "mnist" / "t10k-labels-idx1-ubyte", std::ios::binary) << labels;
  const CliResult r = RunCli("data verify mnist --data-dir " + dir.path().string());
  CHECK(r.exit_code == 2);
  CHECK_THAT(r.out, Catch::Contains("MISMATCH"));
  CHECK_THAT(r.out, Catch::Contains("train-images-idx3-ubyte") && Catch::Contains("ok"));
}

// The front end must not load LibTorch (issue: `status` took half a second): the loader maps
// what ldd lists, so a libtorch or libc10 there would be loaded by every command.
TEST_CASE("the front end links no LibTorch; mnistbench-torch beside it does", "[cli][torch]") {
  const std::string front = MNISTBENCH_BINARY;
  const std::string torch =
      (std::filesystem::path(front).parent_path() / "mnistbench-torch").string();
  const CliResult front_libs = RunShell("ldd '" + front + "'");
  REQUIRE(front_libs.exit_code == 0);
  CHECK_THAT(front_libs.out, !Catch::Contains("libtorch") && !Catch::Contains("libc10"));
  const CliResult torch_libs = RunShell("ldd '" + torch + "'");
  REQUIRE(torch_libs.exit_code == 0);
  CHECK_THAT(torch_libs.out, Catch::Contains("libtorch") || Catch::Contains("libc10"));
}

TEST_CASE("train without mnistbench-torch beside the front end says so, exit 1", "[cli]") {
  ScratchDir scratch("lonely-front-end");
  const std::string copy = scratch.file("mnistbench");
  std::filesystem::copy_file(MNISTBENCH_BINARY, copy);
  std::filesystem::permissions(copy, std::filesystem::perms::owner_all);
  const CliResult r = RunShell("'" + copy + "' train --model lenet5 --epochs 1 --limit-train 100");
  CHECK(r.exit_code == 1);
  CHECK_THAT(r.err, Catch::Contains("cannot start " + scratch.file("mnistbench-torch")));
  // Commands that do not train still work alone.
  const CliResult models = RunShell("'" + copy + "' models --format csv");
  CHECK(models.exit_code == 0);
}

TEST_CASE("status adds one race line to a raced experiment, none to the others", "[cli][race]") {
  ScratchDir dir("status-race");
  const std::string db = dir.file("race.db");
  BuildGoldenRaceDb(db);
  const CliResult r = RunCli("status --db '" + db + "'");
  INFO(r.err);
  REQUIRE(r.exit_code == 0);
  CHECK_THAT(r.out, Catch::Contains("\n  race: 2 of 5 variant(s) still racing at 4 seeds; 2 below "
                                    "the best, 1 diverged; at most 4 more run(s)\n"));
  CHECK_THAT(r.out, Catch::Contains("\n  race: 0 of 6 variant(s) still racing; 1 best, 1 below the "
                                    "best, 2 at max seeds, 1 pruned, 1 failed\n"));
  size_t lines = 0;
  for (const std::string& line : r.OutLines()) lines += line.find("race: ") == 2 ? 1 : 0;
  CHECK(lines == 2);  // the four experiments without a race say nothing of one
}
