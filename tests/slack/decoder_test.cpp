// Socket Mode frames and Events API payloads, decoded from the real samples in
// tests/fixtures/protocol/slack/ and turned into the core's Inbound.
#include "adapters/slack/decoder.hpp"

#include <boost/json.hpp>
#include <catch2/catch.hpp>

#include "tests/support/process.hpp"

using namespace scribe;
using slack::SocketFrame;

namespace {

std::string sample(const std::string& name) {
  return test::read_file(std::string(SCRIBE_FIXTURES_DIR) + "/protocol/slack/" + name);
}

// An Events API payload file wrapped the way Socket Mode delivers it.
std::string events_envelope(const std::string& payload_file, const std::string& id = "env-1",
                            int retry_attempt = 0) {
  return R"({"envelope_id":")" + id + R"(","payload":)" + sample(payload_file) +
         R"(,"type":"events_api","accepts_response_payload":false,"retry_attempt":)" +
         std::to_string(retry_attempt) + R"(,"retry_reason":""})";
}

const slack::Identity kSelf{"UBOT", "BBOT"};
const core::Instant kNow = core::from_epoch_ms(1'700'000'000'000);

slack::Translation translate(const std::string& frame_text) {
  const SocketFrame f = slack::decode_frame(frame_text);
  REQUIRE(f.kind == SocketFrame::Kind::envelope);
  return slack::to_inbound(f.envelope, kSelf, kNow);
}

}  // namespace

TEST_CASE("a Slack ts becomes epoch milliseconds", "[slack][decoder]") {
  CHECK(core::to_epoch_ms(*slack::ts_to_instant("1610241741.000200")) == 1610241741000);
  CHECK(core::to_epoch_ms(*slack::ts_to_instant("1665102338.901939")) == 1665102338901);
  CHECK(core::to_epoch_ms(*slack::ts_to_instant("1355517523")) == 1355517523000);
  CHECK(core::to_epoch_ms(*slack::ts_to_instant("1355517523.5")) == 1355517523500);
  CHECK_FALSE(slack::ts_to_instant(""));
  CHECK_FALSE(slack::ts_to_instant("abc.000200"));
  CHECK_FALSE(slack::ts_to_instant("1610241741.00x200"));
  // Found by fuzz_slack_frame: seconds this large overflowed into milliseconds.
  CHECK_FALSE(slack::ts_to_instant("444444441428847325.000"));
  CHECK_FALSE(slack::ts_to_instant("-5.000"));
  CHECK(slack::ts_to_instant("253402300799.999"));  // 9999-12-31T23:59:59.999Z
}

TEST_CASE("numbers out of any integer's range decode as absent", "[slack][decoder]") {
  // Found by fuzz_slack_frame: converting 1.6e49 to an integer is undefined behaviour.
  const auto frame = slack::decode_frame(
      R"({"type":"hello","num_connections":1.61024e49,"debug_info":{"approximate_connection_time":18446744073709551615}})");
  CHECK(frame.kind == slack::SocketFrame::Kind::hello);
  CHECK(frame.hello.num_connections == 0);
  CHECK(frame.hello.approximate_connection_time == 0);
}

TEST_CASE("hello and disconnect frames decode from the real samples", "[slack][decoder]") {
  const SocketFrame hello = slack::decode_frame(sample("slack-socketmode-hello.json"));
  REQUIRE(hello.kind == SocketFrame::Kind::hello);
  CHECK(hello.hello.num_connections == 2);
  CHECK(hello.hello.app_id == "A111");
  CHECK(hello.hello.approximate_connection_time == 18060);

  const SocketFrame warning =
      slack::decode_frame(sample("slack-socketmode-disconnect-warning.json"));
  REQUIRE(warning.kind == SocketFrame::Kind::disconnect);
  CHECK(warning.disconnect.reason == "warning");
  CHECK(warning.disconnect.host == "applink-13");

  const SocketFrame many =
      slack::decode_frame(sample("slack-socketmode-disconnect-too_many_websockets.json"));
  REQUIRE(many.kind == SocketFrame::Kind::disconnect);
  CHECK(many.disconnect.reason == "too_many_websockets");
}

TEST_CASE("a channel message envelope becomes a message with the platform's time",
          "[slack][decoder]") {
  const SocketFrame f =
      slack::decode_frame(sample("slack-socketmode-events_api-message-envelope.json"));
  REQUIRE(f.kind == SocketFrame::Kind::envelope);
  CHECK(f.envelope.envelope_id == "ac2cfd40-6f8c-4d5e-a1ad-646e532baa19");
  CHECK(f.envelope.type == "events_api");
  CHECK(f.envelope.retry_attempt == 0);
  auto t = slack::to_inbound(f.envelope, kSelf, kNow);
  REQUIRE(t.inbound);
  const core::Inbound& in = *t.inbound;
  CHECK(in.kind == core::InboundKind::message);
  CHECK(in.platform == "slack");
  CHECK(in.event_id == "Ev111");
  CHECK(in.channel == "C111");
  CHECK(in.author == "U222");
  CHECK(in.message_id == "1610241741.000200");
  CHECK(core::to_epoch_ms(in.at) == 1610241741000);
  CHECK(in.text == "<@U111> Hi here!");  // mentions pass through for the core to parse
  CHECK_FALSE(in.slash_command);
  CHECK_FALSE(in.from_bot);
}

TEST_CASE("a redelivered envelope keeps its event id, so the engine can drop it",
          "[slack][decoder]") {
  auto first = translate(events_envelope("slack-event_callback-message-user.json", "e-1", 0));
  const SocketFrame again =
      slack::decode_frame(events_envelope("slack-event_callback-message-user.json", "e-2", 1));
  CHECK(again.envelope.retry_attempt == 1);
  auto second = slack::to_inbound(again.envelope, kSelf, kNow);
  REQUIRE(first.inbound);
  REQUIRE(second.inbound);
  CHECK(first.inbound->event_id == "Ev111");
  CHECK(second.inbound->event_id == first.inbound->event_id);
}

TEST_CASE("a slash command becomes a command from its user, keyed by the envelope",
          "[slack][decoder]") {
  std::string text = sample("slack-socketmode-slash_commands-envelope.json");
  const std::string from = "\"command\":\"/hello-socket-mode\",\"text\":\"\"";
  REQUIRE(text.find(from) != std::string::npos);
  text.replace(text.find(from), from.size(),
               R"("command":"/incident","text":"start API down sev:P1 lead <@U222|sam>")");
  const SocketFrame f = slack::decode_frame(text);
  REQUIRE(f.kind == SocketFrame::Kind::envelope);
  CHECK(f.envelope.accepts_response_payload);
  auto t = slack::to_inbound(f.envelope, kSelf, kNow);
  REQUIRE(t.inbound);
  CHECK(t.inbound->slash_command);
  CHECK(t.inbound->event_id == "slash:1d3c79ab-0ffb-41f3-a080-d19e85f53649");
  CHECK(t.inbound->channel == "C111");
  CHECK(t.inbound->author == "U111");
  CHECK(t.inbound->author_name == "testxyz");
  CHECK(t.inbound->text == "start API down sev:P1 lead <@U222|sam>");
  CHECK(t.inbound->at == kNow);

  SECTION("another app's command is skipped, with a reason") {
    auto other = slack::to_inbound(
        slack::decode_frame(sample("slack-socketmode-slash_commands-envelope.json")).envelope,
        kSelf, kNow);
    CHECK_FALSE(other.inbound);
    CHECK_THAT(other.skipped, Catch::Contains("/hello-socket-mode"));
  }
}

TEST_CASE("bots, including Scribe itself, are marked from_bot", "[slack][decoder]") {
  auto classic =
      translate(events_envelope("slack-event_callback-message-bot_message-subtype.json"));
  REQUIRE(classic.inbound);
  CHECK(classic.inbound->from_bot);

  auto bot_user = translate(events_envelope("slack-event_callback-message-from-bot-user.json"));
  REQUIRE(bot_user.inbound);
  CHECK(bot_user.inbound->from_bot);

  auto human = translate(events_envelope("slack-event_callback-message-user.json"));
  REQUIRE(human.inbound);
  CHECK_FALSE(human.inbound->from_bot);
  CHECK(human.inbound->author == "W111");

  // Scribe's own user id, as auth.test reported it.
  auto self = slack::to_inbound(
      slack::decode_frame(events_envelope("slack-event_callback-message-user.json")).envelope,
      slack::Identity{"W111", "BZZZ"}, kNow);
  REQUIRE(self.inbound);
  CHECK(self.inbound->from_bot);
}

TEST_CASE("message_changed is an edit of the original ts, message_deleted a deletion",
          "[slack][decoder]") {
  auto edit = translate(events_envelope("slack-event_callback-message_changed.json"));
  REQUIRE(edit.inbound);
  CHECK(edit.inbound->kind == core::InboundKind::edit);
  CHECK(edit.inbound->message_id == "1665102338.901939");
  CHECK(edit.inbound->text == "updated message");
  CHECK(edit.inbound->author == "U111");
  CHECK(core::to_epoch_ms(edit.inbound->at) == 1665102362013);

  auto del = translate(events_envelope("slack-event_callback-message_deleted.json"));
  REQUIRE(del.inbound);
  CHECK(del.inbound->kind == core::InboundKind::deletion);
  CHECK(del.inbound->message_id == "1665368619.804829");
  CHECK(del.inbound->channel == "C111");
}

TEST_CASE("thread replies are messages, message_replied and joins are skipped",
          "[slack][decoder]") {
  std::string reply = sample("slack-event_callback-message.channels-docs-example.json");
  const std::string ts = R"("ts": "1355517523.000005")";
  REQUIRE(reply.find(ts) != std::string::npos);
  reply.replace(reply.find(ts), ts.size(), ts + R"(, "thread_ts": "1355517500.000001")");
  const SocketFrame f =
      slack::decode_frame(R"({"envelope_id":"x","type":"events_api","payload":)" + reply + "}");
  auto t = slack::to_inbound(f.envelope, kSelf, kNow);
  REQUIRE(t.inbound);
  CHECK(t.inbound->kind == core::InboundKind::message);
  CHECK(t.inbound->message_id == "1355517523.000005");
  CHECK(t.inbound->text == "Live long and prospect.");

  auto replied =
      translate(events_envelope("slack-event_callback-message_replied-docs-example.json"));
  CHECK_FALSE(replied.inbound);
  auto join = translate(
      events_envelope("slack-SHAPE-ONLY-java-sdk-json-logs-MessageChannelJoinPayload.json"));
  CHECK_FALSE(join.inbound);
  CHECK_THAT(join.skipped, Catch::Contains("channel_join"));
}

TEST_CASE("reactions target the item's ts", "[slack][decoder]") {
  auto added = translate(events_envelope("slack-event_callback-reaction_added.json"));
  REQUIRE(added.inbound);
  CHECK(added.inbound->kind == core::InboundKind::reaction_added);
  CHECK(added.inbound->message_id == "1599529504.000400");
  CHECK(added.inbound->channel == "C111");
  CHECK(added.inbound->reaction == "heart_eyes");
  CHECK(added.inbound->author == "W23456789");
  CHECK(core::to_epoch_ms(added.inbound->at) == 1599616881000);

  std::string removed = sample("slack-event_callback-reaction_added.json");
  removed.replace(removed.find("reaction_added"), 14, "reaction_removed");
  auto r = translate(R"({"envelope_id":"x","type":"events_api","payload":)" + removed + "}");
  REQUIRE(r.inbound);
  CHECK(r.inbound->kind == core::InboundKind::reaction_removed);
}

TEST_CASE("unknown envelopes and events are skipped with a reason, not errors",
          "[slack][decoder]") {
  auto shortcut = translate(sample("slack-socketmode-interactive-shortcut-envelope.json"));
  CHECK_FALSE(shortcut.inbound);
  CHECK_FALSE(shortcut.skipped.empty());
  auto mention = translate(sample("slack-socketmode-events_api-app_mention-envelope.json"));
  CHECK_FALSE(mention.inbound);
  auto pin = translate(events_envelope("slack-SHAPE-ONLY-java-sdk-json-logs-PinAddedPayload.json"));
  CHECK_FALSE(pin.inbound);
  CHECK_THAT(pin.skipped, Catch::Contains("pin_added"));
}

TEST_CASE("garbage frames never throw, an envelope id is salvaged for the ack",
          "[slack][decoder]") {
  for (const std::string bad :
       {"", "not json", "[1,2,3]", "{\"type\":", "\xff\xfe", "{\"type\":\"events_api\"}", "null"}) {
    SocketFrame f;
    REQUIRE_NOTHROW(f = slack::decode_frame(bad));
    CHECK(f.kind != SocketFrame::Kind::envelope);
  }
  const SocketFrame cut =
      slack::decode_frame(R"({"envelope_id":"abc-123","type":"events_api","payload":{"ev)");
  CHECK(cut.kind == SocketFrame::Kind::malformed);
  CHECK(cut.envelope.envelope_id == "abc-123");
  // Invalid UTF-8 inside an otherwise fine envelope: still ackable.
  const SocketFrame utf = slack::decode_frame(
      "{\"envelope_id\":\"e-9\",\"type\":\"events_api\",\"payload\":{\"text\":\"\xc3\x28\"}}");
  CHECK(utf.envelope.envelope_id == "e-9");
  // Wrong types for known fields read as empty.
  const SocketFrame odd = slack::decode_frame(
      R"({"envelope_id":"e-1","type":"events_api","retry_attempt":"2","payload":{"type":"event_callback","event":{"type":"message","ts":5,"channel":[]}}})");
  REQUIRE(odd.kind == SocketFrame::Kind::envelope);
  CHECK(odd.envelope.retry_attempt == 2);
  CHECK_FALSE(slack::to_inbound(odd.envelope, kSelf, kNow).inbound);
}

TEST_CASE("acks carry the envelope id and, for slash commands, the reply", "[slack][decoder]") {
  CHECK(slack::encode_ack("1e38618a", std::nullopt) == R"({"envelope_id":"1e38618a"})");
  const auto with = boost::json::parse(slack::encode_ack("abc", slack::AckPayload{"Noted", false}));
  CHECK(with.at("envelope_id") == "abc");
  CHECK(with.at("payload").at("text") == "Noted");
  CHECK(with.at("payload").at("response_type") == "ephemeral");
  const auto loud = boost::json::parse(slack::encode_ack("abc", slack::AckPayload{"x", true}));
  CHECK(loud.at("payload").at("response_type") == "in_channel");
}
