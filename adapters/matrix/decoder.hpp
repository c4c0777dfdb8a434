// Matrix client-server API responses as plain structs. Only decoder.cpp knows
// JSON: it turns response bodies into these (Boost.JSON value_to), keeping the
// fields Scribe uses and skipping, not failing on, events it cannot read.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace scribe::matrix {

// A body that is not the JSON the endpoint promises.
struct DecodeError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

// content.m.relates_to
struct RelatesTo {
  std::string rel_type;     // m.replace, m.annotation, m.thread, or empty
  std::string event_id;     // the event this one relates to
  std::string key;          // m.annotation: the reaction key, e.g. U+1F4CC
  std::string in_reply_to;  // m.in_reply_to.event_id (rich replies, thread fallbacks)
};

// The parts of an event's content Scribe reads.
struct EventContent {
  std::string msgtype;  // m.text, m.emote, m.notice, m.file, ...
  std::string body;
  std::optional<std::string> new_body;  // m.new_content.body of an edit
  std::string new_msgtype;              // m.new_content.msgtype
  RelatesTo relates_to;
  std::string redacts;      // room v11 redactions carry it in the content
  std::string membership;   // m.room.member
  std::string displayname;  // m.room.member
  std::string name;         // m.room.name
};

struct RoomEvent {
  std::string type;
  std::string event_id;
  std::string sender;
  std::int64_t origin_server_ts = 0;
  std::optional<std::string> state_key;
  std::string redacts;    // m.room.redaction: top level (rooms up to v10) or content (v11)
  bool redacted = false;  // unsigned.redacted_because: the content is gone
  EventContent content;
};

struct Timeline {
  std::vector<RoomEvent> events;
  bool limited = false;    // the server left events out between prev_batch and these
  std::string prev_batch;  // token to page backwards from the first event
};

struct JoinedRoom {
  std::vector<RoomEvent> state;  // state before the timeline (member display names)
  Timeline timeline;
};

struct InvitedRoom {
  std::string inviter;  // sender of our m.room.member invite, as far as the stripped state tells
  std::string name;     // m.room.name, when shared
};

struct SyncResponse {
  std::string next_batch;
  std::map<std::string, JoinedRoom> join;
  std::map<std::string, InvitedRoom> invite;
  std::vector<std::string> leave;  // rooms we left or were removed from
  int skipped_events = 0;          // malformed events left out
};

// GET /rooms/{roomId}/messages
struct MessagesPage {
  std::vector<RoomEvent> chunk;  // dir=b: newest first
  std::string start;
  std::string end;  // empty: no more events in that direction
  int skipped_events = 0;
};

// A standard error body {errcode, error, retry_after_ms}.
struct ErrorBody {
  std::string errcode;
  std::string error;
  std::optional<std::int64_t> retry_after_ms;
};

struct Whoami {
  std::string user_id;
  std::string device_id;
};

// Each throws DecodeError when the body is not JSON of the expected shape.
SyncResponse decode_sync(std::string_view body, std::string_view self_user_id);
MessagesPage decode_messages(std::string_view body);
Whoami decode_whoami(std::string_view body);
// {"filter_id"}, {"event_id"}, {"room_id"}, {"content_uri"}: the one string field.
std::string decode_string_field(std::string_view body, std::string_view field);
// Never throws: a body that is not an error object gives an empty ErrorBody.
ErrorBody decode_error(std::string_view body);

}  // namespace scribe::matrix
