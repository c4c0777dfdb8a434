// Matrix room events -> core::Inbound. Pure: no I/O, no JSON.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <string_view>

#include "adapters/matrix/decoder.hpp"
#include "bot/core/types.hpp"

namespace scribe::matrix {

inline constexpr std::string_view kPlatform = "matrix";
inline constexpr std::string_view kPushpin = "pushpin";

// U+1F4CC, alone or followed by the emoji variation selector U+FE0F.
bool is_pushpin(std::string_view key);

// A reply's body may start with the quoted fallback of the message it answers
// ("> <@alice:x> original\n\nreply"); the reply itself is what follows.
std::string strip_reply_fallback(std::string_view body, bool is_reply);

struct TranslateContext {
  std::string self_user_id;  // whoami user_id: our own events are marked from_bot
  // The message a pushpin reaction event was placed on, when it is known.
  std::function<std::optional<std::string>(const std::string& reaction_event_id)> reaction_target;
  // A display name for a user id, when one is known.
  std::function<std::string(const std::string& user_id)> display_name;
  // When the batch arrived: the time of an event whose origin_server_ts is
  // missing or unusable (the spec requires it; a broken server may not send
  // it), so that the event lands near now instead of at 1970.
  core::Instant received_at{};
};

// The Inbound a timeline event becomes, or nothing for events Scribe does not
// use (state, non-pushpin reactions, unknown types, events without an id).
std::optional<core::Inbound> to_inbound(const RoomEvent& event, const std::string& room_id,
                                        const TranslateContext& context);

}  // namespace scribe::matrix
