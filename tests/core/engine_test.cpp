#include "bot/core/engine.hpp"

#include <catch2/catch.hpp>
#include <sstream>

#include "bot/core/text.hpp"
#include "tests/support/engine_fixture.hpp"

using namespace scribe::core;
using scribe::test::EngineFixture;
using namespace std::string_literals;

namespace {

// Everything a user could observe in the database, as text.
std::string snapshot(Store& store) {
  std::ostringstream s;
  for (const auto& inc : store.incidents().list(true)) {
    s << inc.number << "|" << inc.title << "|" << to_string(inc.status) << "|" << inc.lead << "|"
      << (inc.severity ? to_string(*inc.severity) : "-") << "|" << inc.summary << "|" << inc.cause
      << "|" << inc.whys.size() << "|" << inc.affected.size() << "|" << inc.channel << "\n";
    for (const auto& e : store.timeline().list(inc.number))
      s << "  T " << to_epoch_ms(e.at) << " " << to_string(e.kind) << " " << e.text << "\n";
    for (const auto& l : store.transcript().list(inc.number))
      s << "  L " << l.message_id << " " << l.text << (l.edited_at ? " (edited)" : "") << "\n";
    for (const auto& a : store.actions().list_for_incident(inc.number))
      s << "  A " << a.number << " " << a.owner << " " << a.description << " "
        << (a.done_at ? "done" : "open") << "\n";
    s << "  drafts " << store.drafts().list(inc.number).size() << "\n";
  }
  return s.str();
}

}  // namespace

TEST_CASE("an incident is declared, worked and closed into a draft", "[engine]") {
  EngineFixture f;
  auto out = f.say("2026-03-12T14:46:10Z", "dana", "/incident start API returning 503s sev:P1");
  CHECK_THAT(f.replies(out), Catch::Contains("INC-1 declared: API returning 503s"));
  auto inc = f.store->incidents().find(1);
  REQUIRE(inc);
  CHECK(inc->lead == "dana");
  CHECK(inc->severity == Severity::p1);
  CHECK(inc->channel == "#general");  // the console keeps the incident where it was declared
  CHECK(inc->channel_name == "inc-20260312-api-returning-503s");

  f.say("2026-03-12T14:46:40Z", "dana", "/incident detected 14:44 PingBase alert fires");
  f.say("2026-03-12T14:49:02Z", "sam", "error rate on /api/orders is climbing");
  f.say("2026-03-12T15:06:00Z", "dana", "/incident impact 14:31 First 503s");
  CHECK(f.store->incidents().find(1)->status == IncidentStatus::open);

  f.say("2026-03-12T15:11:00Z", "dana", "/incident resolved");
  CHECK(f.store->incidents().find(1)->status == IncidentStatus::resolved);
  out = f.say("2026-03-12T15:30:00Z", "dana", "/incident close");
  const DraftReady* draft = f.draft_in(out);
  REQUIRE(draft);
  CHECK(draft->version == 1);
  CHECK_THAT(draft->markdown, Catch::Contains("40 minutes (14:31\xE2\x80\x93"
                                              "15:11)"));
  CHECK_THAT(draft->markdown, Catch::Contains("error rate on /api/orders is climbing"));
  bool posted = false;
  for (const auto& e : out)
    if (const auto* file = std::get_if<PostFile>(&e)) {
      posted = true;
      CHECK(file->channel == "#general");
      CHECK_THAT(file->comment, Catch::Contains("customer impact 40 min"));
      CHECK_THAT(file->comment, Catch::Contains("detection gap 13 min"));
    }
  CHECK(posted);
  CHECK(f.store->incidents().find(1)->status == IncidentStatus::closed);

  // After close the channel is free again; commands say how to start.
  out = f.say("2026-03-12T15:31:00Z", "dana", "/incident note too late");
  CHECK_THAT(f.replies(out), Catch::Contains("No open incident in this channel"));
}

TEST_CASE("re-applying any event changes nothing", "[engine][idempotence]") {
  EngineFixture f;
  std::vector<Inbound> events = {
      f.message("2026-03-12T14:46:10Z", "dana", "/incident start API down sev:P2"),
      f.message("2026-03-12T14:47:00Z", "sam", "looking at the pool"),
      f.message("2026-03-12T14:48:00Z", "dana", "/incident note 14:40 deploy finished"),
      f.message("2026-03-12T14:49:00Z", "dana", "/incident sev P1"),
      f.message("2026-03-12T14:50:00Z", "dana", "/incident lead @sam"),
      f.message("2026-03-12T14:51:00Z", "dana", "/incident why pool exhausted"),
      f.message("2026-03-12T14:52:00Z", "dana", "/incident action @sam fix it due +3d"),
      f.message("2026-03-12T14:53:00Z", "dana", "/incident done A-1"),
      f.message("2026-03-12T14:54:00Z", "dana", "/incident resolved"),
      f.message("2026-03-12T14:55:00Z", "dana", "/incident close"),
  };
  Inbound edit = f.message("2026-03-12T14:47:30Z", "sam", "looking at the DB pool");
  edit.kind = InboundKind::edit;
  edit.message_id = events[1].message_id;
  events.insert(events.begin() + 2, edit);
  Inbound pin = f.message("2026-03-12T14:48:30Z", "dana", "");
  pin.kind = InboundKind::reaction_added;
  pin.reaction = "pushpin";
  pin.message_id = events[1].message_id;
  events.insert(events.begin() + 3, pin);

  for (const auto& e : events) {
    const std::string before = snapshot(*f.store);
    f.engine.handle(e);
    const std::string after = snapshot(*f.store);
    // The same event again, as a redelivery would bring it.
    CHECK(f.engine.handle(e).empty());
    CHECK(snapshot(*f.store) == after);
    CHECK(before != after);
  }
}

TEST_CASE("edits, deletions and pushpins change the transcript and timeline", "[engine]") {
  EngineFixture f;
  f.say("2026-03-12T10:00:00Z", "dana", "/incident start Search slow");
  Inbound msg = f.message("2026-03-12T10:05:00Z", "sam", "p99 latency doubled");
  f.engine.handle(msg);

  Inbound pin = f.message("2026-03-12T10:20:00Z", "lee", "");
  pin.kind = InboundKind::reaction_added;
  pin.reaction = "pushpin";
  pin.message_id = msg.message_id;
  f.engine.handle(pin);
  auto timeline = f.store->timeline().list(1);
  REQUIRE(timeline.size() == 2);
  CHECK(timeline[1].kind == EntryKind::pinned);
  CHECK(timeline[1].at == msg.at);  // pinned at the time the message was posted
  CHECK(timeline[1].text == "p99 latency doubled");

  Inbound unpin = pin;
  unpin.event_id = "unpin-1";
  unpin.kind = InboundKind::reaction_removed;
  f.engine.handle(unpin);
  CHECK(f.store->timeline().list(1).size() == 1);

  Inbound edit = f.message("2026-03-12T10:06:00Z", "sam", "p99 latency tripled");
  edit.kind = InboundKind::edit;
  edit.message_id = msg.message_id;
  f.engine.handle(edit);
  auto line = f.store->transcript().find(1, msg.message_id);
  REQUIRE(line);
  CHECK(line->text == "p99 latency tripled");
  CHECK(line->at == msg.at);
  CHECK(line->edited_at);

  Inbound del = f.message("2026-03-12T10:07:00Z", "sam", "");
  del.kind = InboundKind::deletion;
  del.message_id = msg.message_id;
  f.engine.handle(del);
  CHECK_FALSE(f.store->transcript().find(1, msg.message_id));

  Inbound bot = f.message("2026-03-12T10:08:00Z", "scribe", "/incident note from a bot");
  bot.from_bot = true;
  CHECK(f.engine.handle(bot).empty());
  CHECK(f.store->timeline().list(1).size() == 1);
}

TEST_CASE("several incidents are open at once, one per channel", "[engine]") {
  EngineFixture f;
  f.say("2026-03-12T10:00:00Z", "dana", "/incident start Search slow", "#search");
  f.say("2026-03-12T10:01:00Z", "sam", "/incident start Payments failing sev:P1", "#payments");
  auto out = f.say("2026-03-12T10:02:00Z", "dana", "/incident start Another one", "#search");
  CHECK_THAT(f.replies(out), Catch::Contains("INC-1 is still open in this channel"));

  f.say("2026-03-12T10:03:00Z", "dana", "/incident note reindex running", "#search");
  f.say("2026-03-12T10:04:00Z", "sam", "/incident note card processor timeouts", "#payments");
  CHECK(f.store->timeline().list(1).back().text == "reindex running");
  CHECK(f.store->timeline().list(2).back().text == "card processor timeouts");

  out = f.say("2026-03-12T10:05:00Z", "sam", "/incident list", "#random");
  CHECK_THAT(f.replies(out), Catch::Contains("INC-1"));
  CHECK_THAT(f.replies(out), Catch::Contains("INC-2"));
  out = f.say("2026-03-12T10:06:00Z", "sam", "/incident note hello", "#random");
  CHECK_THAT(f.replies(out), Catch::Contains("/incident start <title>"));
}

TEST_CASE("malformed commands get that command's usage line, never silence", "[engine]") {
  EngineFixture f;
  f.say("2026-03-12T10:00:00Z", "dana", "/incident start Search slow");
  const std::pair<const char*, const char*> cases[] = {
      {"/incident note", "Usage: /incident note"},
      {"/incident action", "Usage: /incident action"},
      {"/incident sev P9", "Usage: /incident sev"},
      {"/incident detected 31:00", "Usage: /incident <started|"},
      {"/incident done", "Usage: /incident done"},
      {"/incident bogus", "Unknown command"},
  };
  for (const auto& [text, expected] : cases) {
    auto out = f.say("2026-03-12T10:01:00Z", "dana", text);
    REQUIRE(out.size() == 1);
    const auto& reply = std::get<PostMessage>(out[0]);
    CHECK_THAT(reply.text, Catch::Contains(expected));
    CHECK(reply.ephemeral_to == "dana");
  }
}

TEST_CASE("action items are listed, marked done once, and overdue by the owner's zone",
          "[engine]") {
  EngineFixture f;
  f.say("2026-03-12T10:00:00Z", "dana", "/incident start Search slow");
  f.say("2026-03-12T10:01:00Z", "dana", "/incident action @sam reindex nightly due 2026-03-13");
  f.say("2026-03-12T10:02:00Z", "dana", "/incident action lee add an alert");
  auto out = f.say("2026-03-15T09:00:00Z", "sam", "/incident actions overdue");
  CHECK_THAT(f.replies(out), Catch::Contains("A-1 [ ] @sam \xE2\x80\x94 reindex nightly"));
  CHECK_THAT(f.replies(out), Catch::Contains("2 days overdue"));
  CHECK_THAT(f.replies(out), !Catch::Contains("A-2"));
  out = f.say("2026-03-15T09:01:00Z", "lee", "/incident actions mine");
  CHECK_THAT(f.replies(out), Catch::Contains("A-2 [ ] @lee"));
  out = f.say("2026-03-15T09:02:00Z", "lee", "/incident done A-1", "#elsewhere");
  CHECK_THAT(f.replies(out), Catch::Contains("A-1 done"));
  CHECK(f.store->actions().find(1)->done_by == "lee");
  out = f.say("2026-03-15T09:03:00Z", "lee", "/incident done A-1");
  CHECK_THAT(f.replies(out), Catch::Contains("already done"));
  out = f.say("2026-03-15T09:04:00Z", "lee", "/incident done A-9");
  CHECK_THAT(f.replies(out), Catch::Contains("no action item A-9"));
}

TEST_CASE("severity, lead and title changes are timeline entries", "[engine]") {
  EngineFixture f;
  f.say("2026-03-12T10:00:00Z", "dana", "/incident start Search slow sev:P3");
  f.say("2026-03-12T10:01:00Z", "dana", "/incident sev P1");
  f.say("2026-03-12T10:02:00Z", "dana", "/incident lead @sam");
  f.say("2026-03-12T10:03:00Z", "sam", "/incident title Search down");
  auto inc = f.store->incidents().find(1);
  CHECK(inc->severity == Severity::p1);
  CHECK(inc->lead == "sam");
  CHECK(inc->title == "Search down");
  auto t = f.store->timeline().list(1);
  REQUIRE(t.size() == 4);
  CHECK(t[1].kind == EntryKind::severity);
  CHECK(t[1].text == "Severity changed from P3 to P1");
  CHECK(t[2].kind == EntryKind::lead);
  CHECK(t[3].kind == EntryKind::title);
}

TEST_CASE("platforms with dedicated channels open one and route the origin channel to it",
          "[engine]") {
  EngineFixture f;
  Inbound start = f.message("2026-03-12T10:00:00Z", "U1", "start Checkout down sev:P2", "C_OPS");
  start.platform = "slack";
  start.slash_command = true;
  auto out = f.engine.handle(start);
  const OpenChannel* open = nullptr;
  for (const auto& e : out)
    if (const auto* o = std::get_if<OpenChannel>(&e)) open = o;
  REQUIRE(open);
  CHECK(open->name == "inc-20260312-checkout-down");
  CHECK(open->invite == std::vector<std::string>{"U1"});
  CHECK_THAT(f.replies(out), Catch::Contains("#inc-20260312-checkout-down"));
  f.engine.bind_channel(open->incident, "C_INC");

  Inbound talk = f.message("2026-03-12T10:01:00Z", "U2", "cart service is 500ing", "C_INC");
  talk.platform = "slack";
  f.engine.handle(talk);
  CHECK(f.store->transcript().list(1).size() == 1);
  Inbound from_ops = f.message("2026-03-12T10:02:00Z", "U1", "note paged payments", "C_OPS");
  from_ops.platform = "slack";
  from_ops.slash_command = true;
  f.engine.handle(from_ops);
  CHECK(f.store->timeline().list(1).back().text == "paged payments");
  // Chatter in the origin channel is not the incident's transcript.
  Inbound chatter = f.message("2026-03-12T10:03:00Z", "U3", "lunch?", "C_OPS");
  chatter.platform = "slack";
  f.engine.handle(chatter);
  CHECK(f.store->transcript().list(1).size() == 1);
}

TEST_CASE("a declaration whose channel was never made is opened again, once bound never",
          "[engine]") {
  EngineFixture f;
  auto start = [&](const std::string& iso, const std::string& title, const std::string& platform) {
    Inbound e = f.message(iso, "U1", "start " + title + " sev:P2", "C_OPS");
    e.platform = platform;
    e.slash_command = true;
    return f.engine.handle(e);
  };
  start("2026-03-12T10:00:00Z", "Checkout down", "slack");
  start("2026-03-12T10:05:00Z", "Search slow", "slack");
  start("2026-03-12T10:06:00Z", "Matrix bridge lag", "matrix");
  // The process stopped before any channel was made: each Slack one is asked for again.
  auto again = f.engine.channels_never_opened("slack");
  REQUIRE(again.size() == 2);
  const auto& first = std::get<OpenChannel>(again[0]);
  CHECK(first.incident == 1);
  CHECK(first.name == "inc-20260312-checkout-down");
  CHECK(first.invite == std::vector<std::string>{"U1"});
  CHECK_THAT(first.announcement, Catch::Contains("INC-1 declared: Checkout down"));
  CHECK(std::get<OpenChannel>(again[1]).name == "inc-20260312-search-slow");
  // Made and bound: no longer asked for. Other platforms keep their own.
  f.engine.bind_channel(1, "C_INC1");
  again = f.engine.channels_never_opened("slack");
  REQUIRE(again.size() == 1);
  CHECK(std::get<OpenChannel>(again[0]).incident == 2);
  CHECK(f.engine.channels_never_opened("matrix").size() == 1);
  // The console keeps incidents where they were declared: nothing to open.
  f.say("2026-03-12T10:07:00Z", "dana", "/incident start Console one");
  CHECK(f.engine.channels_never_opened("console").empty());
}

TEST_CASE("a batch commits many events at once, with a stream cursor, each applied once",
          "[engine]") {
  EngineFixture f;
  std::vector<Inbound> batch = {
      f.message("2026-03-12T10:00:00Z", "dana", "/incident start Search slow"),
      f.message("2026-03-12T10:01:00Z", "sam", "index is 3 hours behind"),
      f.message("2026-03-12T10:02:00Z", "sam", "/incident note 09:55 reindex stalled"),
  };
  auto results = f.engine.handle_batch(batch, IncidentEngine::CursorUpdate{"test", "b1"});
  REQUIRE(results.size() == 3);
  CHECK_THAT(f.replies(results[0].effects), Catch::Contains("INC-1 declared"));
  CHECK(results[1].effects.empty());
  CHECK_THAT(f.replies(results[2].effects), Catch::Contains("Noted"));
  CHECK(f.engine.cursor("test") == "b1");
  CHECK(f.store->transcript().list(1).size() == 3);

  // The same batch redelivered, plus one new event.
  batch.push_back(f.message("2026-03-12T10:03:00Z", "sam", "reindex restarted"));
  results = f.engine.handle_batch(batch, IncidentEngine::CursorUpdate{"test", "b2"});
  CHECK(results[0].effects.empty());
  CHECK(results[2].effects.empty());
  CHECK(f.store->transcript().list(1).size() == 4);
  CHECK(f.store->timeline().list(1).size() == 2);
  CHECK(f.engine.cursor("test") == "b2");
}

TEST_CASE("bad bytes never reach storage: invalid UTF-8 becomes U+FFFD, NULs are dropped",
          "[engine]") {
  EngineFixture f;
  f.say("2026-03-12T14:46:10Z", "dana", "/incident start API \xFF" "down\0!"s);
  auto in = f.message("2026-03-12T14:47:00Z", "sa\0m"s, "latin-1 caf\xE9 is down");
  in.author_name = "Sam \xC0";
  f.engine.handle(in);
  f.say("2026-03-12T14:48:00Z", "dana", "/incident note 14:47 pool \xE2\x80 at 100%");
  const auto inc = f.store->incidents().find(1);
  REQUIRE(inc);
  CHECK(inc->title == "API \xEF\xBF\xBD" "down!");
  const auto lines = f.store->transcript().list(1);
  REQUIRE(lines.size() == 3);
  CHECK(lines[1].author == "sam");
  CHECK(lines[1].author_name == "Sam \xEF\xBF\xBD");
  CHECK(lines[1].text == "latin-1 caf\xEF\xBF\xBD is down");
  bool noted = false;
  for (const auto& e : f.store->timeline().list(1))
    noted = noted || e.text == "pool \xEF\xBF\xBD\xEF\xBF\xBD at 100%";
  CHECK(noted);
  const auto draft = f.engine.write_draft(1, *parse_iso8601("2026-03-12T15:00:00Z"));
  const DraftReady* ready = f.draft_in(draft);
  REQUIRE(ready);
  CHECK(clean_text(ready->markdown) == ready->markdown);
  CHECK(ready->markdown.find('\0') == std::string::npos);
}
