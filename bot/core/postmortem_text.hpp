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
// "00:27", "26:05": hours and minutes, like the classic template's Duration;
// a day or more reads "1 d 02:15".
std::string hours_minutes(std::int64_t minutes);

// Shows instants in the draft's zone. Times on the draft's own date (the date the
// incident was declared) show as a clock; anything on another day shows its date.
// When the times shown span a DST change, each time whose zone abbreviation
// differs from the declaration's carries it ("01:30 EST").
class DraftClock {
 public:
  // `shown`: every instant the draft will show, to find a DST change among them.
  DraftClock(std::string zone, Instant declared_at, const std::vector<Instant>& shown = {});

  const std::string& zone() const { return zone_; }
  std::string date() const;                   // "2026-03-12"
  std::string when(Instant t) const;          // "14:31", "2026-03-13 00:05", "01:30 EST"
  // "14:49:02"; with its date when `dated` or on another day than the draft's.
  std::string when_seconds(Instant t, bool dated = false) const;
  // "14:31–15:11"; with seconds ("14:31:50–14:33:10") where the clock
  // minutes would read differently from the rounded figure beside them.
  std::string range(const Span& span) const;
  // How the header names the zone: "UTC", "America/New_York (EDT)", or across
  // a DST change "America/New_York: EDT until 2026-11-01 02:00, then EST (times after it are marked EST)".
  std::string zone_note() const;
  // Whether every one of `times` falls on the draft's date.
  bool all_on_draft_date(const std::vector<Instant>& times) const;

 private:
  bool on_draft_date(Instant t) const;
  std::string mark(Instant t) const;  // " EST" after a DST change, else ""

  std::string zone_;
  std::chrono::year_month_day date_;
  const date::time_zone* time_zone_;
  std::string declared_abbreviation_;
  std::string zone_note_;
  bool spans_change_ = false;
};

}  // namespace scribe::core::draft_text
