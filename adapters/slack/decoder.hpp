// Slack wire shapes as plain structs, and their translation into the core's
// Inbound. Socket Mode frames (hello, disconnect, envelopes) and the Events API
// / slash command payloads they carry. Decoding never throws: a frame that
// cannot be used says why, so the caller can log it, ack it and move on.
#pragma once

#include <boost/describe.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "bot/core/types.hpp"

namespace scribe::slack {

inline constexpr std::string_view kPlatform = "slack";

// "1610241741.000200" -> 1610241741000 ms (sub-millisecond digits dropped).
std::optional<core::Instant> ts_to_instant(std::string_view ts);

// A message as it appears inside message_changed / message_deleted.
struct MessageBody {
  std::string type;
  std::string subtype;
  std::string user;
  std::string bot_id;
  std::string text;
  std::string ts;
  std::string thread_ts;
};

BOOST_DESCRIBE_STRUCT(MessageBody, (), (type, subtype, user, bot_id, text, ts, thread_ts))

struct ReactionItem {
  std::string type;  // "message"
  std::string channel;
  std::string ts;
};
BOOST_DESCRIBE_STRUCT(ReactionItem, (), (type, channel, ts))

// The `event` of an event_callback: one struct for the handful of event types
// Scribe reads; fields a type does not have stay empty.
// type: message, reaction_added, reaction_removed, ...
struct SlackEvent : MessageBody {
  std::string event_ts;
  std::string channel;
  std::string channel_type;
  std::string deleted_ts;
  bool hidden = false;
  std::optional<MessageBody> message;           // message_changed: the new message
  std::optional<MessageBody> previous_message;  // message_changed / message_deleted
  std::string reaction;                         // reaction_added / reaction_removed
  ReactionItem item;
};
BOOST_DESCRIBE_STRUCT(SlackEvent, (MessageBody), (event_ts, channel, channel_type, deleted_ts, hidden,
                                       reaction))

// payload of an events_api envelope.
struct EventCallback {
  std::string type;  // "event_callback"
  std::string event_id;
  std::int64_t event_time = 0;
  std::string team_id;
  SlackEvent event;
};
BOOST_DESCRIBE_STRUCT(EventCallback, (), (type, event_id, event_time, team_id))

// payload of a slash_commands envelope.
struct SlashCommand {
  std::string command;  // "/incident"
  std::string text;
  std::string channel_id;
  std::string channel_name;
  std::string user_id;
  std::string user_name;
  std::string team_id;
  std::string response_url;
  std::string trigger_id;
};
BOOST_DESCRIBE_STRUCT(SlashCommand, (), (command, text, channel_id, channel_name, user_id,
                                         user_name, team_id, response_url, trigger_id))

struct Envelope {
  std::string envelope_id;
  std::string type;  // events_api, slash_commands, interactive, ...
  bool accepts_response_payload = false;
  int retry_attempt = 0;
  std::string retry_reason;
  std::optional<EventCallback> events_api;  // type == events_api and the payload decoded
  std::optional<SlashCommand> slash;        // type == slash_commands and the payload decoded
};

struct Hello {
  int num_connections = 0;
  std::string app_id;
  std::string host;
  std::int64_t approximate_connection_time = 0;  // seconds
};

struct Disconnect {
  std::string reason;  // refresh_requested, warning, too_many_websockets, link_disabled
  std::string host;
};

// One text frame from the Socket Mode websocket.
struct SocketFrame {
  enum class Kind { hello, disconnect, envelope, unknown, malformed };
  Kind kind = Kind::malformed;
  Hello hello;
  Disconnect disconnect;
  Envelope envelope;  // kind == envelope; for malformed frames, envelope_id when salvageable
  std::string type;   // the frame's "type" as sent
  std::string error;  // why a malformed/unknown frame cannot be used
};

SocketFrame decode_frame(std::string_view text);

// Who Scribe is in this workspace (auth.test), to recognise its own messages.
struct Identity {
  std::string user_id;
  std::string bot_id;
};

// An envelope as something the engine applies, or why there is nothing to apply.
struct Translation {
  std::optional<core::Inbound> inbound;
  std::string skipped;  // set when inbound is empty: a short reason for the log
};

// `received_at` is the time for events that carry no timestamp (slash commands).
Translation to_inbound(const Envelope& envelope, const Identity& self, core::Instant received_at);

// A slash command's answer carried in its ack (only the invoker sees an
// ephemeral one; an in_channel one is shown to the channel).
struct AckPayload {
  std::string text;
  bool in_channel = false;
};

// {"envelope_id":"…"} or {"envelope_id":"…","payload":{"text":…,"response_type":…}}
std::string encode_ack(std::string_view envelope_id, const std::optional<AckPayload>& payload);

}  // namespace scribe::slack
