#include "adapters/console/transcript.hpp"

#include <cstdint>
#include <cstdio>

#include "bot/core/time.hpp"

namespace scribe::console {
namespace {

bool is_space(char c) {
  return c == ' ' || c == '\t';
}

std::string_view trim(std::string_view s) {
  while (!s.empty() && (is_space(s.front()) || s.front() == '\r')) s.remove_prefix(1);
  while (!s.empty() && (is_space(s.back()) || s.back() == '\r')) s.remove_suffix(1);
  return s;
}

std::string_view next_word(std::string_view& rest) {
  rest = trim(rest);
  std::size_t end = 0;
  while (end < rest.size() && !is_space(rest[end])) ++end;
  std::string_view word = rest.substr(0, end);
  rest.remove_prefix(end);
  return word;
}

bool valid_name(std::string_view s) {
  if (s.empty()) return false;
  for (unsigned char c : s)
    if (c <= ' ' || c == ':' || c == '#') return false;
  return true;
}

TranscriptLineParse error(std::string message) {
  TranscriptLineParse p;
  p.error = std::move(message);
  return p;
}

std::uint64_t fnv1a(std::string_view s) {
  std::uint64_t h = 1469598103934665603ull;
  for (unsigned char c : s) {
    h ^= c;
    h *= 1099511628211ull;
  }
  return h;
}

// The rest of a `# clock ` line. Only a timestamp makes it a clock line;
// "# clock skew caused it" stays a comment. Something that starts like a date
// but is not one is an error rather than a silently ignored clock.
TranscriptLineParse parse_clock_line(std::string_view rest) {
  const std::string_view whole = trim(rest);
  const std::string_view stamp = next_word(rest);
  if (stamp.empty() || stamp.front() < '0' || stamp.front() > '9') return {};
  auto at = core::parse_iso8601(stamp);
  if (!at || !trim(rest).empty())
    return error(
        "`# clock` takes one ISO-8601 timestamp with a zone, like 2026-03-21T12:00:00Z, "
        "got `" +
        std::string(whole) + "`");
  TranscriptLineParse p;
  p.clock = *at;
  return p;
}

}  // namespace

TranscriptLineParse parse_transcript_line(std::string_view line) {
  std::string_view rest = trim(line);
  if (rest.starts_with("# clock ")) return parse_clock_line(rest.substr(8));
  if (rest.empty() || rest == "#" || rest.starts_with("# ")) return {};

  const std::string_view stamp = next_word(rest);
  auto at = core::parse_iso8601(stamp);
  if (!at)
    return error("expected an ISO-8601 timestamp with a zone, like 2026-03-12T14:46:10Z, got `" +
                 std::string(stamp) + "`");

  TranscriptMessage m;
  m.at = *at;
  m.channel = std::string(kDefaultChannel);
  rest = trim(rest);
  if (rest.starts_with('#')) {
    std::string_view channel = next_word(rest);
    if (!valid_name(channel.substr(1)))
      return error("channel name `" + std::string(channel) + "` is empty or malformed");
    m.channel = std::string(channel);
    rest = trim(rest);
  }
  const std::size_t colon = rest.find(": ");
  if (colon == std::string_view::npos) {
    if (rest.ends_with(':')) return error("the message text is empty");
    return error("expected `author: text` after the timestamp");
  }
  const std::string_view author = trim(rest.substr(0, colon));
  if (!valid_name(author)) return error("author `" + std::string(author) + "` must be one word");
  m.author = std::string(author);
  m.text = std::string(trim(rest.substr(colon + 2)));
  if (m.text.empty()) return error("the message text is empty");
  TranscriptLineParse p;
  p.message = std::move(m);
  return p;
}

std::string replay_event_id(const TranscriptMessage& m, int occurrence) {
  char hash[17];
  std::snprintf(
      hash, sizeof hash, "%016llx",
      static_cast<unsigned long long>(fnv1a(m.channel + "\n" + m.author + "\n" + m.text)));
  return "replay:" + std::to_string(core::to_epoch_ms(m.at)) + ":" + hash + ":" +
         std::to_string(occurrence);
}

core::Inbound to_inbound(const TranscriptMessage& m, const std::string& event_id) {
  return core::Inbound{.kind = core::InboundKind::message,
                       .platform = "console",
                       .event_id = event_id,
                       .channel = m.channel,
                       .author = m.author,
                       .author_name = m.author,
                       .message_id = event_id,
                       .at = m.at,
                       .text = m.text,
                       .slash_command = false,
                       .reaction = {},
                       .timezone = {},
                       .from_bot = false};
}

}  // namespace scribe::console
