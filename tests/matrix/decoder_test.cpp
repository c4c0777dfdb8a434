// Decoding homeserver responses: the real sample payloads from the spec, and
// bodies that are broken in the ways a server or proxy breaks them.
#include "adapters/matrix/decoder.hpp"

#include <catch2/catch.hpp>

#include "tests/support/process.hpp"

using namespace scribe::matrix;

namespace {

std::string sample(const std::string& name) {
  return scribe::test::read_file(std::string(SCRIBE_FIXTURES_DIR) + "/protocol/matrix/" + name);
}

}  // namespace

TEST_CASE("the spec's sync response decodes to rooms, timeline and invites", "[matrix]") {
  const SyncResponse sync = decode_sync(sample("matrix-sync-response.json"), "@bob:example.com");
  CHECK(sync.next_batch == "s72595_4483_1934");
  REQUIRE(sync.join.count("!726s6s6q:example.com") == 1);
  const JoinedRoom& room = sync.join.at("!726s6s6q:example.com");
  CHECK(room.timeline.limited);
  CHECK(room.timeline.prev_batch == "t34-23535_0_0");
  REQUIRE(room.timeline.events.size() == 2);
  const RoomEvent& member = room.timeline.events[0];
  CHECK(member.type == "m.room.member");
  CHECK(member.state_key == std::optional<std::string>("@alice:example.org"));
  CHECK(member.content.displayname == "Alice Margatroid");
  const RoomEvent& message = room.timeline.events[1];
  CHECK(message.type == "m.room.message");
  CHECK(message.sender == "@example:example.org");
  CHECK(message.origin_server_ts == 1432735824653);
  CHECK(message.content.msgtype == "m.text");
  CHECK(message.content.body == "This is an example text message");
  CHECK_FALSE(message.state_key);
  REQUIRE(room.state.size() == 1);
  CHECK(room.state[0].content.displayname == "Example user");

  REQUIRE(sync.invite.count("!696r7674:example.com") == 1);
  CHECK(sync.invite.at("!696r7674:example.com").inviter == "@alice:example.com");
  CHECK(sync.invite.at("!696r7674:example.com").name == "My Room Name");
  CHECK(sync.leave.empty());
  CHECK(sync.skipped_events == 0);
}

TEST_CASE("event content samples: edits, threads, replies and mentions", "[matrix]") {
  // Wrap each content sample in an event and decode it as part of a sync.
  const std::string samples = sample("matrix-event-content-samples.json");
  auto event_with = [&](const std::string& key) {
    const auto at = samples.find("\"" + key + "\"");
    REQUIRE(at != std::string::npos);
    // The sample object runs from the first '{' after the key to its matching brace.
    std::size_t open = samples.find('{', at), depth = 0, end = open;
    for (; end < samples.size(); ++end) {
      if (samples[end] == '{') ++depth;
      if (samples[end] == '}' && --depth == 0) break;
    }
    const std::string content = samples.substr(open, end - open + 1);
    const std::string body =
        R"({"next_batch":"n1","rooms":{"join":{"!r:x":{"timeline":{"events":[{"type":"m.room.message","event_id":"$e","sender":"@a:x","origin_server_ts":5,"content":)" +
        content + "}]}}}}}";
    auto sync = decode_sync(body, "@bot:x");
    REQUIRE(sync.join.at("!r:x").timeline.events.size() == 1);
    return sync.join.at("!r:x").timeline.events[0];
  };
  const RoomEvent edit = event_with("edit_m.replace");
  CHECK(edit.content.relates_to.rel_type == "m.replace");
  CHECK(edit.content.relates_to.event_id == "$some_event_id");
  CHECK(edit.content.new_body == std::optional<std::string>("Hello! My name is bar"));
  CHECK(edit.content.new_msgtype == "m.text");
  CHECK(edit.content.body == "* Hello! My name is bar");

  const RoomEvent thread = event_with("thread_reply");
  CHECK(thread.content.relates_to.rel_type == "m.thread");
  CHECK(thread.content.relates_to.event_id == "$alice_hello");

  const RoomEvent reply = event_with("rich_reply");
  CHECK(reply.content.relates_to.in_reply_to == "$another_event");
  CHECK(reply.content.relates_to.rel_type.empty());

  const RoomEvent notice = event_with("notice_html");
  CHECK(notice.content.msgtype == "m.notice");
}

TEST_CASE("redactions carry redacts at top level or, in room v11, in the content", "[matrix]") {
  const auto sync = decode_sync(
      R"({"next_batch":"n","rooms":{"join":{"!r:x":{"timeline":{"events":[
        {"type":"m.room.redaction","event_id":"$r1","sender":"@a:x","origin_server_ts":1,"redacts":"$old","content":{}},
        {"type":"m.room.redaction","event_id":"$r2","sender":"@a:x","origin_server_ts":2,"content":{"redacts":"$v11"}},
        {"type":"m.room.message","event_id":"$gone","sender":"@a:x","origin_server_ts":3,"content":{},
         "unsigned":{"redacted_because":{"type":"m.room.redaction"}}}]}}}}})",
      "@bot:x");
  const auto& events = sync.join.at("!r:x").timeline.events;
  REQUIRE(events.size() == 3);
  CHECK(events[0].redacts == "$old");
  CHECK(events[1].redacts == "$v11");
  CHECK(events[2].redacted);
}

TEST_CASE("malformed events are skipped, the rest of the sync survives", "[matrix]") {
  const auto sync = decode_sync(
      R"({"next_batch":"n","rooms":{"join":{"!r:x":{"timeline":{"events":[
        42, {"type":"m.room.message"}, {"event_id":"$x"},
        {"type":"m.room.message","event_id":"$ok","sender":"@a:x","origin_server_ts":"soon","content":"nope"},
        {"type":"m.room.message","event_id":"$ok2","sender":"@a:x","origin_server_ts":7,"content":{"body":17,"msgtype":"m.text"}}
      ]}}, "!bad:x": 3}}})",
      "@bot:x");
  const auto& events = sync.join.at("!r:x").timeline.events;
  CHECK(sync.skipped_events == 3);
  REQUIRE(events.size() == 2);
  CHECK(events[0].event_id == "$ok");
  CHECK(events[0].origin_server_ts == 0);
  CHECK(events[1].content.body.empty());
  CHECK(sync.join.count("!bad:x") == 0);
}

TEST_CASE("a timestamp out of any sane range is left unset, not converted", "[matrix]") {
  // Found by fuzz_matrix_sync: 1e137 does not fit in 64 bits.
  const auto sync = decode_sync(
      R"({"next_batch":"n","rooms":{"join":{"!r:x":{"timeline":{"events":[
        {"type":"m.room.message","event_id":"$a","sender":"@a:x","origin_server_ts":1.43274e137,"content":{}},
        {"type":"m.room.message","event_id":"$b","sender":"@a:x","origin_server_ts":-1,"content":{}},
        {"type":"m.room.message","event_id":"$c","sender":"@a:x","origin_server_ts":18446744073709551615,"content":{}},
        {"type":"m.room.message","event_id":"$d","sender":"@a:x","origin_server_ts":1773326770000.0,"content":{}}
      ]}}}}})",
      "@bot:x");
  const auto& events = sync.join.at("!r:x").timeline.events;
  REQUIRE(events.size() == 4);
  CHECK(events[0].origin_server_ts == 0);
  CHECK(events[1].origin_server_ts == 0);
  CHECK(events[2].origin_server_ts == 0);
  CHECK(events[3].origin_server_ts == 1773326770000);
}

TEST_CASE("a body that is not a sync response is an error, not an empty sync", "[matrix]") {
  CHECK_THROWS_AS(decode_sync("<html>502 Bad Gateway</html>", "@b:x"), DecodeError);
  CHECK_THROWS_AS(decode_sync("[]", "@b:x"), DecodeError);
  CHECK_THROWS_AS(decode_sync(R"({"rooms":{}})", "@b:x"), DecodeError);
  CHECK_THROWS_AS(decode_sync("{\"next_batch\":\"a\xff\"", "@b:x"), DecodeError);
}

TEST_CASE("small responses: whoami, filter, send, join, createRoom, upload", "[matrix]") {
  const Whoami me = decode_whoami(sample("matrix-whoami-response.json"));
  CHECK(me.user_id == "@joe:example.org");
  CHECK(me.device_id == "ABC1234");
  CHECK(decode_string_field(sample("matrix-filter-create-response.json"), "filter_id") ==
        "66696p746572");
  CHECK(decode_string_field(sample("matrix-send-response.json"), "event_id") ==
        "$YUwRidLecu:example.com");
  CHECK(decode_string_field(sample("matrix-join-response.json"), "room_id") ==
        "!d41d8cd:matrix.org");
  CHECK(decode_string_field(sample("matrix-createRoom-response.json"), "room_id") ==
        "!sefiuhWgwghwWgh:example.com");
  CHECK(decode_string_field(sample("matrix-media-upload-response.json"), "content_uri") ==
        "mxc://example.com/AQwafuaFswefuhsfAFAgsw");
  CHECK_THROWS_AS(decode_string_field("{}", "event_id"), DecodeError);
  CHECK_THROWS_AS(decode_whoami(sample("matrix-whoami-401-error.json")), DecodeError);
}

TEST_CASE("error bodies: errcode, message and retry_after_ms", "[matrix]") {
  const ErrorBody limited = decode_error(sample("matrix-429-rate-limited.json"));
  CHECK(limited.errcode == "M_LIMIT_EXCEEDED");
  CHECK(limited.retry_after_ms == std::optional<std::int64_t>(2000));
  const ErrorBody token = decode_error(sample("matrix-whoami-401-error.json"));
  CHECK(token.errcode == "M_UNKNOWN_TOKEN");
  CHECK(token.error == "Unrecognised access token.");
  CHECK_FALSE(token.retry_after_ms);
  CHECK(decode_error(sample("matrix-join-403-error.json")).errcode == "M_FORBIDDEN");
  CHECK(decode_error("Bad Gateway").errcode.empty());
  // Found by fuzz_matrix_sync: a wait that fits no integer, or an absurd one, is not taken.
  CHECK_FALSE(
      decode_error(R"({"errcode":"M_LIMIT_EXCEEDED","retry_after_ms":2.66667e79})").retry_after_ms);
  CHECK_FALSE(decode_error(R"({"errcode":"M_LIMIT_EXCEEDED","retry_after_ms":-5})").retry_after_ms);
  CHECK(decode_error(R"({"errcode":"M_LIMIT_EXCEEDED","retry_after_ms":1500.0})").retry_after_ms ==
        std::optional<std::int64_t>(1500));
}

TEST_CASE("a /messages page lists events newest first with an end token", "[matrix]") {
  const MessagesPage page = decode_messages(
      R"({"start":"t3","end":"t1","chunk":[
        {"type":"m.room.message","event_id":"$b","sender":"@a:x","origin_server_ts":2,"content":{"msgtype":"m.text","body":"two"}},
        {"type":"m.room.message","event_id":"$a","sender":"@a:x","origin_server_ts":1,"content":{"msgtype":"m.text","body":"one"}}]})");
  CHECK(page.start == "t3");
  CHECK(page.end == "t1");
  REQUIRE(page.chunk.size() == 2);
  CHECK(page.chunk[0].event_id == "$b");
  const MessagesPage last = decode_messages(R"({"start":"t1","chunk":[]})");
  CHECK(last.end.empty());
  CHECK_THROWS_AS(decode_messages(R"({"start":"t1"})"), DecodeError);
}
