// [dataset] with `path` (harness/config/custom_dataset.h): the user's own files read into the
// RunSpec, each checksummed, and each defect one bad-input `FILE:LINE: [dataset] ...` line.
#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <string>
#include <string_view>

#include "harness/base/sha256.h"
#include "harness/config/custom_dataset.h"
#include "tests/error_matchers.h"
#include "tests/scratch_dir.h"

using namespace mnb;
using namespace mnb::testing;

namespace {

// A scratch experiment directory with data/ holding small files; their checksums are of their
// bytes, so any content does (nothing here reads them as images).
struct Fixture {
  ScratchDir dir{"custom-dataset"};
  std::string experiment = dir.file("e.toml");

  Fixture() {
    std::filesystem::create_directories(dir.path() / "data");
    Write("data/train.csv", "abc");
    Write("data/t-images", "img");
    Write("data/t-labels", "lab");
    Write("data/extra.csv", "label,pixel0\n1,0\n");
  }
  void Write(const std::string& name, const std::string& text) const {
    std::ofstream(dir.file(name), std::ios::binary) << text;
  }
  // `body` under [dataset] (line 1; its first key on line 2).
  RunSpec Parse(const std::string& body) const {
    const std::string text = "[dataset]\n" + body + "\n";
    const toml::table root = toml::parse(std::string_view(text), std::string_view(experiment));
    RunSpec spec;
    ParseCustomDataset(*root["dataset"].as_table(), experiment, &spec);
    return spec;
  }
  std::string Error(const std::string& body) const {
    try {
      Parse(body);
    } catch (const mnb::Error& e) {
      CHECK(e.kind() == ErrorKind::kBadInput);
      return e.what();
    }
    return "no error";
  }
};

const char* kGood = R"(name = "mine"
path = "data"
format = "csv"
train = "train.csv"
test = { images = "t-images", labels = "t-labels" }
eval = { extra = "extra.csv" }
val_size = 100)";

}  // namespace

TEST_CASE("custom dataset: files named, placed and checksummed", "[config][custom-data]") {
  const Fixture f;
  const RunSpec spec = f.Parse(kGood);
  CHECK(spec.dataset == "mine");
  const std::filesystem::path data = std::filesystem::absolute(f.dir.path() / "data");
  CHECK(spec.custom_data.dir == data.lexically_normal().string());
  REQUIRE(spec.custom_data.files.size() == 3);
  const CustomDataFile& train = spec.custom_data.files[0];
  CHECK(train.role == "train");
  CHECK(train.format == "csv");
  CHECK(train.file == "train.csv");
  CHECK(train.sha256 == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  const CustomDataFile& test = spec.custom_data.files[1];
  CHECK(test.role == "test");
  CHECK(test.format == "idx");  // a table is an IDX pair whatever the format
  CHECK(test.file == "t-images");
  CHECK(test.labels == "t-labels");
  CHECK(test.sha256 == Sha256Hex(Sha256Hex("img") + Sha256Hex("lab")));
  CHECK(spec.custom_data.files[2].role == "extra");
  CHECK(spec.custom_data.files[2].sha256 == Sha256Hex("label,pixel0\n1,0\n"));
}

TEST_CASE("custom dataset: idx by default, and an absolute path as given", "[config][custom-data]") {
  const Fixture f;
  const std::string abs = (f.dir.path() / "data").string();
  const RunSpec spec = f.Parse("name = \"mine\"\npath = \"" + abs + "/./\"\n"
                               "train = { images = \"t-images\", labels = \"t-labels\" }\n"
                               "test = { images = \"t-images\", labels = \"t-labels\" }");
  REQUIRE(spec.custom_data.files.size() == 2);
  CHECK(spec.custom_data.dir.find("/./") == std::string::npos);  // normalised
  CHECK(spec.custom_data.files[0].format == "idx");
  CHECK(spec.custom_data.files[0].sha256 == spec.custom_data.files[1].sha256);
  // Under idx, a plain file name is not an entry.
  CHECK(f.Error("name = \"mine\"\npath = \"data\"\ntrain = \"train.csv\"\n"
                "test = { images = \"t-images\", labels = \"t-labels\" }") ==
        f.experiment + ":4: [dataset] train (expected { images = \"...\", labels = \"...\" } "
                       "(IDX files))");
}

TEST_CASE("custom dataset: names, path and format refused as bad input", "[config][custom-data]") {
  const Fixture f;
  const RunSpec ok = f.Parse(kGood);  // the fixture is good; each case below breaks one thing
  CHECK(ok.custom_data.files.size() == 3);
  const std::string rest = "\nformat = \"csv\"\ntrain = \"train.csv\"\ntest = \"extra.csv\"";
  CHECK_THROWS_MATCHES(f.Parse("path = \"data\"" + rest), Error, IsKind(ErrorKind::kBadInput));
  CHECK(f.Error("path = \"data\"" + rest) ==
        f.experiment + ":1: [dataset] has no name (expected a name for your dataset, e.g. "
                       "\"kannada-full\")");
  CHECK(f.Error("name = \"mnist\"\npath = \"data\"" + rest) ==
        f.experiment + ":2: [dataset] name 'mnist' is a built-in dataset's (expected another "
                       "name for your own files)");
  CHECK(f.Error("name = \"\"\npath = \"data\"" + rest) ==
        f.experiment + ":2: [dataset] name is not a non-empty string (expected a name for your "
                       "dataset, e.g. \"kannada-full\")");
  CHECK_THAT(f.Error("name = \"mine\"\npath = \"nowhere\"" + rest),
             Catch::StartsWith(f.experiment + ":3: [dataset] path '") &&
                 Catch::Contains("nowhere' is not a directory"));
  CHECK(f.Error("name = \"mine\"\npath = 7" + rest) ==
        f.experiment + ":3: [dataset] path is not a non-empty string (expected a directory, "
                       "e.g. \"data/mine\")");
  CHECK(f.Error("name = \"mine\"\npath = \"data\"\nformat = \"parquet\"\ntrain = \"train.csv\"") ==
        f.experiment + ":4: [dataset] format 'parquet' (expected \"csv\" or \"idx\")");
}

TEST_CASE("custom dataset: entries and files refused as bad input", "[config][custom-data]") {
  const Fixture f;
  const std::string head = "name = \"mine\"\npath = \"data\"\nformat = \"csv\"\n";
  CHECK(f.Error(head + "train = \"train.csv\"") ==
        f.experiment + ":1: [dataset] has no test (expected a CSV file name, or { images = "
                       "\"...\", labels = \"...\" })");
  CHECK(f.Error(head + "train = \"train.csv\"\ntest = { images = \"t-images\" }") ==
        f.experiment + ":6: [dataset] has no test.labels (expected an IDX labels file)");
  CHECK(f.Error(head + "train = 3\ntest = \"extra.csv\"") ==
        f.experiment + ":5: [dataset] train (expected a CSV file name, or { images = \"...\", "
                       "labels = \"...\" })");
  CHECK(f.Error(head + "train = \"train.csv\"\ntest = \"extra.csv\"\neval = \"x.csv\"") ==
        f.experiment + ":7: [dataset] eval must be a table (expected e.g. { dig = "
                       "\"Dig-MNIST.csv\" })");
  for (const char* taken : {"train", "test", "mnist"}) {
    CHECK(f.Error(head + "train = \"train.csv\"\ntest = \"extra.csv\"\neval = { " + taken +
                  " = \"extra.csv\" }") ==
          f.experiment + ":7: [dataset] eval set name '" + taken +
              "' is taken (expected a name of your own)");
  }
  // A file that is not there names its path and role, on the entry's line.
  const std::string missing =
      f.Error(head + "train = \"train.csv\"\ntest = \"extra.csv\"\neval = { dig = \"gone.csv\" }");
  CHECK_THAT(missing, Catch::StartsWith(f.experiment + ":7: [dataset] ") &&
                          Catch::Contains("gone.csv: no such file (the dig eval set of this "
                                          "dataset) (expected a readable file)"));
  CHECK_THAT(f.Error(head + "train = \"nope.csv\"\ntest = \"extra.csv\""),
             Catch::StartsWith(f.experiment + ":5: [dataset] ") &&
                 Catch::Contains("nope.csv: no such file (the train split"));
}
