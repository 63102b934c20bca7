// Writing a file so that no reader, and no crash, ever sees it half written.
//
// Contract: WriteFileAtomically(path, text) writes `text` to a temp file beside `path`
// (TempPath(path, getpid()), harness/base/artifact_layout.h), flushes it, checks that every byte
// got out (a full disk fails here, not later), and renames it over `path`. A rename within one
// filesystem is atomic: `path` holds its old content or all of the new, whatever happens to the
// process. WriteAtomically(path, write) does the same for a writer that only takes a file name
// (torch::save): `write(temp)` must create and fill the file it is given. On any failure the temp
// file is removed and nothing at `path` changes. The parent directory must exist.
//
// Errors: a temp file that cannot be created or written throws mnb::Error kIo
// "PATH: cannot write"; a failed rename throws std::filesystem::filesystem_error; an exception
// from `write` passes through. Durability across a power cut (fsync) is not promised: none of
// mnistbench's files need more than atomicity against a killed process.
#ifndef MNISTBENCH_HARNESS_BASE_ATOMIC_WRITE_H_
#define MNISTBENCH_HARNESS_BASE_ATOMIC_WRITE_H_

#include <functional>
#include <string>

namespace mnb {

void WriteFileAtomically(const std::string& path, const std::string& text);

void WriteAtomically(const std::string& path,
                     const std::function<void(const std::string& temp_path)>& write);

}  // namespace mnb

#endif  // MNISTBENCH_HARNESS_BASE_ATOMIC_WRITE_H_
