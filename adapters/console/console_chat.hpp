// The terminal as a chat platform: an interactive session (`scribe console`)
// and transcript replay (`scribe replay`). Both hand Inbound events to a handler
// and know nothing of the engine.
#pragma once

#include <functional>
#include <iosfwd>
#include <string>

#include "adapters/console/line_reader.hpp"
#include "bot/core/types.hpp"

namespace scribe::console {

using InboundHandler = std::function<void(const core::Inbound&)>;
using Clock = std::function<core::Instant()>;

// One effect as the terminal shows it, e.g. "[#general] scribe: Noted …"; empty
// for effects the terminal has nothing to show for.
std::string describe(const core::Outbound& effect);

struct ReplayStats {
  int messages = 0;   // lines handed to the handler
  int bad_lines = 0;  // malformed lines, reported and skipped
};

// The bot's clock moved to this instant.
// `jumped`: the clock moved more than kClockJump past the line before, which
// replay treats like a bot that was down: work catches up once.
using ClockHandler = std::function<void(core::Instant, bool jumped)>;
// A transcript clock that moves further than this between two lines is
// reported with the line's number: usually a mistyped year or month.
inline constexpr core::Millis kClockJump = std::chrono::days{30};

// Feeds every message of a transcript to `handle`, in file order. Malformed
// lines are reported on `errors` with their line number and skipped. The
// transcript's time is the bot's clock: `advance` (when given) hears each
// message's time just before the message, and each `# clock` line's time.
ReplayStats replay_transcript(std::istream& in, std::ostream& errors, const InboundHandler& handle,
                              const ClockHandler& advance = {});

struct ConsoleOptions {
  std::string author;  // --as NAME
  std::string channel = "#general";
};

// Reads chat lines until end of input or `/quit`. Besides chat, it knows
// `/as NAME`, `/join #channel` and `/quit`.
void run_console(LineReader& lines, std::ostream& out, ConsoleOptions options, const Clock& clock,
                 const InboundHandler& handle);

}  // namespace scribe::console
