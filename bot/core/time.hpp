// Reading times people type and showing times people read, in IANA zones.
// Everything is stored as UTC epoch milliseconds (Instant); a zone is only
// used at these edges.
#pragma once

#include <chrono>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "bot/core/types.hpp"

namespace scribe::core {

// True when `zone` names a zone in the system tz database ("UTC", "Asia/Kolkata").
bool is_valid_zone(std::string_view zone);

// The zone a person's times are read in and their due dates end in: what the
// platform says of them (Slack profile tz) when valid, else their `[people]`
// entry, else `fallback` (the configured zone). The one rule for every caller.
std::string person_zone(const std::map<std::string, std::string>& people,
                        const std::string& fallback, const std::string& user,
                        std::string_view platform_zone = {});

// A time found at the start of a command's arguments.
struct TypedTime {
  Instant at;
  // The words the time took: 1 for "14:31" or "-15m", 2 for "2026-03-12 14:31"
  // or "11:50 UTC", one more for each of am/pm and a zone given as a word.
  std::size_t tokens_used = 0;
  std::string typed;       // those words, as typed: "01:30", "11:50 UTC"
  std::string typed_zone;  // the zone the time carried ("UTC", "+02:00",
                           // "America/New_York"); empty: read in the speaker's
  bool relative = false;   // "-15m"
};

// The outcome of looking for a time at the start of `tokens`.
//  - no time there ("Deploy finished"): value empty, error empty
//  - a valid time: value set
//  - something that is meant as a time but is wrong ("25:70", a full date in
//    the future, "-0m"): value empty, error says why, in one sentence
struct TimeLookup {
  std::optional<TypedTime> value;
  std::string error;
};

// Forms: HH:MM, HH:MM:SS, YYYY-MM-DD HH:MM[:SS], -<n>m, -<n>h, -<n>s (also
// -1h30m), am/pm ("2:30pm", "2:30 pm"), "YYYY-MM-DDTHH:MM" as one token, and
// ISO-8601 stamps with their own offset. A time may carry its zone, attached
// or as the next word: Z, UTC, GMT, +HH:MM / -HHMM, or an IANA name
// ("11:50 UTC", "13:52+02:00", "09:30 America/New_York"); otherwise it is
// read in `zone`.
// HH:MM[:SS] means its most recent occurrence at `now` (the later instant in
// a DST fold; yesterday's when today's has not come yet, "now" itself counts
// as come), except that one less than 2 hours ahead is refused as being in
// the future. A full date-time later than `now` is refused, never guessed; so
// is a local time in a DST gap (it never appeared on the clock), and -<n>
// beyond 7 days.
TimeLookup find_leading_time(const std::vector<std::string_view>& tokens, Instant now,
                             std::string_view zone);

// How a typed time was read, for the reply to a backdated entry:
// "\"01:30\" read as 2026-11-01 01:30 EST, 10 min ago"; with a zone of its own
// the speaker's reading follows ("… 11:50 UTC (2026-07-21 13:50 CEST for you), …").
std::string describe_reading(const TypedTime& time, Instant now, std::string_view speaker_zone);

// A due date: YYYY-MM-DD, today, tomorrow, +3d, +2w, and weekday names
// (monday/mon ... sunday/sun: the next such day strictly after today), case-
// insensitive, relative to `now`'s date in `zone` (the owner's: their today).
// A date already over there is refused. Empty with `error` set otherwise.
struct DueDateLookup {
  std::optional<std::chrono::year_month_day> value;
  std::string error;
  // The text is a date, even when refused (already past, not on the calendar):
  // "due 2020-01-01" is a due date gone wrong, "due date" is just words.
  bool is_date() const { return value.has_value() || date_shaped; }
  bool date_shaped = false;
};
DueDateLookup parse_due_date(std::string_view text, Instant now, std::string_view zone);

// The calendar date of `t` in `zone`.
std::chrono::year_month_day local_date(Instant t, std::string_view zone);
// The first instant of the day after `day` in `zone` (when an item due that day is late).
Instant end_of_day(std::chrono::year_month_day day, std::string_view zone);
// The instant a wall-clock time on `day` names in `zone`, resolved like typed
// times: the earlier instant in a DST fold, the gap's end in a DST gap.
Instant local_instant(std::chrono::year_month_day day, std::chrono::minutes time_of_day,
                      std::string_view zone);

// "monday"/"mon" ... "sunday"/"sun", case-insensitive.
std::optional<std::chrono::weekday> parse_weekday(std::string_view text);

// "14:31" in `zone`.
std::string format_clock(Instant t, std::string_view zone);
// "2026-03-12 14:31 UTC" / "2026-03-12 10:31 EDT": date, clock, zone abbreviation.
std::string format_date_time(Instant t, std::string_view zone);
// The zone's abbreviation at that instant ("UTC", "EST", "IST", "+0530" where none).
std::string zone_abbreviation(Instant t, std::string_view zone);
// "2026-03-13".
std::string format_date(std::chrono::year_month_day day);
// "20260312", for channel names.
std::string compact_date(Instant t, std::string_view zone);

// Parses an ISO-8601 timestamp with zone ("2026-03-12T14:46:10Z",
// "2026-03-12T14:52:05-05:00", fractional seconds allowed).
std::optional<Instant> parse_iso8601(std::string_view text);

// "2026-03-14T07:00:00Z": the instant in UTC, whole seconds, as transcripts write it.
std::string format_iso8601(Instant t);

// "30m", "1h", "24h", "2d", "90s", "1h30m" -> duration; empty when malformed or zero.
std::optional<Millis> parse_duration(std::string_view text);

// Whole minutes, rounded to the nearest (ties to even, so 8m30s is 8).
std::int64_t round_to_minutes(Millis d);

}  // namespace scribe::core
