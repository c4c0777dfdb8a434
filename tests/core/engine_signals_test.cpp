// Signals on the timeline: routing by service, the recent window, exactly
// once per key, milestones from machines where no person set them.
#include <catch2/catch.hpp>

#include <algorithm>

#include "bot/core/engine.hpp"
#include "bot/core/postmortem.hpp"
#include "tests/support/engine_fixture.hpp"

using namespace scribe::core;
using scribe::test::EngineFixture;

namespace {

Instant at(const std::string& iso) {
  return *parse_iso8601(iso);
}

Signal deploy_at(const std::string& iso) {
  Signal s;
  s.source = "generic";
  s.key = "deploy-4711";
  s.kind = SignalKind::deploy;
  s.at = at(iso);
  s.services = {"api"};
  s.name = "deploy";
  s.text = "Deploy of v2.4.1 completed to production";
  return s;
}

Signal alert_at(const std::string& iso, std::string fingerprint = "c0ffee") {
  Signal s;
  s.source = "alertmanager";
  s.key = fingerprint + "@" + iso + ":firing";
  s.kind = SignalKind::alert;
  s.at = at(iso);
  s.services = {"api"};
  s.name = "HighErrorRate";
  s.text = "HighErrorRate firing: error rate above 5% on /api";
  return s;
}

const TimelineEntry* entry_of(const std::vector<TimelineEntry>& timeline,
                              const std::string& signal_key) {
  for (const auto& e : timeline)
    if (e.source_message.ends_with(signal_key)) return &e;
  return nullptr;
}

std::string draft_of(EngineFixture& f, std::int64_t incident, const std::string& iso) {
  for (const auto& effect : f.engine.write_draft(incident, at(iso)))
    if (const auto* file = std::get_if<PostFile>(&effect)) return file->content;
  return f.store->drafts().latest(incident)->markdown;
}

}  // namespace

TEST_CASE("a deploy and an alert before the incident are pulled in when it is given its service",
          "[engine][signals]") {
  EngineFixture f;
  auto handled =
      f.engine.handle_signals({deploy_at("2026-03-12T14:12:00Z")}, at("2026-03-12T14:12:01Z"));
  CHECK(handled.accepted == 1);
  CHECK(handled.effects.empty());  // no incident yet: kept, nothing said
  handled = f.engine.handle_signals({alert_at("2026-03-12T14:44:00Z")}, at("2026-03-12T14:45:00Z"));
  CHECK(handled.accepted == 1);

  f.say("2026-03-12T14:46:10Z", "dana", "/incident start API returning 503s sev:P1");
  CHECK(f.store->timeline().list(1).size() == 1);  // only the declaration: no service yet
  const auto out = f.say("2026-03-12T14:46:40Z", "dana", "/incident service api");
  CHECK_THAT(f.replies(out), Catch::Contains("INC-1 is about api."));
  CHECK_THAT(f.replies(out), Catch::Contains("14:12 webhook: deploy: Deploy of v2.4.1 completed"));
  CHECK_THAT(f.replies(out),
             Catch::Contains("14:44 Alertmanager: HighErrorRate: HighErrorRate firing"));
  CHECK_THAT(f.replies(out), Catch::Contains("(Detected)"));

  const auto timeline = f.store->timeline().list(1);
  const auto* deploy = entry_of(timeline, "deploy-4711");
  REQUIRE(deploy != nullptr);
  CHECK(deploy->kind == EntryKind::note);
  CHECK(deploy->at == at("2026-03-12T14:12:00Z"));
  CHECK(deploy->signal == "webhook: deploy");
  const auto* alert = entry_of(timeline, ":firing");
  REQUIRE(alert != nullptr);
  CHECK(alert->kind == EntryKind::milestone);
  CHECK(alert->milestone == Milestone::detected);
  CHECK(alert->at == at("2026-03-12T14:44:00Z"));

  const auto listing = f.replies(f.say("2026-03-12T14:47:00Z", "dana", "/incident timeline"));
  CHECK_THAT(listing,
             Catch::Contains("[detected] HighErrorRate firing: error rate above 5% on /api "
                             "(by Alertmanager: HighErrorRate)"));
  f.say("2026-03-12T15:06:00Z", "dana", "/incident impact 14:31 First 503s");
  const auto figures = compute_figures(*f.store->incidents().find(1), f.store->timeline().list(1));
  REQUIRE(figures.detection_gap);
  CHECK(figures.detection_gap->minutes() == 13);

  f.say("2026-03-12T15:11:00Z", "dana", "/incident resolved");
  const std::string draft = draft_of(f, 1, "2026-03-12T15:30:00Z");
  CHECK_THAT(draft, Catch::Contains(
                        "14:12 — Deploy of v2.4.1 completed to production (by webhook: deploy)"));
  CHECK_THAT(draft, Catch::Contains(
                        "Detected at 14:44 by Alertmanager: HighErrorRate: HighErrorRate firing"));
  CHECK_THAT(draft, Catch::Contains("Detection gap: 13 minutes (14:31–14:44)"));
}

TEST_CASE("a signal for an open incident's service goes on its timeline at once and is said there",
          "[engine][signals]") {
  EngineFixture f;
  f.say("2026-03-12T14:46:10Z", "dana", "/incident start API returning 503s sev:P1");
  f.say("2026-03-12T14:46:20Z", "dana", "/incident service checkout api");
  auto handled =
      f.engine.handle_signals({alert_at("2026-03-12T14:44:00Z")}, at("2026-03-12T14:47:00Z"));
  REQUIRE(handled.effects.size() == 1);
  CHECK(handled.effects[0].platform == "console");
  const auto& post = std::get<PostMessage>(handled.effects[0].effect);
  CHECK(post.channel == "#general");
  CHECK_THAT(post.text, Catch::Contains("Alertmanager: HighErrorRate"));
  CHECK_THAT(post.text, Catch::Contains("Detected set from it"));

  // A signal for another service stays out, and is kept for later.
  Signal other = deploy_at("2026-03-12T14:48:00Z");
  other.services = {"billing"};
  handled = f.engine.handle_signals({other}, at("2026-03-12T14:48:01Z"));
  CHECK(handled.accepted == 1);
  CHECK(handled.effects.empty());
  CHECK(entry_of(f.store->timeline().list(1), "deploy-4711") == nullptr);
  CHECK(f.store->signals().kept_since(at("2026-03-12T14:00:00Z")).size() == 1);
}

TEST_CASE("a re-sent signal changes nothing, and a pulled one is not pulled twice",
          "[engine][signals]") {
  EngineFixture f;
  f.say("2026-03-12T14:46:10Z", "dana", "/incident start API returning 503s sev:P1");
  f.say("2026-03-12T14:46:20Z", "dana", "/incident service api");
  const auto first =
      f.engine.handle_signals({alert_at("2026-03-12T14:44:00Z")}, at("2026-03-12T14:47:00Z"));
  const auto size = f.store->timeline().list(1).size();
  const auto again =
      f.engine.handle_signals({alert_at("2026-03-12T14:44:00Z")}, at("2026-03-12T14:51:00Z"));
  CHECK(first.accepted == 1);
  CHECK(again.accepted == 0);
  CHECK(again.duplicates == 1);
  CHECK(again.effects.empty());
  CHECK(f.store->timeline().list(1).size() == size);

  // Kept, then pulled by `service`: naming another service pulls it no second time.
  Signal billing = deploy_at("2026-03-12T14:41:00Z");
  billing.key = "deploy-4712";
  billing.services = {"billing", "payments"};
  f.engine.handle_signals({billing}, at("2026-03-12T14:41:01Z"));
  f.say("2026-03-12T14:52:00Z", "dana", "/incident start Second incident", "#ops");
  REQUIRE(f.store->incidents().list(false).back().number == 2);
  const auto before = f.store->timeline().list(2).size();
  auto out = f.say("2026-03-12T14:53:00Z", "dana", "/incident service INC-2 billing", "#ops");
  CHECK_THAT(f.replies(out), Catch::Contains("now on the timeline"));
  CHECK(f.store->timeline().list(2).size() == before + 1);
  out = f.say("2026-03-12T14:54:00Z", "dana", "/incident service INC-2 payments", "#ops");
  CHECK_THAT(f.replies(out), !Catch::Contains("now on the timeline"));
  CHECK(f.store->timeline().list(2).size() == before + 1);
}

TEST_CASE("what a person said wins over a machine", "[engine][signals]") {
  EngineFixture f;
  f.say("2026-03-12T14:46:10Z", "dana", "/incident start API returning 503s sev:P1");
  f.say("2026-03-12T14:46:20Z", "dana", "/incident detected 14:40 customer tweet");
  f.say("2026-03-12T14:46:30Z", "dana", "/incident service api");
  f.engine.handle_signals({alert_at("2026-03-12T14:44:00Z")}, at("2026-03-12T14:47:00Z"));
  const auto timeline = f.store->timeline().list(1);
  const auto* alert = entry_of(timeline, ":firing");
  REQUIRE(alert != nullptr);
  CHECK(alert->kind == EntryKind::note);  // the person's detected stays the milestone
  CHECK(effective_milestones(timeline).at(Milestone::detected) == at("2026-03-12T14:40:00Z"));

  // PagerDuty's acknowledgement sets acknowledged where nobody did; a later
  // person's acknowledged replaces it.
  Signal ack;
  ack.source = "pagerduty";
  ack.key = "01DEF";
  ack.kind = SignalKind::acknowledged;
  ack.at = at("2026-03-12T14:48:00Z");
  ack.services = {"api"};
  ack.name = "API errors";
  ack.text = "Acknowledged by Dana";
  f.engine.handle_signals({ack}, at("2026-03-12T14:48:02Z"));
  CHECK(effective_milestones(f.store->timeline().list(1)).at(Milestone::acknowledged) ==
        at("2026-03-12T14:48:00Z"));
  f.say("2026-03-12T14:50:00Z", "sam", "/incident acknowledged 14:47");
  CHECK(effective_milestones(f.store->timeline().list(1)).at(Milestone::acknowledged) ==
        at("2026-03-12T14:47:00Z"));
}

TEST_CASE("a signal may name its incident, and is kept when there is no such incident",
          "[engine][signals]") {
  EngineFixture f;
  f.say("2026-03-12T14:46:10Z", "dana", "/incident start API returning 503s sev:P1");
  Signal named = deploy_at("2026-03-12T14:50:00Z");
  named.services = {"elsewhere"};
  named.incident = 1;
  auto handled = f.engine.handle_signals({named}, at("2026-03-12T14:50:01Z"));
  CHECK(handled.effects.size() == 1);
  CHECK(entry_of(f.store->timeline().list(1), "deploy-4711") != nullptr);

  named.key = "deploy-9";
  named.incident = 7;  // no such incident: kept, not lost
  handled = f.engine.handle_signals({named}, at("2026-03-12T14:51:00Z"));
  CHECK(handled.accepted == 1);
  CHECK(f.store->signals().kept_since(at("2026-03-12T14:00:00Z")).size() == 1);
}

TEST_CASE("service takes names and says its usage without one", "[engine][signals]") {
  EngineFixture f;
  f.say("2026-03-12T14:46:10Z", "dana", "/incident start API returning 503s sev:P1");
  auto out = f.say("2026-03-12T14:46:20Z", "dana", "/incident service");
  CHECK_THAT(f.replies(out), Catch::Contains("Usage: /incident service <name>"));
  out = f.say("2026-03-12T14:46:30Z", "dana", "/incident service API, Checkout");
  CHECK_THAT(f.replies(out), Catch::Contains("INC-1 is about api, checkout."));
  CHECK(f.store->incidents().find(1)->services == std::vector<std::string>{"api", "checkout"});
  out = f.say("2026-03-12T14:46:40Z", "dana", "/incident service api");
  CHECK_THAT(f.replies(out), Catch::Contains("INC-1 is already about api, checkout."));
}

TEST_CASE("an alert chosen by auto_declare declares an incident, announced where configured",
          "[engine][signals]") {
  EngineFixture f;
  auto options = EngineFixture::default_options();
  options.auto_declare_platform = "slack";
  options.auto_declare_channel = "C0ONCALL";
  IncidentEngine engine(*f.store, options);
  engine.handle_signals({deploy_at("2026-03-12T14:12:00Z")}, at("2026-03-12T14:12:01Z"));
  Signal alert = alert_at("2026-03-12T14:44:00Z");
  alert.declares = true;
  alert.severity = Severity::p1;
  alert.title = "HighErrorRate: error rate above 5% on /api";
  Signal second = alert_at("2026-03-12T14:44:00Z", "d00d");  // the same group's other alert
  second.declares = true;
  const auto handled = engine.handle_signals({alert, second}, at("2026-03-12T14:45:00Z"));
  CHECK(handled.accepted == 2);

  const auto incidents = f.store->incidents().list(false);
  REQUIRE(incidents.size() == 1);  // the second alert joined the first's incident
  const Incident& inc = incidents[0];
  CHECK(inc.title == "HighErrorRate: error rate above 5% on /api");
  CHECK(inc.severity == Severity::p1);
  CHECK(inc.services == std::vector<std::string>{"api"});
  CHECK(inc.lead.empty());
  CHECK(inc.origin_channel == "C0ONCALL");
  CHECK(inc.platform == "slack");
  const auto timeline = f.store->timeline().list(inc.number);
  CHECK(effective_milestones(timeline).at(Milestone::detected) == at("2026-03-12T14:44:00Z"));
  const auto declared = std::find_if(timeline.begin(), timeline.end(),
                                     [](const auto& e) { return e.kind == EntryKind::declared; });
  REQUIRE(declared != timeline.end());
  CHECK(declared->signal == "Alertmanager: HighErrorRate");
  CHECK(declared->author.empty());
  // Declared with its service, it brought the deploy before it along.
  CHECK(entry_of(timeline, "deploy-4711") != nullptr);

  bool opened = false, announced = false;
  for (const auto& e : handled.effects) {
    CHECK(e.platform == "slack");
    if (const auto* open = std::get_if<OpenChannel>(&e.effect)) opened = open->invite.empty();
    if (const auto* post = std::get_if<PostMessage>(&e.effect))
      announced = announced ||
                  (post->channel == "C0ONCALL" &&
                   post->text.find("\xC2\xB7 declared by Alertmanager: HighErrorRate \xE2\x86\x92 #inc-20260312-") !=
                                    std::string::npos);
  }
  CHECK(opened);
  CHECK(announced);

  // Without a channel to announce in, nothing declares: the alert is kept.
  EngineFixture quiet;
  Signal kept = alert_at("2026-03-12T14:44:00Z");
  kept.declares = true;
  quiet.engine.handle_signals({kept}, at("2026-03-12T14:45:00Z"));
  CHECK(quiet.store->incidents().list(true).empty());
  CHECK(quiet.store->signals().kept_since(at("2026-03-12T14:00:00Z")).size() == 1);
}
