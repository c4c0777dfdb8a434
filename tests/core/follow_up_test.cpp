#include "bot/core/follow_up.hpp"

#include <catch2/catch.hpp>

#include "tests/support/engine_fixture.hpp"

namespace {

using namespace scribe::core;
using scribe::test::EngineFixture;
namespace chr = std::chrono;

Instant at(const std::string& iso) {
  return *parse_iso8601(iso);
}

// An engine and a FollowUp over the same store, as one Scribe process has.
struct Scribe : EngineFixture {
  std::optional<FollowUp> follow_up{std::in_place, *store, default_follow_up()};

  static FollowUpOptions default_follow_up() {
    FollowUpOptions o;
    o.people_zones = {{"sam", "America/Los_Angeles"}};
    o.nudges.update_after = {chr::minutes{15}, chr::minutes{30}, chr::hours{2}, Millis{0}};
    return o;
  }

  // A restart: a new FollowUp object, the same database.
  void restart(FollowUpOptions options) { follow_up.emplace(*store, std::move(options)); }

  std::vector<ScheduledEffect> run(const std::string& iso) { return follow_up->run_due(at(iso)); }
};

std::vector<std::string> dms_to(const std::vector<ScheduledEffect>& effects,
                                const std::string& user) {
  std::vector<std::string> out;
  for (const auto& e : effects)
    if (const auto* dm = std::get_if<DirectMessage>(&e.effect); dm && dm->user == user)
      out.push_back(dm->text);
  return out;
}

std::vector<std::string> posts_in(const std::vector<ScheduledEffect>& effects,
                                  const std::string& channel) {
  std::vector<std::string> out;
  for (const auto& e : effects)
    if (const auto* m = std::get_if<PostMessage>(&e.effect); m && m->channel == channel)
      out.push_back(m->text);
  return out;
}

// The db-pool incident, closed, with sam's item due 2026-03-13.
void closed_incident_with_item(Scribe& s, const std::string& severity = "P3") {
  s.say("2026-03-12T14:46:10Z", "dana", "/incident start API returning 503s sev:" + severity);
  s.say("2026-03-12T15:20:00Z", "dana",
        "/incident action sam Fix the query to close its connections due 2026-03-13");
  s.say("2026-03-12T15:21:00Z", "dana", "/incident resolved");
  s.say("2026-03-12T15:30:00Z", "dana", "/incident close");
}

}  // namespace

TEST_CASE("an item is late after its due date ends in its owner's zone", "[follow_up]") {
  Scribe s;
  closed_incident_with_item(s);
  // 24 h before the end of 2026-03-13 in Los Angeles (PDT): one heads-up.
  CHECK(s.follow_up->next_due() == at("2026-03-13T07:00:00Z"));
  CHECK(s.run("2026-03-13T06:59:59Z").empty());
  auto heads_up = dms_to(s.run("2026-03-13T07:00:00Z"), "sam");
  REQUIRE(heads_up.size() == 1);
  CHECK_THAT(heads_up[0], Catch::Contains("Heads-up: A-1 is due 2026-03-13") &&
                              Catch::Contains("`/incident done A-1`"));

  // Midnight UTC is not midnight in Los Angeles.
  CHECK(s.follow_up->next_due() == at("2026-03-14T07:00:00Z"));
  CHECK(s.run("2026-03-14T00:00:00Z").empty());
  CHECK(s.run("2026-03-14T06:59:59Z").empty());
  auto late = dms_to(s.run("2026-03-14T07:00:00Z"), "sam");
  REQUIRE(late.size() == 1);
  CHECK_THAT(late[0], Catch::StartsWith("\xE2\x8F\xB0 A-1 is 1 day overdue: Fix the query") &&
                          Catch::Contains("INC-1 API returning 503s, due 2026-03-13") &&
                          Catch::Contains("When it is done: `/incident done A-1`."));
}

TEST_CASE("at most one reminder per period, and a missed stretch sends one", "[follow_up]") {
  Scribe s;
  closed_incident_with_item(s);
  s.run("2026-03-14T07:00:00Z");
  CHECK(s.run("2026-03-14T07:00:00Z").empty());  // the same instant again
  CHECK(s.run("2026-03-15T06:59:00Z").empty());
  // Down for three days: one reminder, on the grid, not three.
  auto caught_up = s.run("2026-03-17T12:00:00Z");
  REQUIRE(dms_to(caught_up, "sam").size() == 1);
  CHECK_THAT(dms_to(caught_up, "sam")[0], Catch::Contains("4 days overdue"));
  CHECK(s.follow_up->next_due() == at("2026-03-18T07:00:00Z"));
  CHECK(s.store->reminders().count("A-1", "overdue") == 2);
}

TEST_CASE("after escalate_after reminders the lead and channel are told once", "[follow_up]") {
  Scribe s;
  auto options = Scribe::default_follow_up();
  options.reminders.escalate_after = 2;
  s.restart(options);
  closed_incident_with_item(s);
  CHECK(dms_to(s.run("2026-03-14T07:00:00Z"), "dana").empty());
  CHECK(dms_to(s.run("2026-03-15T07:00:00Z"), "dana").empty());

  auto third = s.run("2026-03-16T07:00:00Z");
  REQUIRE(dms_to(third, "sam").size() == 1);
  CHECK_THAT(dms_to(third, "sam")[0], Catch::Contains("The lead of INC-1 has been told too."));
  REQUIRE(dms_to(third, "dana").size() == 1);
  CHECK_THAT(dms_to(third, "dana")[0],
             Catch::Contains("A-1 for @sam is 3 days overdue and 2 reminders went unanswered") &&
                 Catch::Contains("@dana, as lead of INC-1"));
  REQUIRE(posts_in(third, "#general").size() == 1);
  for (const auto& e : third)
    if (const auto* m = std::get_if<PostMessage>(&e.effect)) {
      CHECK(m->mentions == std::vector<std::string>{"sam", "dana"});
      CHECK(e.platform == "console");
    }

  auto fourth = s.run("2026-03-17T07:00:00Z");
  CHECK(dms_to(fourth, "sam").size() == 1);
  CHECK(dms_to(fourth, "dana").empty());
  CHECK(posts_in(fourth, "#general").empty());
}

TEST_CASE("done stops the reminders, whoever says it", "[follow_up]") {
  Scribe s;
  closed_incident_with_item(s);
  s.run("2026-03-14T07:00:00Z");
  s.say("2026-03-14T18:00:00Z", "lee", "/incident done A-1");
  CHECK_FALSE(s.follow_up->next_due());
  CHECK(s.run("2026-03-30T00:00:00Z").empty());
}

TEST_CASE("a restart neither repeats nor forgets a reminder", "[follow_up]") {
  Scribe s;
  closed_incident_with_item(s);
  CHECK(dms_to(s.run("2026-03-14T07:00:00Z"), "sam").size() == 1);
  s.restart(Scribe::default_follow_up());
  CHECK(s.run("2026-03-14T07:00:00Z").empty());
  CHECK(s.follow_up->next_due() == at("2026-03-15T07:00:00Z"));
  CHECK(dms_to(s.run("2026-03-15T07:00:00Z"), "sam").size() == 1);
}

TEST_CASE("an item due today is reminded once the day is over, not the moment it is made",
          "[follow_up]") {
  Scribe s;
  s.say("2026-03-12T10:00:00Z", "dana", "/incident start Search slow sev:P4");
  s.say("2026-03-12T10:05:00Z", "dana", "/incident action lee reindex due today");
  CHECK(s.follow_up->next_due() == at("2026-03-13T00:00:00Z"));
  CHECK(dms_to(s.run("2026-03-12T10:06:00Z"), "lee").empty());
  auto next = dms_to(s.run("2026-03-13T00:00:00Z"), "lee");
  REQUIRE(next.size() == 1);
  CHECK_THAT(next[0], Catch::Contains("1 day overdue"));
}

TEST_CASE("a P1 quiet for 15 minutes is nudged for an update, snooze holds it off",
          "[follow_up][nudges]") {
  Scribe s;
  s.say("2026-03-12T14:00:00Z", "dana", "/incident start Checkout down sev:P1");
  s.say("2026-03-12T14:05:00Z", "sam", "/incident note rollback started");
  CHECK(s.follow_up->next_due() == at("2026-03-12T14:20:00Z"));
  CHECK(s.run("2026-03-12T14:19:59Z").empty());
  auto nudge = posts_in(s.run("2026-03-12T14:20:00Z"), "#general");
  REQUIRE(nudge.size() == 1);
  CHECK_THAT(nudge[0], Catch::Contains("INC-1 (P1): nothing added to the timeline for 15 min") &&
                           Catch::Contains("@dana, post an update") &&
                           Catch::Contains("/incident snooze 30m"));
  // Still quiet: again a period after the nudge, not at every check.
  CHECK(s.run("2026-03-12T14:30:00Z").empty());
  CHECK(posts_in(s.run("2026-03-12T14:35:00Z"), "#general").size() == 1);

  s.say("2026-03-12T14:36:00Z", "dana", "/incident snooze 1h");
  CHECK(s.follow_up->next_due() == at("2026-03-12T15:36:00Z"));
  CHECK(s.run("2026-03-12T15:35:00Z").empty());
  CHECK(posts_in(s.run("2026-03-12T15:36:00Z"), "#general").size() == 1);

  // A timeline entry restarts the wait; resolving ends the nudges.
  s.say("2026-03-12T15:40:00Z", "sam", "/incident mitigated 15:38");
  CHECK(s.follow_up->next_due() == at("2026-03-12T15:55:00Z"));
  s.say("2026-03-12T15:50:00Z", "sam", "/incident resolved");
  CHECK_FALSE(s.follow_up->next_due());
}

TEST_CASE("severity sets the quiet period, P4 is not nudged by default", "[follow_up][nudges]") {
  Scribe s;
  s.say("2026-03-12T14:00:00Z", "dana", "/incident start Slow reports sev:P4");
  CHECK_FALSE(s.follow_up->next_due());
  s.say("2026-03-12T14:10:00Z", "dana", "/incident sev P2");
  CHECK(s.follow_up->next_due() == at("2026-03-12T14:40:00Z"));
}

TEST_CASE("an incident left without a lead is nudged once to assign one", "[follow_up][nudges]") {
  Scribe s;
  s.say("2026-03-12T14:00:00Z", "dana", "/incident start Checkout down sev:P3");
  s.say("2026-03-12T14:02:00Z", "dana", "/incident lead none");
  CHECK(s.store->incidents().find(1)->lead.empty());
  auto nudge = posts_in(s.run("2026-03-12T14:12:00Z"), "#general");
  REQUIRE(nudge.size() == 1);
  CHECK_THAT(nudge[0], Catch::Contains("INC-1 has had no lead for 10 min") &&
                           Catch::Contains("`/incident lead @you`"));
  CHECK(posts_in(s.run("2026-03-12T14:40:00Z"), "#general").empty());
  // The update nudge names the gap too.
  auto update = posts_in(s.run("2026-03-12T16:02:00Z"), "#general");
  REQUIRE(update.size() == 1);
  CHECK_THAT(update[0], Catch::Contains("Nobody leads it"));

  s.say("2026-03-12T16:05:00Z", "sam", "/incident lead sam");
  s.say("2026-03-12T16:06:00Z", "sam", "/incident lead none");  // a new spell: a new nudge
  CHECK(posts_in(s.run("2026-03-12T16:16:00Z"), "#general").size() == 1);
}

TEST_CASE("a required postmortem without a reviewer reminds the lead until one is named",
          "[follow_up][review]") {
  Scribe s;
  s.say("2026-03-12T14:46:10Z", "dana", "/incident start API returning 503s sev:P1");
  s.say("2026-03-12T15:11:00Z", "dana", "/incident resolved");
  s.say("2026-03-12T15:30:00Z", "dana", "/incident close");
  CHECK(s.follow_up->next_due() == at("2026-03-15T15:30:00Z"));
  auto first = dms_to(s.run("2026-03-15T15:30:00Z"), "dana");
  REQUIRE(first.size() == 1);
  CHECK_THAT(first[0], Catch::Contains("The postmortem of INC-1 API returning 503s needs a full "
                                       "review (P1) and has no reviewer 3 days after it closed") &&
                           Catch::Contains("`/incident reviewer @name INC-1`"));
  CHECK(dms_to(s.run("2026-03-16T15:30:00Z"), "dana").size() == 1);

  auto named = s.say("2026-03-16T16:00:00Z", "dana", "/incident reviewer lee INC-1");
  CHECK_THAT(s.replies(named), Catch::Contains("@lee will review the postmortem of INC-1"));
  CHECK_FALSE(s.follow_up->next_due());
}

TEST_CASE("a minor incident needs no postmortem review reminders", "[follow_up][review]") {
  Scribe s;
  s.say("2026-03-12T14:46:10Z", "dana", "/incident start Typo on the status page sev:P4");
  s.say("2026-03-12T15:11:00Z", "dana", "/incident resolved");
  s.say("2026-03-12T15:30:00Z", "dana", "/incident close");
  CHECK_FALSE(s.follow_up->next_due());
}

TEST_CASE("the weekly digest goes to its channel at its hour, once a week", "[follow_up][digest]") {
  Scribe s;
  auto options = Scribe::default_follow_up();
  options.digest_schedule.channel = "#ops";
  options.digest_schedule.weekday = chr::Monday;
  options.digest_schedule.time_of_day = chr::hours{9};
  s.restart(options);
  CHECK_FALSE(s.follow_up->next_due());  // no incident yet: nothing to review
  closed_incident_with_item(s);
  s.say("2026-03-14T07:30:00Z", "sam", "/incident done A-1");
  CHECK(s.follow_up->next_due() == at("2026-03-16T09:00:00Z"));
  auto monday = posts_in(s.run("2026-03-16T09:00:00Z"), "#ops");
  REQUIRE(monday.size() == 1);
  CHECK_THAT(monday[0], Catch::Contains("Weekly review") &&
                            Catch::Contains("A-1 @sam \xE2\x80\x94 Fix the query"));
  CHECK(s.run("2026-03-16T10:00:00Z").empty());
  CHECK(s.follow_up->next_due() == at("2026-03-23T09:00:00Z"));
  // A week missed entirely: one digest when Scribe is back, not two.
  CHECK(posts_in(s.run("2026-04-01T12:00:00Z"), "#ops").size() == 1);
  CHECK(s.follow_up->next_due() == at("2026-04-06T09:00:00Z"));
}

TEST_CASE("stepping the clock runs each piece of work at its own instant, in order",
          "[follow_up]") {
  Scribe s;
  auto options = Scribe::default_follow_up();
  options.reminders.escalate_after = 0;
  s.restart(options);
  closed_incident_with_item(s);
  const auto effects = s.follow_up->run_through(at("2026-03-17T08:00:00Z"));
  std::vector<Instant> times;
  for (const auto& e : effects) times.push_back(e.at);
  CHECK(times == std::vector<Instant>{at("2026-03-13T07:00:00Z"), at("2026-03-14T07:00:00Z"),
                                      at("2026-03-15T07:00:00Z"), at("2026-03-16T07:00:00Z"),
                                      at("2026-03-17T07:00:00Z")});
  CHECK(s.follow_up->run_through(at("2026-03-17T08:00:00Z")).empty());
  // The clock's previous position is a floor: nothing runs before it.
  s.say("2026-03-20T10:00:00Z", "dana", "/incident action lee reindex due 2026-03-01");
  const auto later =
      s.follow_up->run_through(at("2026-03-20T10:00:00Z"), at("2026-03-20T09:00:00Z"));
  for (const auto& e : later) CHECK(e.at >= at("2026-03-20T09:00:00Z"));
}
