// The names of a run's files: how they are built, and that each one parses back to what it is.
#include <catch2/catch.hpp>

#include <string>

#include "harness/base/artifact_layout.h"

using namespace mnb;

TEST_CASE("a run's files are named beside its database", "[base][layout]") {
  CHECK(RunArtifactDir("results/sweep.db", 7) == "results/sweep.db.artifacts/7");
  CHECK(RunArtifactDir("/abs/m.db", 12345) == "/abs/m.db.artifacts/12345");
  const std::string dir = RunArtifactDir("m.db", 3);
  CHECK(CheckpointPath(dir, 1) == "m.db.artifacts/3/epoch-1.pt");
  CHECK(CheckpointPath("ckpt/", 12) == "ckpt/epoch-12.pt");  // a --checkpoint-dir with a slash
  CHECK(FinalModelPath(dir) == "m.db.artifacts/3/model.pt");
  CHECK(TempPath(FinalModelPath(dir), 4242) == "m.db.artifacts/3/model.pt.4242.tmp");
}

TEST_CASE("every name the layout writes parses back to what it is", "[base][layout]") {
  ArtifactFile file;
  REQUIRE(ParseArtifactFileName("epoch-1.pt", &file));
  CHECK(file.type == ArtifactFileType::kCheckpoint);
  CHECK(file.epoch == 1);
  REQUIRE(ParseArtifactFileName("epoch-250.pt", &file));
  CHECK(file.epoch == 250);

  REQUIRE(ParseArtifactFileName("model.pt", &file));
  CHECK(file.type == ArtifactFileType::kFinalModel);

  REQUIRE(ParseArtifactFileName("epoch-9.pt.31337.tmp", &file));
  CHECK(file.type == ArtifactFileType::kTemp);
  CHECK(file.temp_of == ArtifactFileType::kCheckpoint);
  CHECK(file.epoch == 9);
  REQUIRE(ParseArtifactFileName("model.pt.7.tmp", &file));
  CHECK(file.type == ArtifactFileType::kTemp);
  CHECK(file.temp_of == ArtifactFileType::kFinalModel);

  // Round trip through the builders, file name only.
  for (int64_t epoch : {1, 2, 10, 999999}) {
    const std::string name = CheckpointPath("", epoch);
    REQUIRE(ParseArtifactFileName(name, &file));
    CHECK(file.type == ArtifactFileType::kCheckpoint);
    CHECK(file.epoch == epoch);
  }
}

TEST_CASE("names the layout does not write are not taken for artifacts", "[base][layout]") {
  ArtifactFile file;
  for (const char* name :
       {"", "epoch-.pt", "epoch-0.pt", "epoch-01.pt", "epoch--1.pt", "epoch-3.pth",
        "epoch-3.pt.bak", "epoch-x.pt", "Epoch-3.pt", "model.pth", "model.pt.tmp",
        "model.pt.abc.tmp", "model.pt.-1.tmp", "notes.txt.12.tmp", "epoch-3.pt.12.tmp.tmp",
        "epoch-99999999999999999999.pt", "report.md"}) {
    INFO("'" << name << "'");
    CHECK_FALSE(ParseArtifactFileName(name, &file));
  }
}
