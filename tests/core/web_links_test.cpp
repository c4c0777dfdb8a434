// With [web] base_url set, what Scribe says links to the incident's page.
#include <catch2/catch.hpp>

#include "bot/core/engine.hpp"
#include "bot/core/follow_up.hpp"
#include "tests/support/engine_fixture.hpp"

using namespace scribe::core;
using scribe::test::EngineFixture;

TEST_CASE("the declaration, the draft, a reminder and the digest link to the web view", "[engine][web]") {
  EngineFixture f;
  auto options = EngineFixture::default_options();
  options.web_base_url = "https://scribe.example.com/";
  IncidentEngine engine(*f.store, options);
  const auto say = [&](const std::string& iso, const std::string& text) {
    return engine.handle(f.message(iso, "dana", text));
  };
  const auto declared = EngineFixture::replies(say("2026-03-12T14:46:10Z", "/incident start API down"));
  CHECK_THAT(declared, Catch::Contains("\xC2\xB7 https://scribe.example.com/incidents/INC-1"));
  say("2026-03-12T14:50:00Z", "/incident action @sam Fix the query due 2026-03-13");
  const auto closed = say("2026-03-12T15:30:00Z", "/incident close");
  const auto* draft = EngineFixture::draft_in(closed);
  REQUIRE(draft != nullptr);
  CHECK_THAT(draft->markdown, Catch::Contains("- Web view: https://scribe.example.com/incidents/INC-1\n"));

  FollowUpOptions follow;
  follow.web_base_url = "https://scribe.example.com";
  FollowUp follow_up(*f.store, follow);
  std::string said;
  for (const auto& s : follow_up.run_due(*parse_iso8601("2026-03-16T12:00:00Z")))
    if (const auto* dm = std::get_if<DirectMessage>(&s.effect)) said += dm->text + "\n";
  CHECK_THAT(said, Catch::Contains("A-1 is"));
  CHECK_THAT(said, Catch::Contains("`/incident done A-1`. https://scribe.example.com/incidents/INC-1"));

  const std::string digest = follow_up.digest(*parse_iso8601("2026-03-16T12:00:00Z"));
  CHECK_THAT(digest, Catch::Contains("Every item by owner, with rates: https://scribe.example.com/actions\n"));
  CHECK_THAT(digest, Catch::Contains("due 2026-03-13 (INC-1 https://scribe.example.com/incidents/INC-1)"));
  FollowUp without_links(*f.store, FollowUpOptions{});
  CHECK_THAT(without_links.digest(*parse_iso8601("2026-03-16T12:00:00Z")),
             Catch::Contains("due 2026-03-13 (INC-1) \xE2\x80\x94 3 days overdue"));

  // Without a base_url nothing changes.
  const auto plain = f.replies(f.say("2026-03-12T16:00:00Z", "dana", "/incident start Other", "#ops"));
  CHECK_THAT(plain, !Catch::Contains("https://"));
}
