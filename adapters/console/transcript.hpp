// The replay transcript format (README "The program"): one chat message per line,
//   2026-03-12T14:46:10Z dana: /incident start API returning 503s sev:P1
//   2026-03-12T14:52:05-05:00 #checkout sam: connections never return to the pool
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "bot/core/types.hpp"

namespace scribe::console {

inline constexpr std::string_view kDefaultChannel = "#general";

struct TranscriptMessage {
  core::Instant at{};
  std::string channel;  // with its '#'
  std::string author;
  std::string text;
};

struct TranscriptLineParse {
  std::optional<TranscriptMessage> message;
  // `# clock 2026-03-21T12:00:00Z`: time passes to that instant and nobody
  // speaks, so scheduled work (reminders, nudges) can fire between messages.
  // A comment to anything that reads the format without knowing this form.
  std::optional<core::Instant> clock;
  std::string error;  // set when the line is malformed
  // Neither message, clock nor error: a blank line or a `# ` comment.
  bool skipped() const { return !message && !clock && error.empty(); }
};

TranscriptLineParse parse_transcript_line(std::string_view line);

// The Inbound a console or replay message becomes. The event id is derived
// from the message itself, so replaying a transcript twice applies it once.
core::Inbound to_inbound(const TranscriptMessage& message, const std::string& event_id);
std::string replay_event_id(const TranscriptMessage& message, int occurrence);

}  // namespace scribe::console
