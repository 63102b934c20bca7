// A guard in front of toml++ 3.3.0 (Debian's) for the inputs it mishandles.
//
// Contract: CheckTomlBytes scans an experiment file's bytes the way a TOML lexer does (outside,
// in a basic, literal or multi-line string, in a comment) and throws ConfigError
// "FILE:LINE: ..." for a byte that toml++ 3.3.0 would feed to its Unicode whitespace table,
// whose lookup reaches __builtin_unreachable for most code points from U+00A1 (undefined
// behaviour; upstream marzer/tomlplusplus#190 and #295, fixed after 3.3.0):
//   - a non-ASCII byte outside strings and comments (never valid TOML: keys and whitespace
//     are ASCII);
//   - a non-ASCII byte right after a backslash in a multi-line basic string (never valid: no
//     escape starts with one);
//   - a non-ASCII byte as the first character after a line-ending backslash in a multi-line
//     basic string (valid TOML, refused here with a way around it: escape it as \uXXXX).
// Everything else passes through to toml++, which reports the file's other errors itself.
#ifndef MNISTBENCH_HARNESS_CONFIG_TOML_GUARD_H_
#define MNISTBENCH_HARNESS_CONFIG_TOML_GUARD_H_

#include <string>
#include <string_view>

namespace mnb {

void CheckTomlBytes(std::string_view text, const std::string& path_for_messages);

}  // namespace mnb

#endif  // MNISTBENCH_HARNESS_CONFIG_TOML_GUARD_H_
