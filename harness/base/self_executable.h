// The path of the running executable.
//
// Contract: SelfExecutable() returns the absolute path of this process's executable (Linux:
// /proc/self/exe resolved), or "" where it cannot be known. Re-executing that path, rather than
// /proc/self/exe itself, keeps the program's name in ps and top. ExecutableBeside(name) is the
// path of another executable in the same directory (the front end finds mnistbench-torch so).
#ifndef MNISTBENCH_HARNESS_BASE_SELF_EXECUTABLE_H_
#define MNISTBENCH_HARNESS_BASE_SELF_EXECUTABLE_H_

#include <string>

namespace mnb {

std::string SelfExecutable();
std::string ExecutableBeside(const std::string& name);

}  // namespace mnb

#endif  // MNISTBENCH_HARNESS_BASE_SELF_EXECUTABLE_H_
