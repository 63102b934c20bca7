// The frame of every HTML page (reports/render/html_page.h): head, title and heading escaped,
// the refresh only when asked, no script or external asset, and tables as escaped markup.
#include <catch2/catch.hpp>

#include <string>

#include "reports/render/html_page.h"
#include "tests/report_test_support.h"

using namespace mnb;
using namespace mnb::testing;

namespace {

const char* kHostile = "<script>alert(\"x\")</script> & 'co'";
const char* kEscaped = "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;co&#39;";

size_t Count(const std::string& text, const std::string& what) {
  size_t n = 0;
  for (size_t at = text.find(what); at != std::string::npos; at = text.find(what, at + 1)) ++n;
  return n;
}

}  // namespace

TEST_CASE("html page: title and heading escaped, one stylesheet, no script", "[reports][html]") {
  const std::string start = HtmlPageStart(std::string("run ") + kHostile, "heading <b>", 0);
  CHECK_THAT(start, Catch::StartsWith("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n"));
  CHECK_THAT(start, Catch::Contains(std::string("<title>run ") + kEscaped + "</title>"));
  CHECK_THAT(start, Catch::EndsWith("<body>\n<h1>heading &lt;b&gt;</h1>\n"));
  CHECK(Count(start, "<style>") == 1);
  CHECK(start.find("<script") == std::string::npos);
  CHECK(start.find("http-equiv") == std::string::npos);
  CHECK(start.find("<link") == std::string::npos);  // no external stylesheet
  CHECK(start.find("src=") == std::string::npos);   // nor any other asset
  CHECK(HtmlPageEnd() == "</body>\n</html>\n");
  CheckWellFormed(start + HtmlPageEnd());

  // The short form: the title is the heading too.
  const std::string same = HtmlPageStart(kHostile, 0);
  CHECK_THAT(same, Catch::Contains(std::string("<title>") + kEscaped + "</title>"));
  CHECK_THAT(same, Catch::Contains(std::string("<h1>") + kEscaped + "</h1>"));
  CHECK(same == HtmlPageStart(kHostile, kHostile, 0));
}

TEST_CASE("html page: a refresh only for a positive interval", "[reports][html]") {
  CHECK_THAT(HtmlPageStart("t", 5),
             Catch::Contains("<meta http-equiv=\"refresh\" content=\"5\" />\n"));
  CHECK(HtmlPageStart("t", 0).find("refresh") == std::string::npos);
  CHECK(HtmlPageStart("t", -3).find("refresh") == std::string::npos);
  CheckWellFormed(HtmlPageStart("t", 30) + HtmlPageEnd());
}

TEST_CASE("html page: a table's header, numeric columns and escaped cells", "[reports][html]") {
  TextTable t{{"name", "acc %"}, {false, true}, {{kHostile, "98.12"}, {"a|b", "—"}}};
  std::string out;
  AppendHtmlTable(&out, t);
  CHECK(out ==
        "<div class=\"scroll\">\n<table>\n"
        "<thead><tr><th>name</th><th class=\"num\">acc %</th></tr></thead>\n<tbody>\n"
        "<tr><td>" + std::string(kEscaped) + "</td><td class=\"num\">98.12</td></tr>\n"
        "<tr><td>a|b</td><td class=\"num\">—</td></tr>\n"
        "</tbody>\n</table>\n</div>\n");
  CheckWellFormed(out);
  // Appends: a second table follows the first, with its class.
  AppendHtmlTable(&out, t, "summary");
  CHECK(Count(out, "<table") == 2);
  CHECK(Count(out, "<table class=\"summary\">") == 1);
  CHECK(Count(out, kEscaped) == 2);
}

TEST_CASE("html page: a headless table shows its first column as row headers", "[reports][html]") {
  // Short rows get empty cells; cells beyond the header are not shown.
  TextTable t{{"", ""}, {false, false}, {{"db", "<x.db>"}, {"only"}, {"a", "b", "extra"}}};
  std::string out;
  AppendHtmlTable(&out, t, "summary");
  CHECK(out.find("<thead>") == std::string::npos);
  CHECK_THAT(out, Catch::Contains("<table class=\"summary\">"));
  CHECK_THAT(out, Catch::Contains("<tr><th>db</th><td>&lt;x.db&gt;</td></tr>"));
  CHECK_THAT(out, Catch::Contains("<tr><th>only</th><td></td></tr>"));
  CHECK_THAT(out, Catch::Contains("<tr><th>a</th><td>b</td></tr>"));
  CHECK(out.find("extra") == std::string::npos);
  CHECK(Count(out, "<tr>") == 3);
  CheckWellFormed(out);
}
