#include "bot/core/text.hpp"

#include <catch2/catch.hpp>

using scribe::core::clean_text;

namespace {
const std::string kFffd = "\xEF\xBF\xBD";
}

TEST_CASE("clean_text keeps valid UTF-8 and mends the rest", "[text]") {
  // Valid text of every length passes untouched.
  for (const std::string valid : {"", "plain ascii", "caf\xC3\xA9", "\xE2\x80\x94 dash",
                                  "\xF0\x9F\x93\x8C pin", "\xEF\xBB\xBF" "bom kept mid-text"})
    CHECK(clean_text(valid) == valid);
  CHECK(clean_text(std::string("a\0b", 3)) == "ab");
  CHECK(clean_text("bad \xFF byte") == "bad " + kFffd + " byte");
  CHECK(clean_text("\x80" "stray") == kFffd + "stray");
  CHECK(clean_text("cut \xE2\x80") == "cut " + kFffd + kFffd);
  CHECK(clean_text("overlong \xC0\xAF") == "overlong " + kFffd + kFffd);
  CHECK(clean_text("surrogate \xED\xA0\x80") == "surrogate " + kFffd + kFffd + kFffd);
  CHECK(clean_text("too high \xF4\x90\x80\x80") == "too high " + kFffd + kFffd + kFffd + kFffd);
  CHECK(clean_text("latin-1 caf\xE9!") == "latin-1 caf" + kFffd + "!");
}

TEST_CASE("shortened cuts between UTF-8 sequences and links are web links or not", "[text]") {
  using scribe::core::is_web_link;
  using scribe::core::shortened;
  CHECK(shortened("short", 10) == "short");
  CHECK(shortened("abcdefghij", 8) == "abcde\xE2\x80\xA6");
  // "é" is two bytes: the cut falls before it, not inside it.
  CHECK(shortened("abcd\xC3\xA9xyz", 8) == "abcd\xE2\x80\xA6");
  CHECK(is_web_link("https://github.com/acme/web/issues/41"));
  CHECK_FALSE(is_web_link("javascript:alert(1)"));
  CHECK_FALSE(is_web_link("https://x.example/a) [b](c"));
  CHECK_FALSE(is_web_link("https://x.example/\"onerror=\""));
}
