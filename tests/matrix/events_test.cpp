// Matrix events as the core sees them.
#include "adapters/matrix/events.hpp"

#include <catch2/catch.hpp>
#include <map>

using namespace scribe::matrix;
using scribe::core::InboundKind;

namespace {

const std::string kRoom = "!room:x.org";

struct Translate {
  std::map<std::string, std::string> reactions;
  TranslateContext context{
      "@scribe:x.org",
      [this](const std::string& id) -> std::optional<std::string> {
        if (auto it = reactions.find(id); it != reactions.end()) return it->second;
        return std::nullopt;
      },
      [](const std::string& user) { return user == "@dana:x.org" ? std::string("Dana") : ""; }};

  std::optional<scribe::core::Inbound> operator()(const RoomEvent& e) {
    return to_inbound(e, kRoom, context);
  }
};

RoomEvent text(const std::string& id, const std::string& sender, const std::string& body,
               const std::string& msgtype = "m.text") {
  RoomEvent e;
  e.type = "m.room.message";
  e.event_id = id;
  e.sender = sender;
  e.origin_server_ts = 1773326770000;  // 2026-03-12T14:46:10Z
  e.content.msgtype = msgtype;
  e.content.body = body;
  return e;
}

}  // namespace

TEST_CASE("a text message becomes an Inbound message keyed by its event id", "[matrix]") {
  Translate t;
  auto in = t(text("$m1", "@dana:x.org", "!incident start API down sev:P1"));
  REQUIRE(in);
  CHECK(in->kind == InboundKind::message);
  CHECK(in->platform == "matrix");
  CHECK(in->event_id == "$m1");
  CHECK(in->message_id == "$m1");
  CHECK(in->channel == kRoom);
  CHECK(in->author == "@dana:x.org");
  CHECK(in->author_name == "Dana");
  CHECK(scribe::core::to_epoch_ms(in->at) == 1773326770000);
  CHECK(in->text == "!incident start API down sev:P1");
  CHECK_FALSE(in->slash_command);
  CHECK_FALSE(in->from_bot);
  // Unknown display name: the user id stands in.
  CHECK(t(text("$m2", "@sam:x.org", "hi"))->author_name == "@sam:x.org");
}

TEST_CASE("an event without a usable origin_server_ts is placed at its arrival, not at 1970",
          "[matrix]") {
  Translate t;
  t.context.received_at = scribe::core::from_epoch_ms(1773327000000);  // 14:50:00Z
  auto missing = text("$m3", "@dana:x.org", "no clock on this one");
  missing.origin_server_ts = 0;  // what the decoder leaves for absent or garbage values
  REQUIRE(t(missing));
  CHECK(scribe::core::to_epoch_ms(t(missing)->at) == 1773327000000);
  // A real timestamp is still the event's own, even when it is earlier.
  CHECK(scribe::core::to_epoch_ms(t(text("$m4", "@dana:x.org", "clocked"))->at) == 1773326770000);
}
TEST_CASE("emotes are kept, notices and our own messages are from a bot", "[matrix]") {
  Translate t;
  CHECK(t(text("$e", "@sam:x.org", "is looking", "m.emote"))->text == "/me is looking");
  CHECK(t(text("$n", "@otherbot:x.org", "deploy done", "m.notice"))->from_bot);
  CHECK(t(text("$s", "@scribe:x.org", "!incident help"))->from_bot);
  CHECK_FALSE(t(text("$u", "@sam:x.org", "hello"))->from_bot);
  CHECK(t(text("$i", "@sam:x.org", "graph.png", "m.image"))->text == "[image] graph.png");
  CHECK_FALSE(t(text("$k", "@sam:x.org", "?", "org.example.custom")));
}

TEST_CASE("an edit targets the original event with the new body", "[matrix]") {
  Translate t;
  RoomEvent e = text("$edit", "@sam:x.org", "* pool at max");
  e.content.new_body = "pool at max (200/200)";
  e.content.new_msgtype = "m.text";
  e.content.relates_to = {"m.replace", "$orig", "", ""};
  auto in = t(e);
  REQUIRE(in);
  CHECK(in->kind == InboundKind::edit);
  CHECK(in->event_id == "$edit");
  CHECK(in->message_id == "$orig");
  CHECK(in->text == "pool at max (200/200)");
  // Without m.new_content the fallback body loses its "* ".
  e.content.new_body.reset();
  CHECK(t(e)->text == "pool at max");
}

TEST_CASE("thread replies are ordinary messages, reply fallbacks are stripped", "[matrix]") {
  Translate t;
  RoomEvent thread = text("$t", "@sam:x.org", "I'm on it");
  thread.content.relates_to = {"m.thread", "$root", "", "$root"};
  auto in = t(thread);
  REQUIRE(in);
  CHECK(in->kind == InboundKind::message);
  CHECK(in->message_id == "$t");
  CHECK(in->text == "I'm on it");

  RoomEvent reply = text("$r", "@sam:x.org", "> <@dana:x.org> is it the pool?\n> really?\n\nyes");
  reply.content.relates_to.in_reply_to = "$q";
  CHECK(t(reply)->text == "yes");
  // A message that merely starts with a quote is not a reply.
  CHECK(t(text("$q2", "@sam:x.org", "> quoted\n\nmine"))->text == "> quoted\n\nmine");
}

TEST_CASE("a pushpin reaction pins its target, other reactions are ignored", "[matrix]") {
  Translate t;
  RoomEvent r;
  r.type = "m.reaction";
  r.event_id = "$react";
  r.sender = "@dana:x.org";
  r.origin_server_ts = 1773326800000;
  r.content.relates_to = {"m.annotation", "$msg", "\xF0\x9F\x93\x8C", ""};
  auto in = t(r);
  REQUIRE(in);
  CHECK(in->kind == InboundKind::reaction_added);
  CHECK(in->event_id == "$react");
  CHECK(in->message_id == "$msg");
  CHECK(in->reaction == "pushpin");

  r.content.relates_to.key = "\xF0\x9F\x93\x8C\xEF\xB8\x8F";  // with VS16
  CHECK(t(r));
  r.content.relates_to.key = "\xF0\x9F\x91\x8D";  // thumbs up
  CHECK_FALSE(t(r));
  r.content.relates_to.key = "\xF0\x9F\x93\x8C\xF0\x9F\x93\x8C";
  CHECK_FALSE(t(r));
}

TEST_CASE("a redaction deletes a message, or removes a pushpin it names", "[matrix]") {
  Translate t;
  t.reactions["$react"] = "$msg";
  RoomEvent red;
  red.type = "m.room.redaction";
  red.event_id = "$red1";
  red.sender = "@dana:x.org";
  red.origin_server_ts = 1773326900000;
  red.redacts = "$some_message";
  auto del = t(red);
  REQUIRE(del);
  CHECK(del->kind == InboundKind::deletion);
  CHECK(del->event_id == "$red1");
  CHECK(del->message_id == "$some_message");

  red.redacts = "$react";
  auto removed = t(red);
  REQUIRE(removed);
  CHECK(removed->kind == InboundKind::reaction_removed);
  CHECK(removed->message_id == "$msg");
  CHECK(removed->reaction == "pushpin");
}

TEST_CASE("state events, redacted events and events without an id are skipped", "[matrix]") {
  Translate t;
  RoomEvent member = text("$mem", "@sam:x.org", "");
  member.type = "m.room.member";
  member.state_key = "@sam:x.org";
  CHECK_FALSE(t(member));
  RoomEvent gone = text("$gone", "@sam:x.org", "");
  gone.content = {};
  gone.redacted = true;
  CHECK_FALSE(t(gone));
  CHECK_FALSE(t(text("", "@sam:x.org", "no id")));
}
