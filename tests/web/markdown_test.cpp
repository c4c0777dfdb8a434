// Drafts as HTML: what GitHub would show, and nothing a template or a pasted
// line could turn into markup or script.
#include "adapters/web/markdown.hpp"

#include <catch2/catch.hpp>

using scribe::web::render_markdown;

TEST_CASE("a draft's Markdown renders as GitHub renders it", "[web]") {
  const std::string html = render_markdown(
      "# INC-1: API returning 503s\n\n"
      "**Total customer impact:** 40 minutes\n\n"
      "| Time | Event |\n|---|---|\n| 14:31 | First 503s |\n\n"
      "- [ ] @sam \xE2\x80\x94 Fix the query \xE2\x80\x94 due 2026-03-19\n"
      "- [x] @dana \xE2\x80\x94 Add a pool alert\n\n"
      "~~struck~~ and https://status.example.com\n\n"
      "![The timeline of INC-1](INC-1-timeline.svg)\n");
  CHECK_THAT(html, Catch::Contains("<h1>INC-1: API returning 503s</h1>"));
  CHECK_THAT(html, Catch::Contains("<strong>Total customer impact:</strong> 40 minutes"));
  CHECK_THAT(html, Catch::Contains("<td>First 503s</td>"));
  CHECK_THAT(html, Catch::Contains("<input type=\"checkbox\" disabled=\"\" />"));
  CHECK_THAT(html, Catch::Contains("<input type=\"checkbox\" checked=\"\" disabled=\"\" />"));
  CHECK_THAT(html, Catch::Contains("<del>struck</del>"));
  CHECK_THAT(html, Catch::Contains("<a href=\"https://status.example.com\">"));
  CHECK_THAT(html,
             Catch::Contains("<img src=\"INC-1-timeline.svg\" alt=\"The timeline of INC-1\" />"));
}

TEST_CASE("raw HTML and script URLs in a draft stay off the page", "[web]") {
  const std::string html = render_markdown(
      "<script>alert(1)</script>\n\n"
      "text <img src=x onerror=alert(2)> more\n\n"
      "[click](javascript:alert(3)) [also](JaVaScRiPt:alert(4)) [data](data:text/html,<b>x</b>)\n\n"
      "![pixel](vbscript:msgbox) <iframe src=//evil></iframe>\n");
  CHECK_THAT(html, !Catch::Contains("<script"));
  CHECK_THAT(html, !Catch::Contains("<img src=x"));
  CHECK_THAT(html, !Catch::Contains("onerror="));
  CHECK_THAT(html, !Catch::Contains("<iframe"));
  CHECK_THAT(html, !Catch::Contains("javascript:"));
  CHECK_THAT(html, !Catch::Contains("JaVaScRiPt:"));
  CHECK_THAT(html, !Catch::Contains("vbscript:"));
  CHECK_THAT(html, !Catch::Contains("href=\"data:"));
  CHECK_THAT(html, Catch::Contains("raw HTML omitted"));
  CHECK_THAT(html, Catch::Contains(">click</a>"));  // the words stay, the URL goes
}

TEST_CASE("invalid UTF-8 in a draft renders as replacement characters", "[web]") {
  const std::string html = render_markdown("bad \xC3\x28 byte\n");
  CHECK_THAT(html, Catch::Contains("bad \xEF\xBF\xBD"));
}
