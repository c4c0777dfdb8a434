// Text pieces of the postmortem draft: Markdown safety for user text and the
// way times and spans read. Internal to the draft renderer.
#pragma once

#include <chrono>
#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "bot/core/postmortem.hpp"

namespace date {
class time_zone;
}

namespace scribe::core::draft_text {

// Makes user text safe to place anywhere in the draft's Markdown: one line, no
// HTML, nothing at its start that would open a heading, quote, list, fence or
// table. Ordinary text comes out unchanged.
std::string escape_markdown(const std::string& text);

// Markdown reads several blank lines as one; templates leave runs of them where
// a section rendered nothing. Outside fenced code, collapses each run to a single
// blank line and drops blank lines at the start and end.
std::string tidy_blank_lines(const std::string& markdown);

// A backtick fence longer than any backtick run in `texts`, so nothing a user
// wrote can close the code block early.
std::string code_fence_for(const std::vector<std::string_view>& texts);

// A user's display name from `names` (user id -> name), else the id itself.
std::string display_name(const std::map<std::string, std::string>& names, const std::string& user);
// "@dana": how the draft names a person who owns something.
std::string at_name(const std::map<std::string, std::string>& names, const std::string& user);

// "1 minute", "40 minutes".
std::string minutes_text(std::int64_t minutes);
// "00:27", "26:05": hours and minutes, like the classic template's Duration.
std::string hours_minutes(std::int64_t minutes);

// Shows instants in the draft's zone. Times on the draft's own date (the date the
// incident was declared) show as a clock; anything on another day shows its date.
class DraftClock {
 public:
  DraftClock(std::string zone, Instant declared_at);

  const std::string& zone() const { return zone_; }
  std::string date() const;                   // "2026-03-12"
  std::string when(Instant t) const;          // "14:31" or "2026-03-13 00:05"
  std::string when_seconds(Instant t) const;  // "14:49:02" or "2026-03-13 00:05:09"
  std::string range(const Span& span) const;  // "14:31–15:11"

 private:
  bool on_draft_date(Instant t) const;

  std::string zone_;
  std::chrono::year_month_day date_;
  const date::time_zone* time_zone_;
};

}  // namespace scribe::core::draft_text
