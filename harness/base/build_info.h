// What this build is: mnistbench's version and the git revision it was built from.
//
// Contract: both are fixed at build time; the revision is "unknown" outside a git checkout. They
// are defined in one translation unit: the build re-configures after each commit to record the
// new revision, and with the revision a compile definition of every target, each commit rebuilt
// the whole project (LibTorch TUs included, ~15 minutes on 2 cores); now it rebuilds this file.
#ifndef MNISTBENCH_HARNESS_BASE_BUILD_INFO_H_
#define MNISTBENCH_HARNESS_BASE_BUILD_INFO_H_

namespace mnb {

const char* BuildVersion();      // "0.1.0"
const char* BuildGitRevision();  // "679b1e3", or "unknown"

}  // namespace mnb

#endif  // MNISTBENCH_HARNESS_BASE_BUILD_INFO_H_
