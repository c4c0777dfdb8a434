// Envelopes into the core's Inbound (decoder.hpp: to_inbound).
#include <set>

#include "adapters/slack/decoder.hpp"

namespace scribe::slack {
namespace {

// Subtypes that are a person (or a bot) saying something in the channel.
const std::set<std::string, std::less<>> kChatSubtypes = {"", "thread_broadcast", "file_share",
                                                          "me_message", "bot_message"};

bool is_self(const Identity& self, const std::string& user, const std::string& bot_id) {
  return (!self.user_id.empty() && user == self.user_id) ||
         (!self.bot_id.empty() && bot_id == self.bot_id);
}

core::Inbound base(const std::string& event_id) {
  core::Inbound in;
  in.platform = std::string(kPlatform);
  in.event_id = event_id;
  return in;
}

Translation skip(std::string why) {
  return Translation{std::nullopt, std::move(why)};
}

// The time of an event: its own ts, else event_ts, else the envelope's event_time.
std::optional<core::Instant> event_time(const EventCallback& cb, const std::string& ts) {
  if (auto t = ts_to_instant(ts)) return t;
  if (auto t = ts_to_instant(cb.event.event_ts)) return t;
  if (cb.event_time > 0) return core::from_epoch_ms(cb.event_time * 1000);
  return std::nullopt;
}

Translation from_message(const EventCallback& cb, const Identity& self) {
  const SlackEvent& e = cb.event;
  core::Inbound in = base(cb.event_id);
  in.channel = e.channel;
  if (e.subtype == "message_changed") {
    if (!e.message) return skip("message_changed without a message");
    const MessageBody& now = *e.message;
    const MessageBody* before = e.previous_message ? &*e.previous_message : nullptr;
    in.kind = core::InboundKind::edit;
    in.message_id = !now.ts.empty() ? now.ts : (before ? before->ts : "");
    if (in.message_id.empty()) return skip("message_changed without the edited message's ts");
    // Unfurls and thread bookkeeping also arrive as message_changed: same text, nothing to do.
    if (before && before->text == now.text) return skip("message_changed without a text change");
    in.author = now.user;
    in.text = now.text;
    in.from_bot =
        !now.bot_id.empty() || now.subtype == "bot_message" || is_self(self, now.user, now.bot_id);
  } else if (e.subtype == "message_deleted") {
    in.kind = core::InboundKind::deletion;
    in.message_id = !e.deleted_ts.empty()
                        ? e.deleted_ts
                        : (e.previous_message ? e.previous_message->ts : std::string());
    if (in.message_id.empty()) return skip("message_deleted without deleted_ts");
    if (e.previous_message) in.author = e.previous_message->user;
  } else if (kChatSubtypes.contains(e.subtype)) {
    in.kind = core::InboundKind::message;
    in.message_id = e.ts;
    if (in.message_id.empty()) return skip("message without ts");
    in.author = !e.user.empty() ? e.user : e.bot_id;
    in.text = e.text;
    in.from_bot =
        !e.bot_id.empty() || e.subtype == "bot_message" || is_self(self, e.user, e.bot_id);
  } else {
    return skip("message subtype '" + e.subtype + "' is not chat");
  }
  auto at = event_time(cb, e.ts);
  if (!at) return skip("message without a usable ts");
  in.at = *at;
  if (in.event_id.empty()) in.event_id = "ts:" + in.channel + ":" + e.ts;
  return Translation{std::move(in), {}};
}

Translation from_reaction(const EventCallback& cb, const Identity& self) {
  const SlackEvent& e = cb.event;
  if (e.item.type != "message") return skip("reaction on a " + e.item.type + ", not a message");
  if (e.item.ts.empty() || e.item.channel.empty()) return skip("reaction without its item");
  core::Inbound in = base(cb.event_id);
  in.kind = e.type == "reaction_added" ? core::InboundKind::reaction_added
                                       : core::InboundKind::reaction_removed;
  in.channel = e.item.channel;
  in.message_id = e.item.ts;
  in.author = e.user;
  in.reaction = e.reaction;
  in.from_bot = is_self(self, e.user, "");
  auto at = event_time(cb, e.event_ts);
  if (!at) return skip("reaction without a usable event_ts");
  in.at = *at;
  if (in.event_id.empty())
    in.event_id = "reaction:" + e.type + ":" + e.item.channel + ":" + e.item.ts + ":" + e.user +
                  ":" + e.reaction + ":" + e.event_ts;
  return Translation{std::move(in), {}};
}

Translation from_slash(const Envelope& envelope, core::Instant received_at) {
  const SlashCommand& s = *envelope.slash;
  if (s.command != "/incident") return skip("slash command '" + s.command + "' is not ours");
  if (s.channel_id.empty() || s.user_id.empty()) return skip("slash command without channel/user");
  core::Inbound in = base("slash:" + envelope.envelope_id);
  in.kind = core::InboundKind::message;
  in.slash_command = true;
  in.channel = s.channel_id;
  in.author = s.user_id;
  in.author_name = s.user_name;
  in.message_id = in.event_id;
  in.text = s.text;
  in.at = received_at;  // a slash command carries no timestamp of its own
  return Translation{std::move(in), {}};
}

}  // namespace

Translation to_inbound(const Envelope& envelope, const Identity& self, core::Instant received_at) {
  if (envelope.type == "slash_commands") {
    if (!envelope.slash) return skip("slash_commands envelope without a payload");
    return from_slash(envelope, received_at);
  }
  if (envelope.type != "events_api") return skip("envelope type '" + envelope.type + "' unused");
  if (!envelope.events_api) return skip("events_api envelope without a payload");
  const EventCallback& cb = *envelope.events_api;
  // Anything but an event callback (e.g. app_rate_limited) carries no chat event.
  if (!cb.type.empty() && cb.type != "event_callback")
    return skip("events_api payload of type '" + cb.type + "'");
  const std::string& type = cb.event.type;
  if (type == "message") return from_message(cb, self);
  if (type == "reaction_added" || type == "reaction_removed") return from_reaction(cb, self);
  return skip("event type '" + type + "' unused");
}

}  // namespace scribe::slack
