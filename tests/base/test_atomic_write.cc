// Atomic writes: the content lands whole or not at all, and no temp file stays behind.
#include <catch2/catch.hpp>

#include <unistd.h>

#include <atomic>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <string>
#include <thread>

#include "harness/base/artifact_layout.h"
#include "harness/base/atomic_write.h"
#include "harness/base/error.h"
#include "tests/scratch_dir.h"

using namespace mnb;
using mnb::testing::ScratchDir;
namespace fs = std::filesystem;

namespace {

std::string Slurp(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

int FilesIn(const fs::path& dir) {
  int n = 0;
  for (const auto& entry : fs::directory_iterator(dir)) n += entry.is_regular_file() ? 1 : 0;
  return n;
}

}  // namespace

TEST_CASE("WriteFileAtomically creates and replaces a file byte for byte", "[base][atomic_write]") {
  ScratchDir dir("atomic");
  const std::string path = dir.file("report.md");
  const std::string binary("crlf\r\nnul\0byte \xFF", 16);
  WriteFileAtomically(path, binary);
  CHECK(Slurp(path) == binary);
  WriteFileAtomically(path, "shorter");
  CHECK(Slurp(path) == "shorter");
  WriteFileAtomically(path, "");
  CHECK(fs::file_size(path) == 0);
  CHECK(FilesIn(dir.path()) == 1);  // no temp file left
}

TEST_CASE("a failed atomic write leaves the old file and no temp file", "[base][atomic_write]") {
  ScratchDir dir("atomic-fail");
  const std::string path = dir.file("model.pt");
  WriteFileAtomically(path, "old weights");

  // A writer that throws half way: its temp file goes, the old content stays.
  std::string given;
  CHECK_THROWS_WITH(WriteAtomically(path,
                                    [&](const std::string& temp) {
                                      given = temp;
                                      std::ofstream(temp) << "half of the new";
                                      throw std::runtime_error("disk on fire");
                                    }),
                    "disk on fire");
  CHECK(given == TempPath(path, getpid()));
  CHECK(Slurp(path) == "old weights");
  CHECK(FilesIn(dir.path()) == 1);

  // A directory that does not exist: bad input naming the file.
  const std::string nowhere = dir.file("missing/dir/report.md");
  CHECK_THROWS_AS(WriteFileAtomically(nowhere, "x"), Error);
  CHECK_THROWS_WITH(WriteFileAtomically(nowhere, "x"), nowhere + ": cannot write");
  CHECK_FALSE(fs::exists(dir.file("missing")));

  // A non-empty directory in the way: the rename fails, the temp file is removed.
  fs::create_directories(dir.file("taken/inside"));
  CHECK_THROWS_AS(WriteFileAtomically(dir.file("taken"), "x"), fs::filesystem_error);
  CHECK(fs::is_directory(dir.file("taken/inside")));
  CHECK(FilesIn(dir.path()) == 1);
}

TEST_CASE("a reader never sees an atomically written file half written", "[base][atomic_write]") {
  ScratchDir dir("atomic-race");
  const std::string path = dir.file("leaderboard.csv");
  const std::string a(1 << 20, 'a'), b(1 << 19, 'b');  // two sizes: a torn read shows
  WriteFileAtomically(path, a);
  // The writer waits after each write until the reader has finished a read that began after
  // it, so every one of the 60 replacements overlaps the reader's loop (no timing involved).
  std::atomic<bool> done{false};
  std::atomic<int> reads{0};
  std::thread writer([&] {
    for (int i = 0; i < 60; ++i) {
      WriteFileAtomically(path, i % 2 == 0 ? b : a);
      const int seen = reads.load();
      while (reads.load() < seen + 2) std::this_thread::yield();  // one read wholly after it
    }
    done = true;
  });
  int torn = 0;
  while (!done) {
    const std::string seen = Slurp(path);
    torn += seen != a && seen != b;
    ++reads;
  }
  writer.join();
  CHECK(torn == 0);
  CHECK(Slurp(path) == a);  // the last write (i = 59) wins
}
