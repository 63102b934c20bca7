// The running program's own executable: to name it in scripts, and to run it again.
//
// Contract: SelfExecutablePath() is the absolute path of the binary this process runs, read from
// /proc/self/exe; nullopt where there is no /proc, or when the file is gone (rebuilt or deleted
// since the process started: the kernel then names it "PATH (deleted)").
//
// ExecSelf(argv) replaces this process with a fresh run of the same binary with `argv` (argv[0]
// included, null-terminated). It execs the binary by its path, so ps and top show its name, and
// falls back to /proc/self/exe, which still runs this very binary when its file has been replaced
// since. It returns only if exec failed (errno says why). It allocates nothing, so a child may
// call it between fork and exec.
#ifndef MNISTBENCH_HARNESS_BASE_SELF_EXECUTABLE_H_
#define MNISTBENCH_HARNESS_BASE_SELF_EXECUTABLE_H_

#include <optional>
#include <string>

namespace mnb {

std::optional<std::string> SelfExecutablePath();

void ExecSelf(char* const argv[]);

// The path of another executable in this one's directory (the front end finds mnistbench-torch
// so); the bare name, left to PATH, when this one's path is unknown.
std::string ExecutableBeside(const std::string& name);

}  // namespace mnb

#endif  // MNISTBENCH_HARNESS_BASE_SELF_EXECUTABLE_H_
