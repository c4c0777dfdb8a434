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
      [&](core::Instant t, bool) { seen.push_back("clock " + core::format_iso8601(t)); });
  CHECK(stats.messages == 2);
  CHECK(stats.bad_lines == 0);
  CHECK(seen == std::vector<std::string>{"clock 2026-03-12T10:00:00Z", "message first",
                                         "clock 2026-03-13T00:00:00Z", "clock 2026-03-14T07:30:00Z",
                                         "message second"});
}

TEST_CASE("a clock that jumps more than 30 days is reported with its line, and told to the clock",
          "[console][transcript]") {
  std::istringstream in(
      "2026-03-12T10:00:00Z dana: first\n"
      "2026-04-10T10:00:00Z dana: 29 days later\n"
      "2036-04-10T10:00:00Z dana: a mistyped year\n"
      "2026-04-10T10:05:00Z dana: back\n"
      "# clock 2026-06-01T00:00:00Z\n");
  std::ostringstream errors;
  std::vector<std::string> jumps;
  console::replay_transcript(
      in, errors, [](const core::Inbound&) {},
      [&](core::Instant t, bool jumped) {
        if (jumped) jumps.push_back(core::format_iso8601(t));
      });
  // Line 3 jumps ten years; line 5 is not reported: the clock had already
  // reached 2036 (time never runs backwards for the scheduler).
  CHECK(jumps == std::vector<std::string>{"2036-04-10T10:00:00Z"});
  CHECK_THAT(errors.str(), Catch::Contains("line 3: the clock jumps 3653 days past line 2"));
  CHECK_THAT(errors.str(), !Catch::Contains("line 2:"));
  CHECK_THAT(errors.str(), !Catch::Contains("line 5:"));
}
