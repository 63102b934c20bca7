// The dataset registry against the real data directory: every file of every dataset is found
// and decodes to the registry's checksum and count. (Reader details: test_idx, test_csv,
// test_sha256.)
#include <catch2/catch.hpp>

#include "harness/data/idx.h"
#include "harness/data/registry.h"
#include "tests/test_support.h"

using namespace mnb;
using mnb::testing::DataDir;

TEST_CASE("every registry file is present and matches its checksum and count", "[data]") {
  for (const DatasetInfo& info : AllDatasets()) {
    for (const SplitFiles& split : info.files) {
      for (const DataFile* file : {&split.images, &split.labels}) {
        INFO(info.name << " " << file->name);
        const auto path = FindFile(DataDir(), info, *file);
        REQUIRE(path.has_value());
        CHECK(Sha256OfIdxContent(*path) == file->sha256);
        CHECK(ReadIdx(*path).dims[0] == file->count);
      }
    }
  }
}
