// The one escaping of every writer: each target's specials, and what passes through untouched.
#include <catch2/catch.hpp>

#include <string>

#include "harness/base/text_escape.h"

using namespace mnb;

TEST_CASE("HtmlEscape and XmlEscape turn the markup specials into entities", "[base][escape]") {
  const std::string hostile = "<a href=\"x\" title='y'>Tom & Jerry</a>";
  CHECK(HtmlEscape(hostile) ==
        "&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;Tom &amp; Jerry&lt;/a&gt;");
  CHECK(XmlEscape(hostile) ==
        "&lt;a href=&quot;x&quot; title=&apos;y&apos;&gt;Tom &amp; Jerry&lt;/a&gt;");
  // Already-escaped text is escaped again: the function cannot know it was meant as markup.
  CHECK(HtmlEscape("&amp;") == "&amp;amp;");
  CHECK(HtmlEscape("lenet5 (batch=64) \xCE\xA9") == "lenet5 (batch=64) \xCE\xA9");  // UTF-8 kept
  CHECK(XmlEscape("").empty());
}

TEST_CASE("MarkdownCell keeps a table's shape whatever the cell holds", "[base][escape]") {
  CHECK(MarkdownCell("a|b") == "a\\|b");
  // A trailing backslash must not escape the pipe that closes the cell.
  CHECK(MarkdownCell("dir\\") == "dir\\\\");
  CHECK(MarkdownCell("<script>&") == "&lt;script&gt;&amp;");
  CHECK(MarkdownCell("two\r\nlines\tand a tab") == "two lines and a tab");
  CHECK(MarkdownCell("  padded  ") == "padded");
  CHECK(MarkdownCell(" \n\t ").empty());
  // Emphasis and underscores stay: inside a cell they are the user's to use.
  CHECK(MarkdownCell("**FAIL** min_test_accuracy") == "**FAIL** min_test_accuracy");
}

TEST_CASE("MarkdownText escapes what running Markdown would act on", "[base][escape]") {
  CHECK(MarkdownText("a_b|<c>") == "a\\_b\\|&lt;c&gt;");
  CHECK(MarkdownText("#1 *bold* [link](x) `code` ~x~ !img \\") ==
        "\\#1 \\*bold\\* \\[link\\](x) \\`code\\` \\~x\\~ \\!img \\\\");
  CHECK(MarkdownText("one\ntwo\rthree") == "one two three");
  CHECK(MarkdownText("Tom & Jerry: 98.5% (n=3), lr=0.001") ==
        "Tom &amp; Jerry: 98.5% (n=3), lr=0.001");
}

TEST_CASE("CsvField quotes only what RFC 4180 requires", "[base][escape]") {
  CHECK(CsvField("lenet5") == "lenet5");
  CHECK(CsvField("") == "");
  CHECK(CsvField("a,b") == "\"a,b\"");
  CHECK(CsvField("say \"hi\"") == "\"say \"\"hi\"\"\"");
  CHECK(CsvField("line\nbreak") == "\"line\nbreak\"");
  CHECK(CsvField("cr\r") == "\"cr\r\"");
  CHECK(CsvField("semi;colon 'quote' |pipe|") == "semi;colon 'quote' |pipe|");
}
