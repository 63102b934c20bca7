// The guard in front of toml++ 3.3.0 (harness/config/toml_guard.h): the bytes that reach its
// Unicode whitespace table's unreachable branch are refused with FILE:LINE, everything valid
// passes. Inputs: marzer/tomlplusplus#295 (U+00A1 where whitespace may follow) and #190
// (U+00A7 after a line-ending backslash), and the fuzzer's finds kept in fuzz/regressions.
#include <catch2/catch.hpp>

#include <string>

#include "harness/config/experiment.h"
#include "harness/config/toml_guard.h"

using namespace mnb;

TEST_CASE("non-ASCII outside strings and comments is refused before toml++ sees it",
          "[config][toml][limits]") {
  CHECK_THROWS_WITH(CheckTomlBytes("name = \"x\"\xc2\xa1\n", "a.toml"),
                    Catch::StartsWith("a.toml:1: non-ASCII byte 0xc2 outside a string"));
  CHECK_THROWS_WITH(CheckTomlBytes("a = 1\nk\xc3\xa9y = 2\n", "b.toml"),
                    Catch::StartsWith("b.toml:2: non-ASCII byte 0xc3"));
  CHECK_THROWS_WITH(CheckTomlBytes("[t]\n\"q\"\xe3\x80\x80= 1\n", "c.toml"),
                    Catch::StartsWith("c.toml:2: "));
  // Through the parser: the same one line, as a ConfigError (exit 2).
  CHECK_THROWS_AS(ParseExperiment("name = \"x\"\xc2\xa1\n", "e.toml"), ConfigError);
}

TEST_CASE("backslashes before non-ASCII in multi-line strings are refused",
          "[config][toml][limits]") {
  // #190: valid TOML that toml++ 3.3.0 mishandles; refused with the way around it.
  CHECK_THROWS_WITH(CheckTomlBytes("s = \"\"\"\\\n\xc2\xa7\"\"\"\n", "d.toml"),
                    Catch::StartsWith("d.toml:2: a non-ASCII character right after a line-ending") &&
                        Catch::Contains("\\uXXXX"));
  CHECK_THROWS_WITH(CheckTomlBytes("s = \"\"\"\\  \r\n\t \n  \xc2\xa7\"\"\"\n", "d.toml"),
                    Catch::StartsWith("d.toml:3: "));
  // Never valid: no escape starts with a non-ASCII byte.
  CHECK_THROWS_WITH(CheckTomlBytes("s = \"\"\"\\\xc2\xa7\"\"\"\n", "d.toml"),
                    Catch::Contains("a backslash followed by a non-ASCII character"));
}

TEST_CASE("valid TOML with non-ASCII in strings, keys and comments passes the guard",
          "[config][toml]") {
  const char* const valid[] = {
      "name = \"sweep: lr \xc3\x97 batch_size\"  # \xc2\xa1" "comment\xc2\xa7\n",
      "\"k\xc3\xa9y\" = 'lit\xc3\xa9ral'\n",
      "s = \"\"\"\n\xc2\xa7 line one\\\n  ascii then \xc2\xa7\"\"\"\n",
      "s = '''\\\n\xc2\xa7'''\n",                   // a literal string has no escapes
      "s = \"\"\"\"\"\xc2\xa7\"\"\"\"\"\nt = 1\n",  // up to two quotes end the string
      "s = \"a \\\" \xc2\xa7\"\n",
      "# only a comment \xe2\x80\x83\n",
  };
  for (const char* text : valid) {
    INFO(text);
    CHECK_NOTHROW(CheckTomlBytes(text, "ok.toml"));
  }
  // The whole parser accepts them: the guard refuses nothing valid but #190's form.
  CHECK(ParseExperiment("name = \"x \xc3\x97 y\" # \xc2\xa1\n[dataset]\nname = \"mnist\"\n"
                        "[[model]]\nname = \"lenet5\"\n",
                        "ok.toml")
            .name == "x \xc3\x97 y");
}
