// Times people type and times people read, in IANA zones, on Howard Hinnant's
// date/tz over the system tz database. The zone-free parsers (ISO-8601,
// durations, rounding) are in time_text.cpp.
#include "bot/core/time.hpp"

#include <date/date.h>
#include <date/tz.h>

#include <array>
#include <cstdio>
#include <exception>

namespace scribe::core {
namespace {

namespace chr = std::chrono;

constexpr std::string_view kUtc = "Etc/UTC";

// Callers validate zones from config and platforms with is_valid_zone; a bad
// one that slips through shows UTC rather than stopping the bot.
const date::time_zone* zone_or_utc(std::string_view zone) {
  try {
    return date::locate_zone(zone);
  } catch (const std::exception&) {
    return date::locate_zone(kUtc);
  }
}

// The instant a local wall-clock time names. In a fold (the repeated hour after
// a fall-back) the earlier of the two instants. In a gap (the hour skipped by a
// spring-forward) there is none; the gap's end is used: the first instant at
// which the wall clock has passed the typed time, so the entry is not placed
// before a moment the clock never showed.
Instant resolve_local(date::local_seconds local, const date::time_zone* tz) {
  const date::local_info info = tz->get_info(local);
  if (info.result == date::local_info::nonexistent) return Instant{info.first.end};
  return Instant{date::sys_seconds{local.time_since_epoch() - info.first.offset}};
}

date::local_days to_local_days(chr::year_month_day day) {
  return date::local_days{date::days{chr::sys_days{day}.time_since_epoch().count()}};
}

chr::year_month_day to_year_month_day(date::local_days day) {
  return chr::year_month_day{chr::sys_days{chr::days{day.time_since_epoch().count()}}};
}

bool is_digit(char c) {
  return c >= '0' && c <= '9';
}

std::string lowercase(std::string_view text) {
  std::string out(text);
  for (char& c : out)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  return out;
}

std::string_view trim(std::string_view text) {
  const auto first = text.find_first_not_of(" \t\r\n");
  if (first == std::string_view::npos) return {};
  const auto last = text.find_last_not_of(" \t\r\n");
  return text.substr(first, last - first + 1);
}

// A run of 1..max_length digits that is the whole of `text`.
std::optional<int> read_number(std::string_view text, std::size_t min_length,
                               std::size_t max_length) {
  if (text.size() < min_length || text.size() > max_length) return std::nullopt;
  int value = 0;
  for (const char c : text) {
    if (!is_digit(c)) return std::nullopt;
    value = value * 10 + (c - '0');
  }
  return value;
}

// "2026-03-12" (also "2026-3-12"). The date may still be impossible: check ok().
std::optional<chr::year_month_day> read_calendar_date(std::string_view text) {
  const auto first_dash = text.find('-');
  const auto second_dash = text.find('-', first_dash + 1);
  if (first_dash != 4 || second_dash == std::string_view::npos) return std::nullopt;
  const auto year = read_number(text.substr(0, 4), 4, 4);
  const auto month = read_number(text.substr(5, second_dash - 5), 1, 2);
  const auto day = read_number(text.substr(second_dash + 1), 1, 2);
  if (!year || !month || !day) return std::nullopt;
  return chr::year_month_day{chr::year{*year}, chr::month(static_cast<unsigned>(*month)),
                             chr::day(static_cast<unsigned>(*day))};
}

std::string format_year_month_day(chr::year_month_day day, bool with_dashes) {
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, with_dashes ? "%04d-%02u-%02u" : "%04d%02u%02u",
                static_cast<int>(day.year()), static_cast<unsigned>(day.month()),
                static_cast<unsigned>(day.day()));
  return buffer;
}

// The local date and the minutes past local midnight of an instant.
struct LocalClock {
  chr::year_month_day date;
  int minutes_of_day = 0;
};

LocalClock local_clock(Instant t, const date::time_zone* tz) {
  const auto local = tz->to_local(t);
  const auto day = date::floor<date::days>(local);
  const auto minutes = date::floor<chr::minutes>(local - day);
  return {to_year_month_day(day), static_cast<int>(minutes.count())};
}

std::string format_minutes_of_day(int minutes_of_day) {
  char buffer[16];
  std::snprintf(buffer, sizeof buffer, "%02d:%02d", minutes_of_day / 60, minutes_of_day % 60);
  return buffer;
}

enum class Found { nothing, wrong, time };

struct ClockRead {
  Found found = Found::nothing;
  chr::seconds time_of_day{};
  std::size_t tokens_used = 0;
  std::string error;
};

// "am"/"pm" (trailing comma allowed) or empty.
std::string_view meridiem_of(std::string_view word) {
  if (!word.empty() && word.back() == ',') word.remove_suffix(1);
  const std::string lower = lowercase(word);
  if (lower == "am") return "am";
  if (lower == "pm") return "pm";
  return {};
}

// H:MM or HH:MM[:SS], 24-hour, or with am/pm attached or as the following
// word. "1:1", "123:45" and "v2:10" are not clock shapes and read as nothing;
// a clock shape with an impossible value ("25:00") is wrong.
ClockRead read_clock(std::string_view token, std::string_view next_token) {
  std::string_view text = token;
  if (!text.empty() && text.back() == ',') text.remove_suffix(1);  // "14:31, first 503s"
  std::string_view meridiem;
  if (text.size() > 2) meridiem = meridiem_of(text.substr(text.size() - 2));
  if (!meridiem.empty()) text.remove_suffix(2);

  const auto first_colon = text.find(':');
  if (first_colon == std::string_view::npos) return {};
  const auto second_colon = text.find(':', first_colon + 1);
  const auto hour = read_number(text.substr(0, first_colon), 1, 2);
  const auto minute =
      read_number(text.substr(first_colon + 1, second_colon == std::string_view::npos
                                                   ? std::string_view::npos
                                                   : second_colon - first_colon - 1),
                  2, 2);
  std::optional<int> second = 0;
  if (second_colon != std::string_view::npos)
    second = read_number(text.substr(second_colon + 1), 2, 2);
  if (!hour || !minute || !second) return {};

  ClockRead read;
  read.tokens_used = 1;
  if (meridiem.empty()) {
    meridiem = meridiem_of(next_token);
    if (!meridiem.empty()) read.tokens_used = 2;
  }
  int hour_of_day = *hour;
  if (!meridiem.empty()) {
    if (hour_of_day < 1 || hour_of_day > 12) {
      read.found = Found::wrong;
      read.error = "\"" + std::string(token) +
                   "\" is not a time of day: with am/pm the hour runs from 1 to 12.";
      return read;
    }
    hour_of_day = hour_of_day % 12 + (meridiem == "pm" ? 12 : 0);
  }
  if (hour_of_day > 23 || *minute > 59 || *second > 59) {
    read.found = Found::wrong;
    read.error = "\"" + std::string(token) +
                 "\" is not a time of day: use 24-hour HH:MM or HH:MM:SS, like 14:31.";
    return read;
  }
  read.found = Found::time;
  read.time_of_day = chr::hours{hour_of_day} + chr::minutes{*minute} + chr::seconds{*second};
  return read;
}

// "0m", "00h0m": shaped like a duration but naming no time at all.
bool is_zero_duration(std::string_view text) {
  if (text.empty() || text.front() != '0' || is_digit(text.back())) return false;
  for (const char c : text)
    if (c != '0' && (c < 'a' || c > 'z')) return false;
  return true;
}

// "-15m", "-1h30m": that long before `now`. Returns nothing for tokens that
// merely start with a sign ("-5%", "+2k"), so notes about numbers stay notes.
std::optional<TimeLookup> read_relative(std::string_view token, Instant now) {
  if (!token.empty() && token.back() == ',') token.remove_suffix(1);  // "-15m, paged"
  if (token.size() < 3 || (token[0] != '-' && token[0] != '+') || !is_digit(token[1]))
    return std::nullopt;
  const std::string_view body = token.substr(1);
  if (const auto ago = parse_duration(body)) {
    if (token[0] == '+')
      return TimeLookup{std::nullopt, "\"" + std::string(token) + "\" is in the future; write -" +
                                          std::string(body) + " for that long ago."};
    return TimeLookup{TypedTime{now - *ago, 1}, {}};
  }
  if (is_zero_duration(body))
    return TimeLookup{std::nullopt, "\"" + std::string(token) +
                                        "\" names no time ago; write how long ago, like -15m."};
  return std::nullopt;
}

TimeLookup refuse_future(Instant at, Instant now, std::string_view typed, std::size_t used) {
  if (at > now)
    return {std::nullopt,
            std::string(typed) + " is in the future; give a time that has already happened."};
  return {TypedTime{at, used}, {}};
}

// "2026-03-12 14:31[:SS]", or "2026-03-12T14:31" in one token; an ISO-8601
// timestamp with its own offset is taken as it stands.
std::optional<TimeLookup> read_date_time(const std::vector<std::string_view>& tokens, Instant now,
                                         const date::time_zone* tz) {
  const std::string_view first = tokens[0];
  if (const auto exact = parse_iso8601(first)) return refuse_future(*exact, now, first, 1);

  const auto t_position = first.find_first_of("Tt");
  const std::string_view date_text = first.substr(0, t_position);
  const auto date = read_calendar_date(date_text);
  if (!date) return std::nullopt;
  if (!date->ok())
    return TimeLookup{std::nullopt,
                      "\"" + std::string(date_text) + "\" is not a date on the calendar."};

  const bool one_token = t_position != std::string_view::npos;
  const std::string_view clock_text =
      one_token ? first.substr(t_position + 1) : (tokens.size() > 1 ? tokens[1] : "");
  const std::string_view after_clock =
      tokens.size() > (one_token ? 1u : 2u) ? tokens[one_token ? 1 : 2] : "";
  const ClockRead clock = read_clock(clock_text, after_clock);
  if (clock.found == Found::wrong) return TimeLookup{std::nullopt, clock.error};
  if (clock.found == Found::nothing)
    return TimeLookup{std::nullopt, "Give the time of day after the date, like " +
                                        format_date(*date) + " 14:31."};

  const Instant at = resolve_local(to_local_days(*date) + clock.time_of_day, tz);
  const std::size_t used = (one_token ? 1 : 2) + clock.tokens_used - 1;
  std::string typed(first);
  for (std::size_t i = 1; i < used; ++i) typed += " " + std::string(tokens[i]);
  return refuse_future(at, now, typed, used);
}

struct WeekdayName {
  std::string_view name;
  unsigned weekday;  // 0 = Sunday, as std::chrono::weekday counts
};

constexpr std::array<WeekdayName, 18> kWeekdayNames{{
    {"sunday", 0},
    {"sun", 0},
    {"monday", 1},
    {"mon", 1},
    {"tuesday", 2},
    {"tue", 2},
    {"tues", 2},
    {"wednesday", 3},
    {"wed", 3},
    {"weds", 3},
    {"thursday", 4},
    {"thu", 4},
    {"thur", 4},
    {"thurs", 4},
    {"friday", 5},
    {"fri", 5},
    {"saturday", 6},
    {"sat", 6},
}};

constexpr std::string_view kDueDateForms =
    "Give the due date as 2026-03-13, today, tomorrow, +3d, +2w or a weekday such as monday.";

}  // namespace

bool is_valid_zone(std::string_view zone) {
  if (zone.empty()) return false;
  try {
    return date::locate_zone(zone) != nullptr;
  } catch (const std::exception&) {
    return false;
  }
}

TimeLookup find_leading_time(const std::vector<std::string_view>& tokens, Instant now,
                             std::string_view zone) {
  if (tokens.empty()) return {};
  if (auto relative = read_relative(tokens[0], now)) return std::move(*relative);
  const date::time_zone* tz = zone_or_utc(zone);
  if (auto full = read_date_time(tokens, now, tz)) return std::move(*full);

  const ClockRead clock = read_clock(tokens[0], tokens.size() > 1 ? tokens[1] : "");
  if (clock.found == Found::nothing) return {};
  if (clock.found == Found::wrong) return {std::nullopt, clock.error};

  // The most recent occurrence: today's, unless that is still to come.
  const auto today = date::floor<date::days>(tz->to_local(now));
  Instant at = resolve_local(today + clock.time_of_day, tz);
  if (at > now) at = resolve_local(today - date::days{1} + clock.time_of_day, tz);
  return {TypedTime{at, clock.tokens_used}, {}};
}

DueDateLookup parse_due_date(std::string_view text, Instant now, std::string_view zone) {
  const std::string word = lowercase(trim(text));
  const chr::sys_days today{local_date(now, zone)};
  if (word == "today") return {chr::year_month_day{today}, {}};
  if (word == "tomorrow") return {chr::year_month_day{today + chr::days{1}}, {}};

  if (word.size() >= 3 && word.front() == '+' && (word.back() == 'd' || word.back() == 'w')) {
    // Four digits reach decades ahead, far enough for any action item.
    const auto count = read_number(std::string_view(word).substr(1, word.size() - 2), 1, 4);
    if (!count) return {std::nullopt, std::string(kDueDateForms)};
    const chr::days step{word.back() == 'w' ? 7 : 1};
    return {chr::year_month_day{today + *count * step}, {}};
  }

  for (const auto& [name, weekday] : kWeekdayNames) {
    if (word != name) continue;
    // Strictly after today: "friday" said on a Friday means a week out.
    const auto ahead = (chr::weekday{weekday} - chr::weekday{today}).count();
    return {chr::year_month_day{today + chr::days{ahead == 0 ? 7 : ahead}}, {}};
  }

  if (const auto date = read_calendar_date(word)) {
    if (!date->ok()) return {std::nullopt, "\"" + word + "\" is not a date on the calendar."};
    return {*date, {}};
  }
  return {std::nullopt, std::string(kDueDateForms)};
}

chr::year_month_day local_date(Instant t, std::string_view zone) {
  return local_clock(t, zone_or_utc(zone)).date;
}

Instant end_of_day(chr::year_month_day day, std::string_view zone) {
  // Midnight itself can fall in a gap (zones that change at 00:00); resolving
  // to the gap's end still gives the first instant of the next day.
  return resolve_local(date::local_seconds{to_local_days(day) + date::days{1}}, zone_or_utc(zone));
}

Instant local_instant(chr::year_month_day day, chr::minutes time_of_day, std::string_view zone) {
  return resolve_local(date::local_seconds{to_local_days(day) + time_of_day}, zone_or_utc(zone));
}

std::optional<chr::weekday> parse_weekday(std::string_view text) {
  const std::string word = lowercase(trim(text));
  for (const auto& [name, weekday] : kWeekdayNames)
    if (word == name) return chr::weekday{weekday};
  return std::nullopt;
}

std::string format_clock(Instant t, std::string_view zone) {
  return format_minutes_of_day(local_clock(t, zone_or_utc(zone)).minutes_of_day);
}

std::string format_date_time(Instant t, std::string_view zone) {
  const date::time_zone* tz = zone_or_utc(zone);
  const LocalClock clock = local_clock(t, tz);
  return format_year_month_day(clock.date, true) + " " +
         format_minutes_of_day(clock.minutes_of_day) + " " + tz->get_info(t).abbrev;
}

std::string zone_abbreviation(Instant t, std::string_view zone) {
  return zone_or_utc(zone)->get_info(t).abbrev;
}

std::string format_date(chr::year_month_day day) {
  return format_year_month_day(day, true);
}

std::string compact_date(Instant t, std::string_view zone) {
  return format_year_month_day(local_date(t, zone), false);
}

}  // namespace scribe::core
