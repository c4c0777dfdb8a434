#include "adapters/matrix/decoder.hpp"

#include <boost/json.hpp>
#include <optional>

#include "adapters/net/json_fields.hpp"

namespace scribe::matrix {

namespace json = boost::json;

namespace {

// A JSON number as an integer in [0, max]; anything else (a string, a
// negative, NaN, 1e137) is garbage from the wire and gives nothing.
std::optional<std::int64_t> bounded_integer(const json::value& v, std::int64_t max) {
  if (const auto* i = v.if_int64()) {
    if (*i >= 0 && *i <= max) return *i;
  } else if (const auto* u = v.if_uint64()) {
    if (*u <= static_cast<std::uint64_t>(max)) return static_cast<std::int64_t>(*u);
  } else if (const auto* d = v.if_double()) {
    if (*d >= 0 && *d <= static_cast<double>(max)) return static_cast<std::int64_t>(*d);
  }
  return std::nullopt;
}

using net::json::array_at;
using net::json::object_at;

json::object parse_object(std::string_view body, std::string_view what) {
  json::error_code ec;
  json::value v = json::parse(body, ec);
  if (ec) throw DecodeError(std::string(what) + ": not JSON (" + ec.message() + ")");
  if (!v.is_object()) throw DecodeError(std::string(what) + ": not a JSON object");
  return std::move(v.as_object());
}

}  // namespace

// The plain string members, read by their own names; the rest by hand below.
BOOST_DESCRIBE_STRUCT(RelatesTo, (), (rel_type, event_id, key))
BOOST_DESCRIBE_STRUCT(EventContent, (), (msgtype, body, redacts, membership, displayname, name))

// value_to<T> conversions. They throw DecodeError on a shape they cannot use.
RelatesTo tag_invoke(json::value_to_tag<RelatesTo>, const json::value& v) {
  auto r = net::json::described<RelatesTo>(v);
  if (const auto* reply = net::json::object(v, "m.in_reply_to"))
    r.in_reply_to = net::json::str(*reply, "event_id");
  return r;
}

EventContent tag_invoke(json::value_to_tag<EventContent>, const json::value& v) {
  auto c = net::json::described<EventContent>(v);
  if (const auto* fresh = net::json::object(v, "m.new_content")) {
    if (const auto* body = net::json::field(*fresh, "body"); body && body->is_string())
      c.new_body = std::string(body->get_string());
    c.new_msgtype = net::json::str(*fresh, "msgtype");
  }
  if (const auto* relates = net::json::field(v, "m.relates_to"))
    c.relates_to = json::value_to<RelatesTo>(*relates);
  return c;
}

RoomEvent tag_invoke(json::value_to_tag<RoomEvent>, const json::value& v) {
  const auto* o = v.if_object();
  if (!o) throw DecodeError("event is not an object");
  RoomEvent e;
  e.type = net::json::str(*o, "type");
  e.event_id = net::json::str(*o, "event_id");
  e.sender = net::json::str(*o, "sender");
  if (e.type.empty() || e.sender.empty()) throw DecodeError("event without type or sender");
  if (const auto it = o->find("origin_server_ts"); it != o->end()) {
    // Epoch milliseconds up to the year 9999.
    if (auto ts = bounded_integer(it->value(), 253'402'300'799'999)) e.origin_server_ts = *ts;
  }
  if (const auto it = o->find("state_key"); it != o->end() && it->value().is_string())
    e.state_key = std::string(it->value().get_string());
  if (const auto it = o->find("content"); it != o->end())
    e.content = json::value_to<EventContent>(it->value());
  e.redacts = net::json::str(*o, "redacts");
  if (e.redacts.empty()) e.redacts = e.content.redacts;
  if (const auto* u = object_at(*o, "unsigned")) e.redacted = u->contains("redacted_because");
  return e;
}

namespace {

// The events of {"events": [...]} (or any array), skipping the unreadable ones.
std::vector<RoomEvent> events_of(const json::array* events, int& skipped) {
  std::vector<RoomEvent> out;
  if (!events) return out;
  out.reserve(events->size());
  for (const auto& v : *events) {
    try {
      out.push_back(json::value_to<RoomEvent>(v));
    } catch (const std::exception&) {
      ++skipped;
    }
  }
  return out;
}

std::vector<RoomEvent> events_in(const json::object& room, std::string_view key, int& skipped) {
  const auto* holder = object_at(room, key);
  return events_of(holder ? array_at(*holder, "events") : nullptr, skipped);
}

InvitedRoom invited_room(const json::object& room, std::string_view self, int& skipped) {
  InvitedRoom r;
  for (const auto& e : events_in(room, "invite_state", skipped)) {
    if (e.type == "m.room.name") r.name = e.content.name;
    // Our own invite names who invited us; any invite will do if ours is not shared.
    if (e.type == "m.room.member" && e.content.membership == "invite" &&
        (e.state_key == std::string(self) || r.inviter.empty()))
      r.inviter = e.sender;
  }
  return r;
}

}  // namespace

SyncResponse decode_sync(std::string_view body, std::string_view self_user_id) {
  const json::object root = parse_object(body, "sync response");
  SyncResponse sync;
  sync.next_batch = net::json::str(root, "next_batch");
  if (sync.next_batch.empty()) throw DecodeError("sync response without next_batch");
  const auto* rooms = object_at(root, "rooms");
  if (!rooms) return sync;
  if (const auto* join = object_at(*rooms, "join")) {
    for (const auto& [id, value] : *join) {
      const auto* room = value.if_object();
      if (!room) continue;
      JoinedRoom r;
      r.state = events_in(*room, "state", sync.skipped_events);
      if (const auto* timeline = object_at(*room, "timeline")) {
        r.timeline.events = events_of(array_at(*timeline, "events"), sync.skipped_events);
        if (const auto it = timeline->find("limited");
            it != timeline->end() && it->value().is_bool())
          r.timeline.limited = it->value().get_bool();
        r.timeline.prev_batch = net::json::str(*timeline, "prev_batch");
      }
      sync.join.emplace(std::string(id), std::move(r));
    }
  }
  if (const auto* invite = object_at(*rooms, "invite"))
    for (const auto& [id, value] : *invite)
      if (const auto* room = value.if_object())
        sync.invite.emplace(std::string(id),
                            invited_room(*room, self_user_id, sync.skipped_events));
  if (const auto* leave = object_at(*rooms, "leave"))
    for (const auto& [id, value] : *leave) sync.leave.emplace_back(id);
  return sync;
}

MessagesPage decode_messages(std::string_view body) {
  const json::object root = parse_object(body, "messages response");
  MessagesPage page;
  const auto* chunk = array_at(root, "chunk");
  if (!chunk) throw DecodeError("messages response without chunk");
  page.chunk = events_of(chunk, page.skipped_events);
  page.start = net::json::str(root, "start");
  page.end = net::json::str(root, "end");
  return page;
}

Whoami decode_whoami(std::string_view body) {
  const json::object root = parse_object(body, "whoami response");
  Whoami w{net::json::str(root, "user_id"), net::json::str(root, "device_id")};
  if (w.user_id.empty()) throw DecodeError("whoami response without user_id");
  return w;
}

std::string decode_string_field(std::string_view body, std::string_view field) {
  const json::object root = parse_object(body, std::string(field) + " response");
  std::string value = net::json::str(root, field);
  if (value.empty()) throw DecodeError("response without " + std::string(field));
  return value;
}

ErrorBody decode_error(std::string_view body) {
  ErrorBody e;
  json::error_code ec;
  const json::value v = json::parse(body, ec);
  if (ec || !v.is_object()) return e;
  const auto& o = v.get_object();
  e.errcode = net::json::str(o, "errcode");
  e.error = net::json::str(o, "error");
  // At most a day: a server asking for longer is not to be taken literally.
  if (const auto it = o.find("retry_after_ms"); it != o.end())
    e.retry_after_ms = bounded_integer(it->value(), 86'400'000);
  return e;
}

}  // namespace scribe::matrix
