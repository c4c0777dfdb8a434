// What the engine does for follow-through: the postmortem verdict at close,
// stepping down as lead, and naming a reviewer after the close.
#include <catch2/catch.hpp>

#include "bot/core/engine.hpp"
#include "tests/support/engine_fixture.hpp"

using namespace scribe::core;
using scribe::test::EngineFixture;

namespace {

std::string close_comment(const std::vector<Outbound>& effects) {
  for (const auto& e : effects)
    if (const auto* file = std::get_if<PostFile>(&e)) return file->comment;
  return EngineFixture::replies(effects);
}

}  // namespace

TEST_CASE("close says whether a full postmortem is required", "[engine][postmortem]") {
  SECTION("a P1 needs one, and is told how to name a reviewer") {
    EngineFixture f;
    f.say("2026-03-12T14:46:10Z", "dana", "/incident start API returning 503s sev:P1");
    f.say("2026-03-12T15:11:00Z", "dana", "/incident resolved");
    const auto comment = close_comment(f.say("2026-03-12T15:30:00Z", "dana", "/incident close"));
    CHECK_THAT(comment, Catch::Contains("A full postmortem is required (P1): fill in the draft "
                                        "and name a reviewer with `/incident reviewer @name "
                                        "INC-1`."));
  }
  SECTION("a P3 with long customer impact needs one too") {
    EngineFixture f;
    f.say("2026-03-12T14:00:00Z", "dana", "/incident start Slow search sev:P3");
    f.say("2026-03-12T14:01:00Z", "dana", "/incident impact 13:20");
    f.say("2026-03-12T14:05:00Z", "dana", "/incident resolved");
    const auto comment = close_comment(f.say("2026-03-12T14:10:00Z", "dana", "/incident close"));
    CHECK_THAT(comment,
               Catch::Contains("A full postmortem is required (45 min of customer impact)"));
  }
  SECTION("a short P3 does not") {
    EngineFixture f;
    f.say("2026-03-12T14:00:00Z", "dana", "/incident start Slow search sev:P3");
    f.say("2026-03-12T14:01:00Z", "dana", "/incident impact 13:55");
    f.say("2026-03-12T14:05:00Z", "dana", "/incident resolved");
    const auto comment = close_comment(f.say("2026-03-12T14:10:00Z", "dana", "/incident close"));
    CHECK_THAT(comment, Catch::Contains("No full postmortem is required (P3, 10 min of customer "
                                        "impact)"));
  }
}

TEST_CASE("the thresholds come from the engine's options", "[engine][postmortem]") {
  EngineFixture f;
  auto options = EngineFixture::default_options();
  options.postmortem_policy.required_severity = Severity::p3;
  IncidentEngine engine{*f.store, options};
  auto say = [&](const std::string& iso, const std::string& text) {
    return engine.handle(f.message(iso, "dana", text));
  };
  say("2026-03-12T14:00:00Z", "/incident start Slow search sev:P3");
  say("2026-03-12T14:05:00Z", "/incident resolved");
  CHECK_THAT(close_comment(say("2026-03-12T14:10:00Z", "/incident close")),
             Catch::Contains("A full postmortem is required (P3)"));
}

TEST_CASE("a lead can step down, leaving the incident without one", "[engine]") {
  EngineFixture f;
  f.say("2026-03-12T14:00:00Z", "dana", "/incident start Checkout down sev:P2");
  auto out = f.say("2026-03-12T14:02:00Z", "dana", "/incident lead none");
  CHECK_THAT(f.replies(out), Catch::Contains("@dana stepped down as lead"));
  CHECK(f.store->incidents().find(1)->lead.empty());
  out = f.say("2026-03-12T14:03:00Z", "dana", "/incident lead none");
  CHECK_THAT(f.replies(out), Catch::Contains("Nobody leads INC-1."));
  out = f.say("2026-03-12T14:04:00Z", "sam", "/incident lead sam");
  CHECK_THAT(f.replies(out), Catch::Contains("@sam took over as lead\n"));
  CHECK(f.store->incidents().find(1)->lead == "sam");
  const auto timeline = f.store->timeline().list(1);
  CHECK(std::count_if(timeline.begin(), timeline.end(),
                      [](const TimelineEntry& e) { return e.kind == EntryKind::lead; }) == 2);
}

TEST_CASE("a reviewer can be named for a closed incident by its number", "[engine]") {
  EngineFixture f;
  f.say("2026-03-12T14:00:00Z", "dana", "/incident start Checkout down sev:P1");
  f.say("2026-03-12T14:05:00Z", "dana", "/incident resolved");
  f.say("2026-03-12T14:10:00Z", "dana", "/incident close");
  auto out = f.say("2026-03-13T09:00:00Z", "dana", "/incident reviewer lee INC-1", "#random");
  CHECK_THAT(f.replies(out),
             Catch::Contains("@lee will review the postmortem of INC-1 (Checkout down)."));
  CHECK(f.store->incidents().find(1)->reviewers == std::vector<std::string>{"lee"});
  out = f.say("2026-03-13T09:01:00Z", "dana", "/incident reviewer lee INC-1");
  CHECK_THAT(f.replies(out), Catch::Contains("@lee already reviews INC-1."));
  out = f.say("2026-03-13T09:02:00Z", "dana", "/incident reviewer lee INC-9");
  CHECK_THAT(f.replies(out), Catch::Contains("There is no incident INC-9."));
}
