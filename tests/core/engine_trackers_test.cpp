// Action items and the tracker, as the engine keeps them: what asks for an
// export, what the issue says, the loop's results, and the tracker's state
// followed both ways without repeating itself.
#include <catch2/catch.hpp>

#include "bot/core/action_items.hpp"
#include "bot/core/follow_up.hpp"
#include "tests/support/engine_fixture.hpp"

using namespace scribe::core;
using scribe::test::EngineFixture;

namespace {

using State = TrackerLink::State;

struct TrackerFixture : EngineFixture {
  IncidentEngine tracked;
  explicit TrackerFixture(ExportWhen when = ExportWhen::manual) : tracked(*store, options(when)) {}

  static EngineOptions options(ExportWhen when) {
    auto o = default_options();
    o.tracker = TrackerTarget{"github", "acme/web", when};
    o.web_base_url = "https://scribe.example.com";
    return o;
  }
  std::string run(const std::string& iso, const std::string& who, const std::string& text) {
    return replies(tracked.handle(message(iso, who, text)));
  }
  void seed() {
    run("2026-03-12T14:46:10Z", "dana", "/incident start API returning 503s sev:P1");
    run("2026-03-12T14:46:40Z", "dana", "/incident detected 14:44 PingBase alert");
    run("2026-03-12T15:06:00Z", "dana", "/incident impact 14:31 First 503s");
    run("2026-03-12T15:11:00Z", "dana", "/incident resolved");
    run("2026-03-12T15:20:00Z", "dana", "/incident action @sam Fix the query due 2026-03-13");
    run("2026-03-12T15:21:00Z", "dana", "/incident action @lee Add a linter rule due 2026-03-26");
  }
  State state_of(std::int64_t item) { return store->actions().find(item)->tracker.state; }
};

std::string posts(const std::vector<ScheduledEffect>& effects) {
  std::string out;
  for (const auto& e : effects)
    if (const auto* m = std::get_if<PostMessage>(&e.effect)) out += m->text + "\n";
  return out;
}

}  // namespace

TEST_CASE("export takes one item or an incident's items and says what is on its way",
          "[engine][trackers]") {
  TrackerFixture f;
  f.seed();
  CHECK(f.state_of(1) == State::none);  // manual: nothing by itself
  CHECK_THAT(f.run("2026-03-12T15:22:00Z", "dana", "/incident export A-1"),
             Catch::Contains("Exporting A-1 to GitHub acme/web"));
  CHECK(f.state_of(1) == State::requested);
  const auto again = f.run("2026-03-12T15:23:00Z", "dana", "/incident export INC-1");
  CHECK_THAT(again, Catch::Contains("Exporting A-2 to GitHub acme/web"));
  CHECK_THAT(again, Catch::Contains("A-1 is on its way."));
  CHECK_THAT(f.run("2026-03-12T15:23:30Z", "dana", "/incident export A-9"),
             Catch::Contains("There is no action item A-9."));
  CHECK_THAT(f.run("2026-03-12T15:23:40Z", "dana", "/incident export soon"),
             Catch::Contains("/incident export <A-n | INC-n>"));

  // Without a tracker the command says what to set.
  EngineFixture plain;
  plain.say("2026-03-12T14:46:10Z", "dana", "/incident start Other");
  plain.say("2026-03-12T14:50:00Z", "dana", "/incident action @sam Fix it");
  CHECK_THAT(
      EngineFixture::replies(plain.say("2026-03-12T14:51:00Z", "dana", "/incident export A-1")),
      Catch::Contains("No tracker is set up"));
}

TEST_CASE("export on_create and on_close ask by themselves", "[engine][trackers]") {
  TrackerFixture on_create(ExportWhen::on_create);
  on_create.run("2026-03-12T14:46:10Z", "dana", "/incident start API down");
  CHECK_THAT(on_create.run("2026-03-12T14:50:00Z", "dana", "/incident action @sam Fix it"),
             Catch::Contains("going to GitHub acme/web"));
  CHECK(on_create.state_of(1) == State::requested);

  TrackerFixture on_close(ExportWhen::on_close);
  on_close.seed();
  CHECK(on_close.state_of(1) == State::none);
  on_close.run("2026-03-12T15:30:00Z", "dana", "/incident close");
  CHECK(on_close.state_of(1) == State::requested);
  CHECK(on_close.state_of(2) == State::requested);
  CHECK(on_close.tracked.tracker_work().exports.size() == 2);
}

TEST_CASE("the issue says what the item is and whose and when and where the incident is",
          "[engine][trackers]") {
  TrackerFixture f;
  f.seed();
  const auto issue = f.tracked.tracker_issue(*f.store->actions().find(1));
  CHECK(issue.title == "Fix the query");
  CHECK(issue.owner == "sam");
  CHECK(issue.marker == "scribe-A-1");
  CHECK(issue.labels == std::vector<std::string>{"INC-1"});
  std::string body;
  for (const auto& p : issue.paragraphs) body += p + "\n";
  CHECK_THAT(body,
             Catch::Contains("Action item A-1 from the postmortem of INC-1: API returning 503s."));
  CHECK_THAT(body, Catch::Contains("Owner: @sam. Due 2026-03-13."));
  CHECK_THAT(body, Catch::Contains("customer impact 40 minutes, detection gap 13 minutes"));
  CHECK_THAT(body, Catch::Contains("https://scribe.example.com/incidents/INC-1"));
}

TEST_CASE("the loop's results are kept once and the key is shown wherever the item is",
          "[engine][trackers]") {
  TrackerFixture f;
  f.seed();
  f.run("2026-03-12T15:22:00Z", "dana", "/incident export INC-1");
  const Instant now = *parse_iso8601("2026-03-12T15:23:00Z");
  f.tracked.tracker_export_starting(1);
  CHECK(f.state_of(1) == State::creating);
  CHECK(f.tracked.tracker_work().exports.size() == 2);  // creating is still work: look first
  const auto made = posts(f.tracked.tracker_export_made(
      1, "acme/web#41", "https://github.com/acme/web/issues/41", now));
  CHECK_THAT(made,
             Catch::Contains("A-1 is now acme/web#41 (https://github.com/acme/web/issues/41)"));
  const auto refused = posts(f.tracked.tracker_exports_refused({2}, "404 Not Found", now));
  CHECK_THAT(refused, Catch::Contains("A-2 could not be exported to GitHub acme/web: 404 Not Found. "
                                      "Fix the [trackers] settings, then `/incident export A-2`."));
  CHECK(f.tracked.tracker_exports_refused({2}, "404 Not Found", now).empty());  // once
  CHECK_THAT(describe_action(*f.store->actions().find(2), now, "UTC"),
             Catch::Contains("\xE2\x80\x94 not exported: 404 Not Found"));
  CHECK(f.tracked.tracker_work().exports.empty());

  const auto item = *f.store->actions().find(1);
  CHECK_THAT(describe_action(item, now, "UTC"),
             Catch::Contains("\xE2\x86\x92 acme/web#41 (https://github.com/acme/web/issues/41)"));
  f.run("2026-03-12T15:30:00Z", "dana", "/incident close");
  const auto draft = f.store->drafts().latest(1);
  REQUIRE(draft);
  CHECK_THAT(draft->markdown,
             Catch::Contains("(A-1, [acme/web#41](https://github.com/acme/web/issues/41))"));
  // A refused export is asked again once the settings are fixed.
  CHECK_THAT(f.run("2026-03-12T15:40:00Z", "dana", "/incident export A-2"),
             Catch::Contains("Exporting A-2"));
}

TEST_CASE("closed in the tracker is done here and reopened is open and done here closes it there",
          "[engine][trackers]") {
  TrackerFixture f;
  f.seed();
  const Instant now = *parse_iso8601("2026-03-12T15:23:00Z");
  f.tracked.tracker_export_made(1, "acme/web#41", "https://github.com/acme/web/issues/41", now);
  f.tracked.tracker_export_made(2, "acme/web#42", "https://github.com/acme/web/issues/42", now);

  auto said = posts(f.tracked.tracker_observed({{"acme/web#41", true, "samdev"}}, now));
  CHECK_THAT(said,
             Catch::Contains("A-1 done: acme/web#41 in GitHub acme/web was closed by samdev"));
  CHECK(f.store->actions().find(1)->done_at == now);
  // The same state again (a poll after the webhook) changes nothing.
  CHECK(f.tracked.tracker_observed({{"acme/web#41", true, "samdev"}}, now).empty());
  CHECK(f.tracked.tracker_observed({{"acme/web#999", true, ""}}, now).empty());  // not ours
  CHECK(f.tracked.tracker_work().closes.empty());  // closed there already

  // Its owner is reminded of A-2 only.
  FollowUp follow_up(*f.store, FollowUpOptions{});
  std::string reminders;
  for (const auto& s : follow_up.run_due(*parse_iso8601("2026-03-30T12:00:00Z")))
    if (const auto* dm = std::get_if<DirectMessage>(&s.effect)) reminders += dm->text + "\n";
  CHECK_THAT(reminders, Catch::Contains("A-2"));
  CHECK_THAT(
      reminders,
      Catch::Contains(
          "close acme/web#42 (https://github.com/acme/web/issues/42), or `/incident done A-2`"));
  CHECK_THAT(reminders, !Catch::Contains("A-1"));

  said = posts(f.tracked.tracker_observed({{"acme/web#41", false, "samdev"}}, now));
  CHECK_THAT(said,
             Catch::Contains("A-1 is open again: acme/web#41 in GitHub acme/web was reopened"));
  CHECK(!f.store->actions().find(1)->done_at);

  // `done` in chat: the loop is to close the issue, once.
  CHECK_THAT(f.run("2026-03-12T16:00:00Z", "dana", "/incident done A-2"),
             Catch::Contains("A-2 done (INC-1, @lee): Add a linter rule \xC2\xB7 closing acme/web#42 in GitHub acme/web"));
  auto work = f.tracked.tracker_work();
  REQUIRE(work.closes.size() == 1);
  CHECK(work.closes[0].number == 2);
  f.tracked.tracker_closed_by_scribe(2);
  CHECK(f.tracked.tracker_work().closes.empty());
  // The webhook of that close finds nothing to change.
  CHECK(f.tracked.tracker_observed({{"acme/web#42", true, "scribe-bot"}}, now).empty());
}
