#include "adapters/console/transcript.hpp"

#include <catch2/catch.hpp>
#include <sstream>

#include "adapters/console/console_chat.hpp"
#include "bot/core/time.hpp"

using namespace scribe;

TEST_CASE("a `# clock` line moves time without a message", "[console][transcript]") {
  const auto clock = console::parse_transcript_line("# clock 2026-03-21T12:00:00Z");
  REQUIRE(clock.clock);
  CHECK(*clock.clock == *core::parse_iso8601("2026-03-21T12:00:00Z"));
  CHECK_FALSE(clock.message);
  CHECK_FALSE(clock.skipped());

  // Anything else after `# clock` is an ordinary comment...
  CHECK(console::parse_transcript_line("# clock skew caused it").skipped());
  CHECK(console::parse_transcript_line("# clock").skipped());
  CHECK(console::parse_transcript_line("# 2026-03-21T12:00:00Z dana: hi").skipped());
  // ...but a time that does not parse is a mistake worth reporting.
  const auto typo = console::parse_transcript_line("# clock 2026-03-21 12:00");
  CHECK_FALSE(typo.clock);
  CHECK_THAT(typo.error, Catch::Contains("`# clock` takes one ISO-8601 timestamp") &&
                             Catch::Contains("got `2026-03-21 12:00`"));
}

TEST_CASE("replay tells the clock each line's time before the line itself",
          "[console][transcript]") {
  std::istringstream in(
      "# a comment\n"
      "2026-03-12T10:00:00Z dana: first\n"
      "# clock 2026-03-13T00:00:00Z\n"
      "2026-03-14T09:30:00+02:00 #ops sam: second\n");
  std::ostringstream errors;
  std::vector<std::string> seen;
  const auto stats = console::replay_transcript(
      in, errors, [&](const core::Inbound& e) { seen.push_back("message " + e.text); },
      [&](core::Instant t) { seen.push_back("clock " + core::format_iso8601(t)); });
  CHECK(stats.messages == 2);
  CHECK(stats.bad_lines == 0);
  CHECK(seen == std::vector<std::string>{"clock 2026-03-12T10:00:00Z", "message first",
                                         "clock 2026-03-13T00:00:00Z", "clock 2026-03-14T07:30:00Z",
                                         "message second"});
}
