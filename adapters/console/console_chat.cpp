#include "adapters/console/console_chat.hpp"

#include <algorithm>
#include <cctype>
#include <istream>
#include <map>
#include <optional>
#include <ostream>
#include <random>
#include <sstream>

#include "adapters/console/transcript.hpp"
#include "bot/core/command.hpp"
#include "bot/core/overloaded.hpp"
#include "bot/core/time.hpp"

namespace scribe::console {
namespace {

using core::overloaded;

std::string trimmed(const std::string& s) {
  const auto b = s.find_first_not_of(" \t\r");
  if (b == std::string::npos) return "";
  return s.substr(b, s.find_last_not_of(" \t\r") - b + 1);
}

std::string random_suffix() {
  static std::mt19937_64 rng{std::random_device{}()};
  std::ostringstream s;
  s << std::hex << rng();
  return s.str();
}

}  // namespace

std::string describe(const core::Outbound& effect) {
  return std::visit(
      overloaded{
          [](const core::PostMessage& m) {
            return "[" + m.channel + "] scribe" +
                   (m.ephemeral_to.empty() ? "" : " (to " + m.ephemeral_to + ")") + ": " + m.text;
          },
          [](const core::PostFile& f) {
            return "[" + f.channel + "] scribe posted " + f.filename +
                   (f.comment.empty() ? "" : ": " + f.comment);
          },
          [](const core::DirectMessage& d) { return "[DM " + d.user + "] scribe: " + d.text; },
          [](const core::OpenChannel& o) { return "[#" + o.name + "] scribe: " + o.announcement; },
          [](const core::DraftReady&) { return std::string(); },
      },
      effect);
}

ReplayStats replay_transcript(std::istream& in, std::ostream& errors, const InboundHandler& handle,
                              const ClockHandler& advance) {
  ReplayStats stats;
  std::map<std::string, int> seen;  // identical lines at one instant get distinct ids
  std::optional<core::Instant> previous;
  int previous_number = 0;
  // Whether the clock jumps from the line before: said once, with both lines.
  const auto jumped = [&](core::Instant at, int number) {
    const bool jump = previous && at - *previous > kClockJump;
    if (jump)
      errors << "line " << number << ": the clock jumps "
             << std::chrono::floor<std::chrono::days>(at - *previous).count()
             << " days past line " << previous_number << " (" << core::format_iso8601(*previous)
             << " to " << core::format_iso8601(at)
             << "); check the date. Scheduled work catches up once, as after downtime.\n";
    if (!previous || at > *previous) {
      previous = at;
      previous_number = number;
    }
    return jump;
  };
  std::string line;
  for (int number = 1; std::getline(in, line); ++number) {
    // Editors on some systems start a UTF-8 file with a byte-order mark.
    if (number == 1 && line.starts_with("\xEF\xBB\xBF")) line.erase(0, 3);
    TranscriptLineParse parsed = parse_transcript_line(line);
    if (parsed.clock) {
      const bool jump = jumped(*parsed.clock, number);
      if (advance) advance(*parsed.clock, jump);
      continue;
    }
    if (parsed.skipped()) continue;
    if (!parsed.message) {
      errors << "line " << number << ": " << parsed.error << " (skipped)\n";
      ++stats.bad_lines;
      continue;
    }
    const std::string base = replay_event_id(*parsed.message, 0);
    const int occurrence = seen[base]++;
    const bool jump = jumped(parsed.message->at, number);
    if (advance) advance(parsed.message->at, jump);
    handle(to_inbound(*parsed.message, replay_event_id(*parsed.message, occurrence)));
    ++stats.messages;
  }
  return stats;
}

void run_console(LineReader& lines, std::ostream& out, ConsoleOptions options, const Clock& clock,
                 const InboundHandler& handle) {
  out << "Scribe console: you are " << options.author << " in " << options.channel
      << ". Type /incident help for commands; /as NAME, /join #channel, /quit.\n";
  while (true) {
    out << std::flush;
    const auto line = lines.read(options.author + "@" + options.channel + "> ");
    if (!line) break;
    const std::string text = trimmed(*line);
    if (text.empty()) continue;
    if (text == "/quit" || text == "/exit") break;
    const std::string word = text.substr(0, text.find(' '));
    const std::string argument = trimmed(text.substr(word.size()));
    if (word == "/as") {
      if (argument.empty() || argument.find(' ') != std::string::npos) {
        out << "Usage: /as NAME (you are " << options.author << ")\n";
        continue;
      }
      options.author = argument;
      out << "You are now " << options.author << ".\n";
      continue;
    }
    if (word == "/join") {
      if (argument.empty() || argument.find(' ') != std::string::npos) {
        out << "Usage: /join #channel (you are in " << options.channel << ")\n";
        continue;
      }
      std::string channel = argument;
      if (!channel.starts_with('#')) channel.insert(0, "#");
      options.channel = channel;
      out << "Now in " << options.channel << ".\n";
      continue;
    }
    // "/whoami" is not chat: recording it would put a typo in the transcript.
    const bool command_shaped =
        word.size() > 1 && word.front() == '/' &&
        std::all_of(word.begin() + 1, word.end(), [](char c) { return std::isalpha(static_cast<unsigned char>(c)); });
    if (command_shaped && !core::command_arguments(text)) {
      out << "No console command " << word
          << ". Console commands: /as NAME, /join #channel, /quit; Scribe's: /incident help. "
             "(To say it as a message, put a word before the /.)\n";
      continue;
    }
    TranscriptMessage message{clock(), options.channel, options.author, text};
    const std::string id =
        "console:" + std::to_string(core::to_epoch_ms(message.at)) + ":" + random_suffix();
    handle(to_inbound(message, id));
  }
}

}  // namespace scribe::console
