// What this build is: mnistbench's version, the git revision and the LibTorch it was built with.
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
// The LibTorch the torch side was built against: "LibTorch 1.13.1 (CPU)" or
// "LibTorch 2.11.0 (CUDA 13.0)". Known at configure time, so the torch-free front end says it too.
const char* BuildTorch();

}  // namespace mnb

#endif  // MNISTBENCH_HARNESS_BASE_BUILD_INFO_H_
