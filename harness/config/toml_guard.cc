#include "harness/config/toml_guard.h"

#include <fmt/format.h>

#include <cstddef>

#include "harness/config/experiment.h"

namespace mnb {
namespace {

enum class State { kOutside, kComment, kBasic, kLiteral, kMultiBasic, kMultiLiteral };

class Scanner {
 public:
  Scanner(std::string_view text, const std::string& path) : text_(text), path_(path) {}

  void Run() {
    while (at_ < text_.size()) Step();
  }

 private:
  bool Next(std::string_view s) const { return text_.substr(at_, s.size()) == s; }
  static bool NonAscii(char c) { return static_cast<unsigned char>(c) >= 0x80; }

  void Advance(size_t n) {
    for (size_t i = 0; i < n && at_ < text_.size(); ++i, ++at_) {
      if (text_[at_] == '\n') ++line_;
    }
  }

  [[noreturn]] void Fail(const std::string& what) const {
    throw ConfigError(fmt::format("{}:{}: {}", path_, line_, what));
  }

  // Past a closing delimiter, and the up to two extra quotes a multi-line string may end with.
  void Close(char quote) {
    Advance(3);
    for (int extra = 0; extra < 2 && at_ < text_.size() && text_[at_] == quote; ++extra) Advance(1);
    state_ = State::kOutside;
  }

  void Step() {
    const char c = text_[at_];
    switch (state_) {
      case State::kOutside:
        if (NonAscii(c)) {
          Fail(fmt::format("non-ASCII byte 0x{:02x} outside a string or comment (expected "
                           "ASCII: TOML allows other characters only in strings and comments)",
                           static_cast<unsigned char>(c)));
        }
        if (c == '#') state_ = State::kComment;
        if (Next("\"\"\"")) return Advance(3), void(state_ = State::kMultiBasic);
        if (Next("'''")) return Advance(3), void(state_ = State::kMultiLiteral);
        if (c == '"') state_ = State::kBasic;
        if (c == '\'') state_ = State::kLiteral;
        return Advance(1);
      case State::kComment:
        if (c == '\n') state_ = State::kOutside;
        return Advance(1);
      case State::kBasic:
        if (c == '\\') return Advance(2);
        if (c == '"' || c == '\n') state_ = State::kOutside;
        return Advance(1);
      case State::kLiteral:
        if (c == '\'' || c == '\n') state_ = State::kOutside;
        return Advance(1);
      case State::kMultiBasic:
        if (c == '\\') return Escape();
        if (Next("\"\"\"")) return Close('"');
        return Advance(1);
      case State::kMultiLiteral:
        if (Next("'''")) return Close('\'');
        return Advance(1);
    }
  }

  // A backslash in a multi-line basic string: an escape, or a line-ending backslash that trims
  // the whitespace and newlines after it.
  void Escape() {
    Advance(1);
    if (at_ >= text_.size()) return;
    if (NonAscii(text_[at_])) {
      Fail("a backslash followed by a non-ASCII character in a multi-line string (expected an "
           "escape such as \\n or \\uXXXX)");
    }
    const auto blank = [](char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; };
    if (!blank(text_[at_])) return Advance(1);
    while (at_ < text_.size() && blank(text_[at_])) Advance(1);
    if (at_ < text_.size() && NonAscii(text_[at_])) {
      Fail("a non-ASCII character right after a line-ending backslash in a multi-line string "
           "(expected it escaped as \\uXXXX: toml++ 3.3.0 mishandles it, upstream issue #190)");
    }
  }

  std::string_view text_;
  const std::string& path_;
  size_t at_ = 0;
  int line_ = 1;
  State state_ = State::kOutside;
};

}  // namespace

void CheckTomlBytes(std::string_view text, const std::string& path_for_messages) {
  Scanner(text, path_for_messages).Run();
}

}  // namespace mnb
