#include "adapters/slack/decoder.hpp"

#include <boost/json.hpp>
#include <charconv>
#include <cstddef>

#include "adapters/net/json_fields.hpp"

namespace scribe::slack {
namespace json = net::json;

namespace bj = boost::json;

// Boost.JSON conversions (found by ADL from value_to<T>). Lenient: absent
// fields stay empty, so one unexpected shape never throws.
MessageBody tag_invoke(bj::value_to_tag<MessageBody>, const bj::value& v) {
  return json::described<MessageBody>(v);
}

SlackEvent tag_invoke(bj::value_to_tag<SlackEvent>, const bj::value& v) {
  SlackEvent e = json::described<SlackEvent>(v);
  if (const auto* m = json::object(v, "message")) e.message = bj::value_to<MessageBody>(*m);
  if (const auto* p = json::object(v, "previous_message"))
    e.previous_message = bj::value_to<MessageBody>(*p);
  if (const auto* item = json::object(v, "item")) e.item = json::described<ReactionItem>(*item);
  return e;
}

EventCallback tag_invoke(bj::value_to_tag<EventCallback>, const bj::value& v) {
  EventCallback c = json::described<EventCallback>(v);
  if (const auto* e = json::object(v, "event")) c.event = bj::value_to<SlackEvent>(*e);
  return c;
}

SlashCommand tag_invoke(bj::value_to_tag<SlashCommand>, const bj::value& v) {
  return json::described<SlashCommand>(v);
}

Envelope tag_invoke(bj::value_to_tag<Envelope>, const bj::value& v) {
  Envelope e;
  e.envelope_id = json::str(v, "envelope_id");
  e.type = json::str(v, "type");
  e.accepts_response_payload = json::boolean(v, "accepts_response_payload");
  e.retry_attempt = static_cast<int>(json::integer(v, "retry_attempt"));
  e.retry_reason = json::str(v, "retry_reason");
  if (const auto* p = json::object(v, "payload")) {
    if (e.type == "events_api") e.events_api = bj::value_to<EventCallback>(*p);
    if (e.type == "slash_commands") e.slash = bj::value_to<SlashCommand>(*p);
  }
  return e;
}

namespace {

// The envelope id of a frame that is not valid JSON, so it can still be acked.
std::string salvage_envelope_id(std::string_view text) {
  static constexpr std::string_view key = "\"envelope_id\"";
  const auto at = text.find(key);
  if (at == std::string_view::npos) return {};
  auto pos = text.find('"', text.find(':', at + key.size()));
  if (pos == std::string_view::npos) return {};
  const auto end = text.find('"', pos + 1);
  if (end == std::string_view::npos || end - pos - 1 > 128) return {};
  std::string id(text.substr(pos + 1, end - pos - 1));
  for (char c : id)
    if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_')) return {};
  return id;
}

}  // namespace

std::optional<core::Instant> ts_to_instant(std::string_view ts) {
  const auto dot = ts.find('.');
  const std::string_view whole = ts.substr(0, dot);
  std::int64_t seconds = 0;
  auto [p, ec] = std::from_chars(whole.data(), whole.data() + whole.size(), seconds);
  if (ec != std::errc{} || p != whole.data() + whole.size() || whole.empty()) return std::nullopt;
  // Up to the year 9999: anything later is garbage, and would overflow below.
  if (seconds < 0 || seconds > 253'402'300'799) return std::nullopt;
  std::int64_t millis = 0;
  if (dot != std::string_view::npos) {
    const std::string_view fraction = ts.substr(dot + 1);
    for (std::size_t i = 0; i < fraction.size(); ++i) {
      if (!std::isdigit(static_cast<unsigned char>(fraction[i]))) return std::nullopt;
      if (i < 3) millis = millis * 10 + (fraction[i] - '0');
    }
    for (std::size_t i = fraction.size(); i < 3; ++i) millis *= 10;
  }
  return core::from_epoch_ms(seconds * 1000 + millis);
}

SocketFrame decode_frame(std::string_view text) {
  SocketFrame frame;
  // The parsed tree only lives while it is copied into the frame: one arena,
  // on the stack for a typical envelope, instead of a malloc per node.
  alignas(std::max_align_t) unsigned char first_block[16 * 1024];
  bj::monotonic_resource arena(first_block, sizeof first_block);
  auto v = json::parse_object(text, &arena);
  if (!v) {
    frame.error = "not a JSON object";
    frame.envelope.envelope_id = salvage_envelope_id(text);
    return frame;
  }
  frame.type = json::str(*v, "type");
  if (frame.type == "hello") {
    frame.kind = SocketFrame::Kind::hello;
    frame.hello.num_connections = static_cast<int>(json::integer(*v, "num_connections"));
    if (const auto* c = json::object(*v, "connection_info"))
      frame.hello.app_id = json::str(*c, "app_id");
    if (const auto* d = json::object(*v, "debug_info")) {
      frame.hello.host = json::str(*d, "host");
      frame.hello.approximate_connection_time = json::integer(*d, "approximate_connection_time");
    }
    return frame;
  }
  if (frame.type == "disconnect") {
    frame.kind = SocketFrame::Kind::disconnect;
    frame.disconnect.reason = json::str(*v, "reason");
    if (const auto* d = json::object(*v, "debug_info"))
      frame.disconnect.host = json::str(*d, "host");
    return frame;
  }
  frame.envelope = bj::value_to<Envelope>(*v);
  if (frame.envelope.envelope_id.empty()) {
    frame.kind = SocketFrame::Kind::unknown;
    frame.error = "frame of type '" + frame.type + "' without an envelope_id";
    return frame;
  }
  frame.kind = SocketFrame::Kind::envelope;
  return frame;
}

std::string encode_ack(std::string_view envelope_id, const std::optional<AckPayload>& payload) {
  bj::object ack;
  ack["envelope_id"] = envelope_id;
  if (payload) {
    ack["payload"] =
        bj::object{{"text", payload->text},
                   {"response_type", payload->in_channel ? "in_channel" : "ephemeral"}};
  }
  return bj::serialize(ack);
}

}  // namespace scribe::slack
