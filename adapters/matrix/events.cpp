#include "adapters/matrix/events.hpp"

namespace scribe::matrix {
namespace {

constexpr std::string_view kPushpinEmoji = "\xF0\x9F\x93\x8C";   // U+1F4CC
constexpr std::string_view kVariationSelector = "\xEF\xB8\x8F";  // U+FE0F

// Attachments are recorded in the transcript by what they are and their name.
std::optional<std::string> attachment_label(std::string_view msgtype) {
  if (msgtype == "m.image") return "[image]";
  if (msgtype == "m.file") return "[file]";
  if (msgtype == "m.video") return "[video]";
  if (msgtype == "m.audio") return "[audio]";
  if (msgtype == "m.location") return "[location]";
  return std::nullopt;
}

// The text a message of this msgtype is recorded with; nothing for types we skip.
std::optional<std::string> message_text(std::string_view msgtype, const std::string& body) {
  if (msgtype == "m.text" || msgtype == "m.notice") return body;
  if (msgtype == "m.emote") return "/me " + body;
  if (auto label = attachment_label(msgtype)) return *label + " " + body;
  return std::nullopt;
}

core::Inbound base(const RoomEvent& event, const std::string& room_id,
                   const TranslateContext& context) {
  core::Inbound in;
  in.platform = std::string(kPlatform);
  in.event_id = event.event_id;
  in.message_id = event.event_id;
  in.channel = room_id;
  in.author = event.sender;
  in.author_name = context.display_name ? context.display_name(event.sender) : "";
  if (in.author_name.empty()) in.author_name = event.sender;
  in.at = event.origin_server_ts > 0 ? core::from_epoch_ms(event.origin_server_ts)
                                     : context.received_at;
  in.from_bot = !context.self_user_id.empty() && event.sender == context.self_user_id;
  return in;
}

std::optional<core::Inbound> from_message(const RoomEvent& event, const std::string& room_id,
                                          const TranslateContext& context) {
  const EventContent& c = event.content;
  core::Inbound in = base(event, room_id, context);
  if (c.relates_to.rel_type == "m.replace") {
    if (c.relates_to.event_id.empty()) return std::nullopt;
    in.kind = core::InboundKind::edit;
    in.message_id = c.relates_to.event_id;
    // Clients without m.new_content send "* new text" as the body.
    std::string text =
        c.new_body ? *c.new_body : (c.body.starts_with("* ") ? c.body.substr(2) : c.body);
    const std::string& msgtype = c.new_msgtype.empty() ? c.msgtype : c.new_msgtype;
    auto shown = message_text(msgtype.empty() ? "m.text" : msgtype, text);
    if (!shown) return std::nullopt;
    in.text = std::move(*shown);
    in.from_bot = in.from_bot || msgtype == "m.notice";
    return in;
  }
  if (event.redacted || c.msgtype.empty()) return std::nullopt;  // content gone or not a message
  auto shown =
      message_text(c.msgtype, strip_reply_fallback(c.body, !c.relates_to.in_reply_to.empty()));
  if (!shown) return std::nullopt;
  in.kind = core::InboundKind::message;
  in.text = std::move(*shown);
  // m.notice is how bots speak; it must never be answered or recorded.
  in.from_bot = in.from_bot || c.msgtype == "m.notice";
  return in;
}

}  // namespace

bool is_pushpin(std::string_view key) {
  if (!key.starts_with(kPushpinEmoji)) return false;
  key.remove_prefix(kPushpinEmoji.size());
  return key.empty() || key == kVariationSelector;
}

std::string strip_reply_fallback(std::string_view body, bool is_reply) {
  if (!is_reply || !body.starts_with("> ")) return std::string(body);
  std::string_view rest = body;
  while (rest.starts_with("> ") || rest == ">" || rest.starts_with(">\n")) {
    const auto nl = rest.find('\n');
    if (nl == std::string_view::npos) return std::string(body);  // all quote: keep it
    rest.remove_prefix(nl + 1);
  }
  if (rest.starts_with('\n')) rest.remove_prefix(1);
  return rest.empty() ? std::string(body) : std::string(rest);
}

std::optional<core::Inbound> to_inbound(const RoomEvent& event, const std::string& room_id,
                                        const TranslateContext& context) {
  if (event.event_id.empty() || event.state_key) return std::nullopt;
  if (event.type == "m.room.message") return from_message(event, room_id, context);
  if (event.type == "m.reaction") {
    const RelatesTo& r = event.content.relates_to;
    if (r.rel_type != "m.annotation" || r.event_id.empty() || !is_pushpin(r.key))
      return std::nullopt;
    core::Inbound in = base(event, room_id, context);
    in.kind = core::InboundKind::reaction_added;
    in.message_id = r.event_id;
    in.reaction = std::string(kPushpin);
    return in;
  }
  if (event.type == "m.room.redaction") {
    if (event.redacts.empty()) return std::nullopt;
    core::Inbound in = base(event, room_id, context);
    if (auto target =
            context.reaction_target ? context.reaction_target(event.redacts) : std::nullopt) {
      in.kind = core::InboundKind::reaction_removed;
      in.message_id = *target;
      in.reaction = std::string(kPushpin);
    } else {
      in.kind = core::InboundKind::deletion;
      in.message_id = event.redacts;
    }
    return in;
  }
  return std::nullopt;
}

}  // namespace scribe::matrix
